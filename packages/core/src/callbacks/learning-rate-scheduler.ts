import type { Optimizer } from '../optimizers/optimizer.js';
import { Callback, type Logs } from './callback.js';

/**
 * Sets the learning rate at the start of every epoch from `schedule(epoch, currentRate)`
 * (Keras 3 `LearningRateScheduler`); adds `learning_rate` to the epoch logs. For per-step
 * schedules, pass a {@link LearningRateSchedule} as the optimizer's `learningRate` instead.
 *
 * @example
 * ```ts
 * import { LearningRateScheduler, SGD } from '@sinew/core';
 * const opt = new SGD({ learningRate: 0.1 });
 * const cb = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.9), { optimizer: opt });
 * ```
 */
export class LearningRateScheduler extends Callback {
  optimizer: Optimizer | null;
  readonly verbose: 0 | 1;
  constructor(
    readonly schedule: (epoch: number, learningRate: number) => number,
    options: { optimizer?: Optimizer; verbose?: 0 | 1 } = {},
  ) {
    super();
    this.optimizer = options.optimizer ?? null;
    this.verbose = options.verbose ?? 0;
  }

  private requireOptimizer(): Optimizer {
    const opt = this.optimizer ?? (this.model as { compiled?: { optimizer?: Optimizer } } | null)?.compiled?.optimizer ?? null;
    if (opt === null) throw new Error(`LearningRateScheduler: no optimizer; pass { optimizer } or train a compiled Model`);
    return opt;
  }

  override onEpochBegin(epoch: number): void {
    const opt = this.requireOptimizer();
    const lr = this.schedule(epoch, opt.currentLearningRate());
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new Error(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite number >= 0`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = this.requireOptimizer().currentLearningRate();
  }
}
