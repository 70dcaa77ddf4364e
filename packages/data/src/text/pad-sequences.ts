/** Options of `padSequences`, as Keras's `pad_sequences`. */
export interface PadOptions {
  /** Length of every output row; default the longest input. */
  maxLen?: number;
  /** Where to pad short rows: 'pre' (default, as Keras) or 'post'. */
  padding?: 'pre' | 'post';
  /** Where to cut long rows: 'pre' (default, keeps the end) or 'post' (keeps the start). */
  truncating?: 'pre' | 'post';
  /** The padding value; default 0. */
  value?: number;
}

/**
 * Pads and truncates sequences to one length, as Keras's `pad_sequences` (same defaults: pad and
 * truncate at the start). Returns plain rows, ready for `Dataset.fromArray(...).batch(n)` or
 * `tf.tensor2d`.
 *
 * @example
 * ```ts
 * import { padSequences } from '@sinew/data';
 * console.log(padSequences([[1], [2, 3], [4, 5, 6]])); // [[0, 0, 1], [0, 2, 3], [4, 5, 6]]
 * console.log(padSequences([[1], [2, 3], [4, 5, 6]], { maxLen: 2, padding: 'post' })); // [[1, 0], [2, 3], [5, 6]]
 * ```
 */
export function padSequences(sequences: ReadonlyArray<ArrayLike<number>>, options: PadOptions = {}): number[][] {
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  const maxLen = options.maxLen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxLen) || maxLen < 0) throw new Error(`padSequences: maxLen must be a non-negative integer, received maxLen=${maxLen}`);
  for (const [name, v] of [['padding', padding], ['truncating', truncating]] as const) {
    if (v !== 'pre' && v !== 'post') throw new Error(`padSequences: ${name} must be 'pre' or 'post', received ${name}='${v}'`);
  }
  return sequences.map((seq) => {
    let s = Array.from(seq);
    if (s.length > maxLen) s = truncating === 'pre' ? s.slice(s.length - maxLen) : s.slice(0, maxLen);
    const fill = new Array<number>(maxLen - s.length).fill(value);
    return padding === 'pre' ? [...fill, ...s] : [...s, ...fill];
  });
}
