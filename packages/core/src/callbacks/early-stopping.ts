import * as tf from '@tensorflow/tfjs-core';
import { Callback, type Logs } from './callback.js';
import { resolveMode, type MonitorMode } from './monitor.js';

/** Arguments of {@link EarlyStopping} (Keras 3 names and defaults). */
export interface EarlyStoppingArgs {
  /** Log key to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value beats this within `patience` epochs. */
  baseline?: number;
  /** At the end, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** Ignore the first epochs (warm-up). Default 0. */
  startFromEpoch?: number;
  /** Print when stopping. Default 0. */
  verbose?: 0 | 1;
}

/**
 * Stops training when a monitored value has stopped improving (Keras 3 semantics, including
 * `baseline`, `restoreBestWeights` and `startFromEpoch`).
 *
 * With `restoreBestWeights`, the best weights are kept as tensor copies until training ends and
 * then restored (also when training ran to the last epoch, as Keras 3 does).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { EarlyStopping, dense, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const stop = new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true });
 * const x = tf.randomNormal([50, 2]);
 * await model.fit(x, tf.sum(x, 1, true), { epochs: 100, validationSplit: 0.2, verbose: 0, callbacks: [stop] });
 * stop.stoppedEpoch; // the epoch it stopped at, or 0 if it never stopped
 * ```
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly verbose: 0 | 1;
  private readonly mode: MonitorMode;
  private direction: 'min' | 'max' = 'min';
  wait = 0;
  stoppedEpoch = 0;
  best: number | null = null;
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.mode = args.mode ?? 'auto';
    this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    this.verbose = args.verbose ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) {
      throw new Error(`EarlyStopping: patience must be an integer >= 0. Received: patience=${this.patience}`);
    }
    resolveMode('EarlyStopping', this.mode, this.monitor);
  }

  override onTrainBegin(): void {
    this.direction = resolveMode('EarlyStopping', this.mode, this.monitor);
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestEpoch = 0;
    this.dropBestWeights();
  }

  private improves(value: number, reference: number | null | undefined): boolean {
    if (reference === null || reference === undefined) return true;
    return this.direction === 'min' ? value + this.minDelta < reference : value - this.minDelta > reference;
  }

  private snapshot(): void {
    this.dropBestWeights();
    // getWeights returns copies we own; keep them safe from any enclosing tidy.
    this.bestWeights = this.requireModel('EarlyStopping').getWeights().map((w) => tf.keep(w));
  }

  private dropBestWeights(): void {
    if (this.bestWeights !== null) tf.dispose(this.bestWeights);
    this.bestWeights = null;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`EarlyStopping: monitored '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')}); skipping`);
      return;
    }
    if (epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) this.snapshot();
    this.wait += 1;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.snapshot();
      if (this.baseline === undefined || this.improves(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.requireModel('EarlyStopping').stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.requireModel('EarlyStopping').setWeights(this.bestWeights);
    }
    this.dropBestWeights();
  }
}
