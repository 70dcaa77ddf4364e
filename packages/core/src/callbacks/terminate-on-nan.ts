import { Callback, type Logs } from './callback.js';

/**
 * Stops training as soon as a batch's loss is NaN or infinite (Keras `TerminateOnNaN`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { TerminateOnNaN, dense, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [1] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const h = await model.fit(tf.tensor2d([[1], [NaN]]), tf.ones([2, 1]), { epochs: 5, batchSize: 1, verbose: 0, callbacks: [new TerminateOnNaN()] });
 * h.epoch; // [0]: stopped in the first epoch
 * ```
 */
export class TerminateOnNaN extends Callback {
  /** The batch at which training was stopped, or null. */
  terminatedAt: { epoch: number; batch: number } | null = null;
  private epoch = 0;

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.warn(`Batch ${batch}: invalid loss ${loss}, terminating training`);
      this.terminatedAt = { epoch: this.epoch, batch };
      this.requireModel('TerminateOnNaN').stopTraining = true;
    }
  }
}
