import { checkPositive, taskRandom, type TaskOptions } from './common.js';

/**
 * Comparison of two running totals: two streams of random digits in `[0, maxValue]` are fed side by
 * side; the target at step t is 1 when the sum of the first stream so far exceeds the second's,
 * else 0. The network must keep (the sign of) a running difference in its state.
 *
 * Shapes: `xs` `[length, 2]` (values divided by `maxValue`, so in [0, 1]), `ys` `[length, 1]`.
 *
 * @example
 * ```ts
 * import { runningTotalComparisonTask } from '@sinew/data';
 * const [ex] = runningTotalComparisonTask({ count: 1, length: 5, seed: 2 });
 * console.log(ex.xs.length, ex.ys.length); // 5 5
 * ```
 */
export function runningTotalComparisonTask(
  options: TaskOptions & { length?: number; maxValue?: number },
): Array<{ xs: number[][]; ys: number[][] }> {
  const { count, length = 10, maxValue = 9 } = options;
  checkPositive('runningTotalComparisonTask', 'length', length);
  checkPositive('runningTotalComparisonTask', 'maxValue', maxValue);
  const rng = taskRandom('runningTotalComparisonTask', options);
  return Array.from({ length: count }, () => {
    let sa = 0;
    let sb = 0;
    const xs: number[][] = [];
    const ys: number[][] = [];
    for (let t = 0; t < length; t++) {
      const a = rng.int(maxValue + 1);
      const b = rng.int(maxValue + 1);
      sa += a;
      sb += b;
      xs.push([a / maxValue, b / maxValue]);
      ys.push([sa > sb ? 1 : 0]);
    }
    return { xs, ys };
  });
}
