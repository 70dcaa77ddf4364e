import * as tf from '@tensorflow/tfjs-core';
import { checkBeta, type AdamArgs } from './adam.js';
import { Optimizer, type StepContext } from './optimizer.js';

/** Arguments of {@link Nadam}. */
export type NadamArgs = Omit<AdamArgs, 'amsgrad'>;

/**
 * Nadam: Adam with Nesterov momentum (Dozat 2016), with the momentum schedule
 * `u_t = b1·(1 - 0.5·0.96^t)` as in Keras 3:
 * `m̂ = u_{t+1}·m / (1 - Π_{i≤t+1} u_i) + (1 - u_t)·g / (1 - Π_{i≤t} u_i)`,
 * `v̂ = v / (1 - b2^t)`, `w -= lr·m̂ / (√v̂ + ε)`.
 *
 * Defaults: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7 (Keras 3). PyTorch's `NAdam` uses
 * lr 2e-3, eps 1e-8 and `momentum_decay` 4e-3 (`u_t = b1(1 - 0.5·0.96^(t·0.004))`), a slower
 * schedule: the two give different sequences.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Nadam } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new Nadam({ learningRate: 0.1 }).applyGradients([{ variable: w, gradient: tf.scalar(2) }]);
 * ```
 */
export class Nadam extends Optimizer {
  readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: NadamArgs = {}) {
    super(args, 1e-3);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    checkBeta('Nadam', 'beta1', this.beta1);
    checkBeta('Nadam', 'beta2', this.beta2);
  }

  protected slotNames(): string[] {
    return ['m', 'v'];
  }

  /** The momentum schedule u_t; its running product depends only on t, so no state is stored for it. */
  private u(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** t);
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const t = ctx.step;
    let uProduct = 1;
    for (let i = 1; i <= t; i++) uProduct *= this.u(i);
    const ut = this.u(t);
    const ut1 = this.u(t + 1);
    const uProduct1 = uProduct * ut1;
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), ctx.s(1 - this.beta1)));
    const vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), ctx.s(1 - this.beta2)));
    m.assign(mNew);
    v.assign(vNew);
    const mHat = tf.add(tf.mul(mNew, ctx.s(ut1 / (1 - uProduct1))), tf.mul(g, ctx.s((1 - ut) / (1 - uProduct))));
    const vHat = tf.mul(vNew, ctx.s(1 / (1 - this.beta2 ** t)));
    variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, ctx.s(ctx.lr)), tf.add(tf.sqrt(vHat), ctx.s(this.epsilon)))));
  }

  protected specificConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
