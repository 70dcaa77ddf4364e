import { Dataset } from '../pipeline/dataset.js';

/** Options of `slidingWindows`. */
export interface SlidingWindowOptions {
  /** Tokens per input window. */
  length: number;
  /** Step between window starts; default 1. Use `length` for non-overlapping windows. */
  stride?: number;
  /**
   * 'sequence' (default): `ys` is the window shifted by one token (a target per step, for
   * `returnSequences` language models); 'next': `ys` is the single token after the window.
   */
  target?: 'sequence' | 'next';
}

/**
 * Windows over a token-id stream for language modelling: element `k` has `xs` = ids
 * `[k*stride, k*stride + length)` and `ys` = the same window shifted one token on (or only the next
 * token). Elements are `Int32Array` views of one buffer, created on demand, so a whole book makes
 * a dataset without copying; batching gives int32 tensors `[b, length]` (the input of an
 * Embedding).
 *
 * @example
 * ```ts
 * import { slidingWindows } from '@sinew/data';
 * const ds = slidingWindows([1, 2, 3, 4, 5], { length: 3 });
 * const all = await ds.toArray();
 * console.log(all.map((e) => [Array.from(e.xs), Array.from(e.ys)]));
 * // [[[1, 2, 3], [2, 3, 4]], [[2, 3, 4], [3, 4, 5]]]
 * console.log((await slidingWindows([1, 2, 3, 4, 5], { length: 2, stride: 2, target: 'next' }).toArray()).map((e) => e.ys)); // [3, 5]
 * ```
 */
export function slidingWindows(
  ids: ArrayLike<number>,
  options: SlidingWindowOptions & { target: 'next' },
): Dataset<{ xs: Int32Array; ys: number }>;
export function slidingWindows(
  ids: ArrayLike<number>,
  options: SlidingWindowOptions & { target?: 'sequence' },
): Dataset<{ xs: Int32Array; ys: Int32Array }>;
export function slidingWindows(
  ids: ArrayLike<number>,
  options: SlidingWindowOptions,
): Dataset<{ xs: Int32Array; ys: Int32Array | number }>;
export function slidingWindows(
  ids: ArrayLike<number>,
  options: SlidingWindowOptions,
): Dataset<{ xs: Int32Array; ys: Int32Array | number }> {
  const { length, stride = 1, target = 'sequence' } = options;
  if (!Number.isInteger(length) || length < 1) throw new Error(`slidingWindows: length must be a positive integer, received length=${length}`);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`slidingWindows: stride must be a positive integer, received stride=${stride}`);
  const buffer = Int32Array.from(ids);
  // Each window needs length + 1 tokens (its inputs and the one-token-later targets).
  const count = buffer.length < length + 1 ? 0 : Math.floor((buffer.length - length - 1) / stride) + 1;
  return Dataset.fromIndexed(count, (k) => {
    const s = k * stride;
    const xs = buffer.subarray(s, s + length);
    return { xs, ys: target === 'next' ? buffer[s + length]! : buffer.subarray(s + 1, s + length + 1) };
  });
}
