import { Callback, type Logs } from './callback.js';

/**
 * Records the epoch logs; `fit` returns one. `history.loss[i]` is the training loss of epoch
 * `epoch[i]`, `history.val_loss[i]` the validation loss, and so on for every metric.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const h = await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 5, verbose: 0 });
 * h.history.loss; // five numbers
 * ```
 */
export class History extends Callback {
  /** Epoch indices (0-based) in the order they ran. */
  epoch: number[] = [];
  /** One array per log key. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      (this.history[k] ??= []).push(v);
    }
  }
}
