import { LearningRateSchedule, checkPositive, resolveLearningRate, type LearningRate } from './learning-rate-schedule.js';

/** Arguments of {@link Warmup}. */
export interface WarmupArgs {
  /** The schedule (or fixed rate) that takes over after the warmup, evaluated at `step - warmupSteps`. */
  after: LearningRate;
  warmupSteps: number;
  /** Rate at step 0. Default 0. */
  initialLearningRate?: number;
  /** 'linear' (default) or 'cosine' ramp from `initialLearningRate` to the rate `after` starts with. */
  shape?: 'linear' | 'cosine';
}

/**
 * Wraps any schedule with a warmup: for `step < warmupSteps` the rate ramps (linearly or along a
 * half cosine) from `initialLearningRate` to `after`'s rate at its step 0; after that, `after`
 * runs with its step counted from the end of the warmup (as PyTorch's `SequentialLR` of a
 * `LinearLR` and another scheduler).
 *
 * @example
 * ```ts
 * import { Warmup, CosineDecay } from '@sinew/core';
 * const lr = new Warmup({ warmupSteps: 10, after: new CosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 }) });
 * [lr.call(0), lr.call(5), lr.call(10)]; // [0, 5e-4, 1e-3]
 * ```
 */
export class Warmup extends LearningRateSchedule {
  readonly className = 'Warmup';
  readonly after: LearningRate;
  readonly warmupSteps: number;
  readonly initialLearningRate: number;
  readonly shape: 'linear' | 'cosine';

  constructor(args: WarmupArgs) {
    super();
    checkPositive('Warmup', 'warmupSteps', args.warmupSteps, true);
    this.after = args.after;
    this.warmupSteps = args.warmupSteps;
    this.initialLearningRate = args.initialLearningRate ?? 0;
    this.shape = args.shape ?? 'linear';
    if (this.shape !== 'linear' && this.shape !== 'cosine') {
      throw new Error(`Warmup: shape must be 'linear' or 'cosine'. Received: shape=${String(this.shape)}`);
    }
  }

  call(step: number): number {
    if (step >= this.warmupSteps) return resolveLearningRate(this.after, step - this.warmupSteps);
    const target = resolveLearningRate(this.after, 0);
    const frac = step / this.warmupSteps;
    const w = this.shape === 'linear' ? frac : 0.5 * (1 - Math.cos(Math.PI * frac));
    return this.initialLearningRate + (target - this.initialLearningRate) * w;
  }

  getConfig(): Record<string, unknown> {
    return {
      after: typeof this.after === 'number' ? this.after : { className: this.after.className, config: this.after.getConfig() },
      warmupSteps: this.warmupSteps,
      initialLearningRate: this.initialLearningRate,
      shape: this.shape,
    };
  }
}
