import * as tf from '@tensorflow/tfjs-core';
import { Optimizer, type OptimizerArgs, type StepContext } from './optimizer.js';

/** Arguments of {@link Adagrad}. */
export interface AdagradArgs extends OptimizerArgs {
  /** Starting value of the squared-gradient accumulator. Default 0.1 (Keras 3, tfjs; PyTorch 0). */
  initialAccumulatorValue?: number;
  /** Default 1e-7 (Keras 3; PyTorch 1e-10). */
  epsilon?: number;
}

/**
 * Adagrad (Duchi et al. 2011): `acc += g²; w -= lr·g / √(acc + ε)`.
 *
 * Defaults: lr 1e-3, initialAccumulatorValue 0.1, epsilon 1e-7 (Keras 3). PyTorch: lr 1e-2,
 * initial_accumulator_value 0, eps 1e-10 outside the root (`g / (√acc + ε)`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adagrad } from '@sinew/core';
 * const w = tf.variable(tf.scalar(1));
 * new Adagrad({ learningRate: 0.1 }).applyGradients([{ variable: w, gradient: tf.scalar(1) }]);
 * ```
 */
export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args, 1e-3);
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-7;
    if (!(this.initialAccumulatorValue >= 0)) {
      throw new Error(`Adagrad: initialAccumulatorValue must be >= 0. Received: ${this.initialAccumulatorValue}`);
    }
  }

  protected slotNames(): string[] {
    return ['accumulator'];
  }

  protected override initialSlot(_slot: string, variable: tf.Variable): tf.Tensor {
    return tf.fill(variable.shape, this.initialAccumulatorValue);
  }

  protected updateVariable(ctx: StepContext, variable: tf.Variable, g: tf.Tensor, slots: tf.Variable[]): void {
    const acc = slots[0] as tf.Variable;
    const accNew = tf.add(acc, tf.square(g));
    acc.assign(accNew);
    variable.assign(tf.sub(variable, tf.div(tf.mul(g, ctx.s(ctx.lr)), tf.sqrt(tf.add(accNew, ctx.s(this.epsilon))))));
  }

  protected specificConfig(): Record<string, unknown> {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
