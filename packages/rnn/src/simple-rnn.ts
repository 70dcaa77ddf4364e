import * as tf from '@tensorflow/tfjs-core';
import { BaseRNN, type BaseRNNArgs, type StepFn } from './base-rnn.js';

/** Arguments of {@link SimpleRNN}. */
export type SimpleRNNArgs = BaseRNNArgs;

/**
 * Fully connected recurrent layer (Elman network): `h_t = activation(x_t·W + h_{t-1}·U + b)`.
 * Weights in Keras's layout: kernel `[inputDim, units]`, recurrent kernel `[units, units]`, bias `[units]`.
 *
 * Input `[batch, steps, features]` → `[batch, units]` (or `[batch, steps, units]` with `returnSequences`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { simpleRNN } from '@sinew/rnn';
 * const y = simpleRNN({ units: 4 }).apply(tf.ones([2, 6, 3])); // [2, 4]
 * ```
 */
export class SimpleRNN extends BaseRNN {
  static override readonly className: string = 'SimpleRNN';
  protected readonly gates = 1;
  readonly stateCount = 1;

  constructor(args: SimpleRNNArgs) {
    super(args);
  }

  protected makeStep(recurrentMask: tf.Tensor | null): StepFn {
    const U = this.recurrentKernel! as tf.Tensor2D;
    return (xp, [h]) => {
      const hIn = recurrentMask === null ? h! : tf.mul(h!, recurrentMask);
      return [this.activation(tf.add(xp, tf.matMul(hIn as tf.Tensor2D, U))) as tf.Tensor2D];
    };
  }
}

/** Creates a {@link SimpleRNN} layer. @example `simpleRNN({ units: 16, returnSequences: true })` */
export function simpleRNN(args: SimpleRNNArgs): SimpleRNN {
  return new SimpleRNN(args);
}
