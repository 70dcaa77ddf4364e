import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Sums a gradient computed at a broadcast shape back down to the shape of the input that was broadcast,
 * and returns it as float32 (the engine rejects gradients of any other dtype).
 *
 * @param grad - gradient at the broadcast (output) shape.
 * @param shape - the input's shape; its rank may be lower than `grad`'s.
 * @example
 * ```ts
 * const g = unbroadcast(tf.ones([2, 3]), [3]); // [2, 2, 2]
 * ```
 */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  let out = grad;
  const axes = tf.backend_util.getReductionAxes(shape as number[], grad.shape);
  if (axes.length > 0) out = tf.sum(out, axes);
  if (!tf.util.arraysEqual(out.shape, shape as number[])) out = tf.reshape(out, shape as number[]);
  return f32(out);
}

/** Returns `t` as float32, casting only when it is not already. */
export function f32(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}

/** A float32 zero gradient of the given tensor's shape (the engine requires float32 even for int inputs). */
export function zerosFor(t: Tensor): Tensor {
  return tf.zeros(t.shape, 'float32');
}

/** The single upstream gradient of a one-output kernel. */
export function single(dy: Tensor | Tensor[]): Tensor {
  if (Array.isArray(dy)) {
    const first = dy[0];
    if (first === undefined) throw new Error('Sinew gradient: expected one upstream gradient, received none');
    return first;
  }
  return dy;
}

/** The upstream gradients of a multi-output kernel (the engine passes a bare tensor when there is one output). */
export function many(dy: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(dy) ? dy : [dy];
}

/** Reads saved tensors by position, failing with the kernel's name when one is missing. */
export function savedAt(saved: Tensor[], count: number, kernelName: string): Tensor[] {
  if (saved.length < count) {
    throw new Error(`Sinew gradient for ${kernelName}: expected ${count} saved tensor(s), found ${saved.length}`);
  }
  return saved;
}

/** Normalises a kernel's axis attribute (number, array, negative) against a shape. */
export function axesOf(axis: number | number[] | null | undefined, shape: number[]): number[] {
  // null or undefined means every axis, as in the ops that dispatch these kernels.
  return tf.util.parseAxisParam((axis ?? null) as number[], shape);
}

/** Expands `shape` to `keepDims` form by setting the reduced axes to 1. */
export function keepDimsShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Inverse of a permutation. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Normalises a scalar-or-tuple attribute (strides, dilations, filter sizes) to a tuple of `n`. */
export function tupleOf(value: number | number[] | undefined, n: number, fallback = 1): number[] {
  if (value === undefined) return new Array<number>(n).fill(fallback);
  if (typeof value === 'number') return new Array<number>(n).fill(value);
  if (value.length !== n) throw new Error(`Sinew gradient: expected ${n} values, received [${value.join(', ')}]`);
  return value;
}
