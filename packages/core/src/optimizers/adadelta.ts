import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerArgs, type StepContext } from './optimizer.js';

/** Arguments of {@link Adadelta}. */
export interface AdadeltaArgs extends OptimizerArgs {
  /** Decay of the running averages. Default 0.95 (Keras 3, tfjs; PyTorch 0.9). */
  rho?: number;
  /** Default 1e-7 (Keras 3; PyTorch 1e-6). */
  epsilon?: number;
}

/**
 * Adadelta (Zeiler 2012): `Eg = ρ·Eg + (1-ρ)·g²; Δ = -√(Edx + ε)/√(Eg + ε)·g;
 * Edx = ρ·Edx + (1-ρ)·Δ²; w += lr·Δ`.
 *
 * Defaults: lr 1e-3, rho 0.95, epsilon 1e-7 (Keras 3). PyTorch: lr 1.0, rho 0.9, eps 1e-6 (the
 * paper's algorithm has no learning rate, i.e. lr 1). tfjs's `tf.train.adadelta` divides by the
 * gradient accumulator from before the current gradient is added, so its steps differ from the
 * paper's (and from this class's) after the first.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adadelta } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new Adadelta({ learningRate: 1 }).applyGradients([{ variable: w, gradient: tf.scalar(1) }]);
 * ```
 */
export class Adadelta extends Optimizer {
  readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;

  constructor(args: AdadeltaArgs = {}) {
    super(args, 1e-3);
    this.rho = args.rho ?? 0.95;
    this.epsilon = args.epsilon ?? 1e-7;
    if (!(this.rho >= 0 && this.rho < 1)) throw new Error(`Adadelta: rho must be in [0, 1). Received: rho=${this.rho}`);
  }

  protected slotNames(): string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const [eg, edx] = slots as [tf.Variable, tf.Variable];
    const rho = ctx.s(this.rho);
    const oneMinusRho = ctx.s(1 - this.rho);
    const eps = ctx.s(this.epsilon);
    const egNew = tf.add(tf.mul(eg, rho), tf.mul(tf.square(g), oneMinusRho));
    const delta = tf.neg(tf.mul(tf.div(tf.sqrt(tf.add(edx, eps)), tf.sqrt(tf.add(egNew, eps))), g));
    eg.assign(egNew);
    edx.assign(tf.add(tf.mul(edx, rho), tf.mul(tf.square(delta), oneMinusRho)));
    variable.assign(tf.add(variable, tf.mul(delta, ctx.s(ctx.lr))));
  }

  protected specificConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
