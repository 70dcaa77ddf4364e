import type { FitTarget } from '../training/fit-target.js';

/** Numbers reported at batch or epoch end: `loss`, metric names, `val_` prefixed validation values. */
export type Logs = Record<string, number>;

/** What `fit` tells callbacks before training starts. */
export interface TrainingParams {
  epochs: number;
  /** Batches per epoch, or null when the data is a dataset of unknown length. */
  steps: number | null;
  /** Training samples per epoch, or null when unknown. */
  samples: number | null;
  batchSize: number | null;
  verbose: 0 | 1 | 2;
  /** Log keys of the epoch metrics, e.g. ['loss', 'accuracy', 'val_loss', 'val_accuracy']. */
  metrics: string[];
  initialEpoch: number;
}

/**
 * Base class of training callbacks (Keras's `Callback`). Override the hooks you need; every hook
 * may be async (`fit` awaits it). `this.model` is the model being trained; set
 * `this.model.stopTraining = true` to end `fit` after the current batch.
 *
 * Epoch numbers are 0-based, as in Keras (`fit` prints them 1-based).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Callback, dense, sequential, type Logs } from '@sinew/core';
 * class PrintLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs: Logs = {}) { console.log(epoch, logs.loss); }
 * }
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 3, verbose: 0, callbacks: [new PrintLoss()] });
 * ```
 */
export class Callback {
  model: FitTarget | null = null;
  params: TrainingParams | null = null;

  setModel(model: FitTarget): void {
    this.model = model;
  }
  setParams(params: TrainingParams): void {
    this.params = params;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}

  /** The model, or a clear error when the callback is used outside `fit`. */
  protected requireModel(owner: string): FitTarget {
    if (this.model === null) throw new Error(`${owner}: no model set; callbacks are attached by fit()`);
    return this.model;
  }
}

/**
 * Calls a list of callbacks in order, awaiting each (what `fit` drives).
 *
 * @example
 * ```ts
 * import { CallbackList, LambdaCallback } from '@sinew/core';
 * const seen: number[] = [];
 * const list = new CallbackList([new LambdaCallback({ onEpochEnd: (epoch) => void seen.push(epoch) })]);
 * await list.onEpochEnd(0, { loss: 1 });
 * seen; // [0]
 * ```
 */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}
  setModel(model: FitTarget): void {
    for (const c of this.callbacks) c.setModel(model);
  }
  setParams(params: TrainingParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }
  async onTrainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  async onTrainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  async onBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }
  async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
  async onTestBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTestBegin(logs);
  }
  async onTestEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTestEnd(logs);
  }
}
