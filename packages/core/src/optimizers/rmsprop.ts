import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerArgs, type StepContext } from './optimizer.js';

/** Arguments of {@link RMSprop}. */
export interface RMSpropArgs extends OptimizerArgs {
  /** Decay of the squared-gradient average. Default 0.9 (Keras 3, tfjs `decay`; PyTorch `alpha` 0.99). */
  rho?: number;
  /** Momentum on the scaled step. Default 0. */
  momentum?: number;
  /** Default 1e-7, inside the root (Keras 3; PyTorch 1e-8 outside the root). */
  epsilon?: number;
  /** Normalize by the variance (E[g²] - E[g]²) instead of E[g²] (Graves 2013). Default false. */
  centered?: boolean;
}

/**
 * RMSprop (Hinton's lecture 6e): `Eg² = ρ·Eg² + (1-ρ)·g²; step = lr·g / √(Eg² [- E[g]²] + ε)`,
 * then `mom = momentum·mom + step; w -= mom` (or `w -= step` without momentum). Same as Keras 3
 * and tfjs's `tf.train.rmsprop`.
 *
 * Defaults: lr 1e-3, rho 0.9, momentum 0, epsilon 1e-7, centered false (Keras 3). PyTorch: lr
 * 1e-2, alpha 0.99, eps 1e-8 added after the square root.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RMSprop } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new RMSprop({ learningRate: 0.01, centered: true }).applyGradients([{ variable: w, gradient: tf.scalar(1) }]);
 * ```
 */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, 1e-3);
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
    if (!(this.rho >= 0 && this.rho < 1)) throw new Error(`RMSprop: rho must be in [0, 1). Received: rho=${this.rho}`);
    if (!(this.momentum >= 0 && this.momentum < 1)) {
      throw new Error(`RMSprop: momentum must be in [0, 1). Received: momentum=${this.momentum}`);
    }
  }

  protected slotNames(): string[] {
    const names = ['velocity'];
    if (this.momentum > 0) names.push('momentum');
    if (this.centered) names.push('average_gradient');
    return names;
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const velocity = slots[0] as tf.Variable;
    const mom = this.momentum > 0 ? (slots[1] as tf.Variable) : undefined;
    const avg = this.centered ? (slots[slots.length - 1] as tf.Variable) : undefined;
    const rho = ctx.s(this.rho);
    const oneMinusRho = ctx.s(1 - this.rho);
    const velNew = tf.add(tf.mul(velocity, rho), tf.mul(tf.square(g), oneMinusRho));
    velocity.assign(velNew);
    let denominator = tf.add(velNew, ctx.s(this.epsilon));
    if (avg !== undefined) {
      const avgNew = tf.add(tf.mul(avg, rho), tf.mul(g, oneMinusRho));
      avg.assign(avgNew);
      denominator = tf.sub(denominator, tf.square(avgNew));
    }
    const increment = tf.mul(tf.mul(g, ctx.s(ctx.lr)), tf.rsqrt(denominator));
    if (mom !== undefined) {
      const momNew = tf.add(tf.mul(mom, ctx.s(this.momentum)), increment);
      mom.assign(momNew);
      variable.assign(tf.sub(variable, momNew));
    } else {
      variable.assign(tf.sub(variable, increment));
    }
  }

  protected specificConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
