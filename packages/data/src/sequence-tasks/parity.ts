import { checkPositive, taskRandom, type TaskOptions } from './common.js';

/**
 * Parity of a bit stream (XOR of all bits so far): with `mode: 'running'` (default) the target at
 * each step is the parity of the bits up to it; with `mode: 'final'` there is one target, the
 * parity of the whole sequence (the hard, long-range version).
 *
 * Shapes: `xs` `[length, 1]`; `ys` `[length, 1]` (running) or `[1]` (final).
 *
 * @example
 * ```ts
 * import { parityTask } from '@sinew/data';
 * const [ex] = parityTask({ count: 1, length: 6, mode: 'final', seed: 3 });
 * const ones = ex.xs.filter((r) => r[0] === 1).length;
 * console.log(ex.ys[0] === ones % 2); // true
 * ```
 */
export function parityTask(
  options: TaskOptions & { length?: number; mode?: 'running' | 'final' },
): Array<{ xs: number[][]; ys: number[][] | number[] }> {
  const { count, length = 16, mode = 'running' } = options;
  checkPositive('parityTask', 'length', length);
  if (mode !== 'running' && mode !== 'final') throw new Error(`parityTask: mode must be 'running' or 'final', received mode='${mode}'`);
  const rng = taskRandom('parityTask', options);
  return Array.from({ length: count }, () => {
    let p = 0;
    const xs: number[][] = [];
    const running: number[][] = [];
    for (let t = 0; t < length; t++) {
      const bit = rng.int(2);
      p ^= bit;
      xs.push([bit]);
      running.push([p]);
    }
    return { xs, ys: mode === 'running' ? running : [p] };
  });
}
