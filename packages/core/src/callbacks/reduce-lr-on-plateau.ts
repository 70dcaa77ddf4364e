import type { Optimizer } from '../optimizers/optimizer.js';
import { Callback, type Logs } from './callback.js';
import { resolveMode, type MonitorMode } from './monitor.js';

/** Arguments of {@link ReduceLROnPlateau} (Keras 3 names and defaults). */
export interface ReduceLROnPlateauArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** New rate = rate · factor. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Lower bound on the rate. Default 0. */
  minLr?: number;
  verbose?: 0 | 1;
}

/**
 * Multiplies the optimizer's learning rate by `factor` when the monitored value has not improved
 * for `patience` epochs (Keras 3 semantics). Adds `learning_rate` to the epoch logs.
 *
 * The optimizer is given explicitly (or set by `Model.fit` from the compiled model): a
 * scheduled learning rate is replaced by the fixed rate it had reached.
 *
 * @example
 * ```ts
 * import { ReduceLROnPlateau, Adam } from '@sinew/core';
 * const opt = new Adam({ learningRate: 1e-2 });
 * const cb = new ReduceLROnPlateau({ optimizer: opt, monitor: 'loss', factor: 0.5, patience: 2 });
 * ```
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: 0 | 1;
  private readonly mode: MonitorMode;
  private direction: 'min' | 'max' = 'min';
  optimizer: Optimizer | null;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;

  constructor(args: ReduceLROnPlateauArgs & { optimizer?: Optimizer } = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    this.patience = args.patience ?? 10;
    this.mode = args.mode ?? 'auto';
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.verbose = args.verbose ?? 0;
    this.optimizer = args.optimizer ?? null;
    if (!(this.factor < 1 && this.factor >= 0)) {
      throw new Error(`ReduceLROnPlateau: factor must be in [0, 1) (it multiplies the rate). Received: factor=${this.factor}`);
    }
    resolveMode('ReduceLROnPlateau', this.mode, this.monitor);
  }

  override onTrainBegin(): void {
    this.direction = resolveMode('ReduceLROnPlateau', this.mode, this.monitor);
    this.best = this.direction === 'min' ? Infinity : -Infinity;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  private requireOptimizer(): Optimizer {
    const opt = this.optimizer ?? (this.model as { compiled?: { optimizer?: Optimizer } } | null)?.compiled?.optimizer ?? null;
    if (opt === null) throw new Error(`ReduceLROnPlateau: no optimizer; pass { optimizer } or train a compiled Model`);
    return opt;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const opt = this.requireOptimizer();
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`ReduceLROnPlateau: monitored '${this.monitor}' is not in the logs (available: ${Object.keys(logs).join(', ')})`);
    } else {
      if (this.cooldownCounter > 0) {
        this.cooldownCounter -= 1;
        this.wait = 0;
      }
      const better = this.direction === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
      if (better) {
        this.best = current;
        this.wait = 0;
      } else if (this.cooldownCounter <= 0) {
        this.wait += 1;
        if (this.wait >= this.patience) {
          const old = opt.currentLearningRate();
          if (old > this.minLr) {
            const next = Math.max(old * this.factor, this.minLr);
            opt.learningRate = next;
            if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
            this.cooldownCounter = this.cooldown;
            this.wait = 0;
          }
        }
      }
    }
    logs.learning_rate = opt.currentLearningRate();
  }
}
