import { checkPositive, taskRandom, type TaskOptions } from './common.js';

/**
 * Copy and reverse tasks for sequence-to-sequence models: random token ids in `[1, vocabSize)`
 * (0 is left for padding), and the target is the same sequence (`reverse: false`) or the sequence
 * reversed (`reverse: true`). With `minLength` < `length`, lengths vary and rows are padded at the
 * end with 0 to `length`.
 *
 * Shapes: `xs` `[length]`, `ys` `[length]` (token ids; batch to int32 by mapping to Int32Array or
 * feed to an Embedding as float).
 *
 * @example
 * ```ts
 * import { copyTask } from '@sinew/data';
 * const [ex] = copyTask({ count: 1, length: 5, vocabSize: 10, reverse: true, seed: 4 });
 * console.log(ex.ys.join() === [...ex.xs].reverse().join()); // true
 * ```
 */
export function copyTask(
  options: TaskOptions & { length?: number; minLength?: number; vocabSize?: number; reverse?: boolean },
): Array<{ xs: number[]; ys: number[] }> {
  const { count, length = 10, vocabSize = 10, reverse = false } = options;
  const minLength = options.minLength ?? length;
  checkPositive('copyTask', 'length', length);
  checkPositive('copyTask', 'minLength', minLength, length);
  if (!Number.isInteger(vocabSize) || vocabSize < 2) throw new Error(`copyTask: vocabSize must be an integer >= 2 (0 is padding), received vocabSize=${vocabSize}`);
  const rng = taskRandom('copyTask', options);
  return Array.from({ length: count }, () => {
    const n = minLength + rng.int(length - minLength + 1);
    const seq = Array.from({ length: n }, () => 1 + rng.int(vocabSize - 1));
    const target = reverse ? [...seq].reverse() : [...seq];
    const pad = new Array<number>(length - n).fill(0);
    return { xs: [...seq, ...pad], ys: [...target, ...pad] };
  });
}
