import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerArgs, type StepContext } from './optimizer.js';

/** Arguments of {@link SGD}. */
export interface SGDArgs extends OptimizerArgs {
  /** Momentum coefficient in [0, 1). Default 0 (plain gradient descent). */
  momentum?: number;
  /** Nesterov accelerated gradient (needs momentum > 0). Default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum (NAG), in Keras 3's
 * form: `v = momentum * v - lr * g; w += v` (Nesterov: `w += momentum * v - lr * g`).
 *
 * Defaults: learning rate 0.01 (Keras 3; recent PyTorch 2.x defaults to 1e-3, older versions
 * required it), momentum 0, nesterov false.
 * Differences: tfjs's `tf.train.momentum` and PyTorch keep `acc = m * acc + g` and step by
 * `-lr * acc` (PyTorch adds `dampening`); the two forms agree while the learning rate is constant
 * and differ after it changes (Keras's velocity carries the old rate).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { SGD } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new SGD({ learningRate: 0.1 }).applyGradients([{ variable: w, gradient: tf.scalar(2) }]);
 * w.dataSync(); // [0.8]
 * ```
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, 0.01);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum <= 1)) {
      throw new Error(`SGD: momentum must be in [0, 1]. Received: momentum=${this.momentum}`);
    }
  }

  protected slotNames(): string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const lrG = tf.mul(g, ctx.s(ctx.lr));
    if (this.momentum === 0) {
      variable.assign(tf.sub(variable, lrG));
      return;
    }
    const v = slots[0] as tf.Variable;
    const m = ctx.s(this.momentum);
    const vNew = tf.sub(tf.mul(v, m), lrG);
    v.assign(vNew);
    variable.assign(this.nesterov ? tf.add(variable, tf.sub(tf.mul(vNew, m), lrG)) : tf.add(variable, vNew));
  }

  protected specificConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}
