import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerArgs, type StepContext } from './optimizer.js';

/** Arguments of {@link Adam}. */
export interface AdamArgs extends OptimizerArgs {
  /** Decay of the first-moment average. Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average. Default 0.999. */
  beta2?: number;
  /** Default 1e-7 (Keras 3; PyTorch 1e-8). */
  epsilon?: number;
  /** Use the running maximum of the second moment (Reddi et al. 2018). Default false. */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba 2015), in Keras 3's form:
 * `m += (g - m)(1 - b1); v += (g² - v)(1 - b2); w -= lr·√(1 - b2^t)/(1 - b1^t) · m / (√v + ε)`.
 *
 * Defaults: lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7 (Keras 3). PyTorch uses epsilon 1e-8
 * and puts it after the bias correction (`m̂ / (√v̂ + ε)`), as does tfjs's `tf.train.adam`; the
 * results differ only where √v is comparable to ε.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adam } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new Adam({ learningRate: 0.1 }).applyGradients([{ variable: w, gradient: tf.scalar(3) }]);
 * w.dataSync(); // [0.9] (Adam's first step moves each weight by about lr)
 * ```
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}, defaultLearningRate = 1e-3) {
    super(args, defaultLearningRate);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.amsgrad = args.amsgrad ?? false;
    checkBeta(this.constructor.name, 'beta1', this.beta1);
    checkBeta(this.constructor.name, 'beta2', this.beta2);
  }

  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const [m, v, vhat] = slots as [tf.Variable, tf.Variable, tf.Variable | undefined];
    const t = ctx.step;
    const alpha = (ctx.lr * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), ctx.s(1 - this.beta1)));
    let vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), ctx.s(1 - this.beta2)));
    m.assign(mNew);
    v.assign(vNew);
    if (vhat !== undefined) {
      vNew = tf.maximum(vhat, vNew);
      vhat.assign(vNew);
    }
    variable.assign(tf.sub(variable, tf.div(tf.mul(mNew, ctx.s(alpha)), tf.add(tf.sqrt(vNew), ctx.s(this.epsilon)))));
  }

  protected specificConfig(): Record<string, unknown> {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter 2019): each step first shrinks every
 * weight by `w -= lr · weightDecay · w`, then takes the Adam step.
 *
 * Defaults: lr 1e-3, weightDecay 0.004 (Keras 3), beta1 0.9, beta2 0.999, epsilon 1e-7.
 * PyTorch's `AdamW` defaults to weight_decay 1e-2 and epsilon 1e-8.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { AdamW } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new AdamW({ learningRate: 0.1, weightDecay: 0.5 }).applyGradients([{ variable: w, gradient: tf.scalar(0) }]);
 * w.dataSync(); // [0.95]: decayed by lr * wd, and no gradient step
 * ```
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  constructor(args: AdamArgs = {}) {
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 });
  }
}

export function checkBeta(owner: string, name: string, v: number): void {
  if (!(v >= 0 && v < 1)) throw new Error(`${owner}: ${name} must be in [0, 1). Received: ${name}=${v}`);
}
