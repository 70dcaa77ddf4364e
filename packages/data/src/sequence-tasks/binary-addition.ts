import { checkPositive, taskRandom, type TaskOptions } from './common.js';

/**
 * Binary addition, bit by bit (the classic first RNN exercise): two random `bits`-bit numbers a
 * and b are fed least significant bit first, one pair per step; the target at each step is that
 * bit of a + b, so the network must learn to carry. There are `bits + 1` steps (the last input is
 * 0, 0 and its target the final carry).
 *
 * Shapes: `xs` `[bits + 1, 2]`, `ys` `[bits + 1, 1]`, values 0 or 1.
 *
 * @example
 * ```ts
 * import { binaryAdditionTask } from '@sinew/data';
 * const [ex] = binaryAdditionTask({ count: 1, bits: 4, seed: 1 });
 * // Reading bit t of a, b and the sum (LSB first):
 * const num = (bits: number[]) => bits.reduce((s, b, t) => s + b * 2 ** t, 0);
 * const a = num(ex.xs.map((r) => r[0])), b = num(ex.xs.map((r) => r[1]));
 * console.log(a + b === num(ex.ys.map((r) => r[0]))); // true
 * ```
 */
export function binaryAdditionTask(options: TaskOptions & { bits?: number }): Array<{ xs: number[][]; ys: number[][] }> {
  const { count, bits = 8 } = options;
  checkPositive('binaryAdditionTask', 'bits', bits, 31);
  const rng = taskRandom('binaryAdditionTask', options);
  return Array.from({ length: count }, () => {
    const a = rng.int(2 ** bits);
    const b = rng.int(2 ** bits);
    const sum = a + b;
    const xs: number[][] = [];
    const ys: number[][] = [];
    for (let t = 0; t <= bits; t++) {
      xs.push([(a >>> t) & 1, (b >>> t) & 1]);
      ys.push([(sum >>> t) & 1]);
    }
    return { xs, ys };
  });
}

