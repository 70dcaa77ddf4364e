import * as tf from '@tensorflow/tfjs-core';
import { checkBeta, type AdamArgs } from './adam.js';
import { Optimizer, type StepContext } from './optimizer.js';

/** Arguments of {@link Adamax}. */
export type AdamaxArgs = Omit<AdamArgs, 'amsgrad'>;

/**
 * Adamax, Adam's infinity-norm variant (Kingma & Ba 2015, section 7.1):
 * `m += (g - m)(1 - b1); u = max(b2·u, |g|); w -= lr·m / ((1 - b1^t)(u + ε))`.
 *
 * Defaults: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7 (Keras 3). PyTorch: lr 2e-3, eps 1e-8;
 * tfjs: lr 0.002. The formula is the same in all three.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adamax } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new Adamax({ learningRate: 0.1 }).applyGradients([{ variable: w, gradient: tf.scalar(2) }]);
 * w.dataSync(); // [0.9]
 * ```
 */
export class Adamax extends Optimizer {
  readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamaxArgs = {}) {
    super(args, 1e-3);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    checkBeta('Adamax', 'beta1', this.beta1);
    checkBeta('Adamax', 'beta2', this.beta2);
  }

  protected slotNames(): string[] {
    return ['m', 'u'];
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const [m, u] = slots as [tf.Variable, tf.Variable];
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), ctx.s(1 - this.beta1)));
    const uNew = tf.maximum(tf.mul(u, ctx.s(this.beta2)), tf.abs(g));
    m.assign(mNew);
    u.assign(uNew);
    const scale = ctx.lr / (1 - this.beta1 ** ctx.step);
    variable.assign(tf.sub(variable, tf.div(tf.mul(mNew, ctx.s(scale)), tf.add(uNew, ctx.s(this.epsilon)))));
  }

  protected specificConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
