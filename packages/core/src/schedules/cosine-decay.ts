import { LearningRateSchedule, checkPositive } from './learning-rate-schedule.js';

/** Arguments of {@link CosineDecay}; names and defaults as Keras 3's `CosineDecay`. */
export interface CosineDecayArgs {
  initialLearningRate: number;
  /** Steps of one cosine period. */
  decaySteps: number;
  /** Floor as a fraction of the initial rate. Default 0. */
  alpha?: number;
  /**
   * Restart the cosine every `decaySteps` (SGDR, Loshchilov & Hutter 2017, with constant
   * period). Default false: stay at the floor after `decaySteps`.
   */
  restarts?: boolean;
  /** Linear warmup steps before the decay starts (Keras 3 `warmup_steps`). Default 0. */
  warmupSteps?: number;
  /** Rate reached at the end of the warmup. Default: no warmup target (the initial rate). */
  warmupTarget?: number;
}

/**
 * Cosine decay: `lr = lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * t / decaySteps)) + alpha)`, with
 * optional restarts every `decaySteps` and an optional linear warmup from `initialLearningRate`
 * to `warmupTarget` over `warmupSteps` (Keras 3 `CosineDecay`; PyTorch's `CosineAnnealingLR` /
 * `CosineAnnealingWarmRestarts` with `T_mult = 1` in steps).
 *
 * @example
 * ```ts
 * import { CosineDecay } from '@sinew/core';
 * const lr = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
 * [lr.call(0), lr.call(50), lr.call(100)]; // [0.1, 0.05, 0]
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly restarts: boolean;
  readonly warmupSteps: number;
  readonly warmupTarget: number | undefined;

  constructor(args: CosineDecayArgs) {
    super();
    checkPositive('CosineDecay', 'initialLearningRate', args.initialLearningRate, true);
    checkPositive('CosineDecay', 'decaySteps', args.decaySteps);
    this.initialLearningRate = args.initialLearningRate;
    this.decaySteps = args.decaySteps;
    this.alpha = args.alpha ?? 0;
    this.restarts = args.restarts ?? false;
    this.warmupSteps = args.warmupSteps ?? 0;
    this.warmupTarget = args.warmupTarget;
    checkPositive('CosineDecay', 'warmupSteps', this.warmupSteps, true);
  }

  call(step: number): number {
    const peak = this.warmupTarget ?? this.initialLearningRate;
    if (step < this.warmupSteps) {
      return this.initialLearningRate + ((peak - this.initialLearningRate) * step) / this.warmupSteps;
    }
    let t = step - this.warmupSteps;
    if (this.restarts) t %= this.decaySteps;
    else t = Math.min(t, this.decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * t) / this.decaySteps));
    return peak * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      restarts: this.restarts,
      warmupSteps: this.warmupSteps,
      warmupTarget: this.warmupTarget,
    };
  }
}
