import { LearningRateSchedule, checkPositive } from './learning-rate-schedule.js';

/** Arguments of {@link ExponentialDecay}; names and defaults as Keras 3's `ExponentialDecay`. */
export interface ExponentialDecayArgs {
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. */
  decaySteps: number;
  decayRate: number;
  /** Decay in whole intervals (a staircase) instead of continuously. Default false. */
  staircase?: boolean;
}

/**
 * `initialLearningRate * decayRate ^ (step / decaySteps)` (the exponent floored when `staircase`).
 * Same formula as Keras 3 `keras.optimizers.schedules.ExponentialDecay`; PyTorch's `ExponentialLR`
 * is the special case `decaySteps = steps per epoch, staircase = true` stepped per epoch.
 *
 * @example
 * ```ts
 * import { ExponentialDecay, SGD } from '@sinew/core';
 * const lr = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * lr.call(100); // 0.05
 * const opt = new SGD({ learningRate: lr });
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(args: ExponentialDecayArgs) {
    super();
    checkPositive('ExponentialDecay', 'initialLearningRate', args.initialLearningRate, true);
    checkPositive('ExponentialDecay', 'decaySteps', args.decaySteps);
    checkPositive('ExponentialDecay', 'decayRate', args.decayRate);
    this.initialLearningRate = args.initialLearningRate;
    this.decaySteps = args.decaySteps;
    this.decayRate = args.decayRate;
    this.staircase = args.staircase ?? false;
  }

  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * this.decayRate ** p;
  }

  getConfig(): Record<string, unknown> {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
    };
  }
}
