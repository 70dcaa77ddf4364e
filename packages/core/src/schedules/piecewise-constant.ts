import { LearningRateSchedule } from './learning-rate-schedule.js';

/** Arguments of {@link PiecewiseConstantDecay}. */
export interface PiecewiseConstantDecayArgs {
  /** Increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries: `values[i]` applies while `step <= boundaries[i]`. */
  values: number[];
}

/**
 * A step schedule: `values[0]` while `step <= boundaries[0]`, `values[1]` while
 * `step <= boundaries[1]`, ..., and the last value after the last boundary (Keras 3
 * `PiecewiseConstantDecay` semantics; PyTorch's `MultiStepLR` with per-step boundaries).
 *
 * @example
 * ```ts
 * import { PiecewiseConstantDecay } from '@sinew/core';
 * const lr = new PiecewiseConstantDecay({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] });
 * [lr.call(100), lr.call(101), lr.call(500)]; // [0.1, 0.01, 0.001]
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];

  constructor(args: PiecewiseConstantDecayArgs) {
    super();
    if (args.values.length !== args.boundaries.length + 1) {
      throw new Error(
        `PiecewiseConstantDecay: values must have one more entry than boundaries. Received: ` +
          `boundaries=[${args.boundaries.join(', ')}], values=[${args.values.join(', ')}]`,
      );
    }
    for (let i = 1; i < args.boundaries.length; i++) {
      if (!((args.boundaries[i] as number) > (args.boundaries[i - 1] as number))) {
        throw new Error(`PiecewiseConstantDecay: boundaries must increase. Received: [${args.boundaries.join(', ')}]`);
      }
    }
    this.boundaries = [...args.boundaries];
    this.values = [...args.values];
  }

  call(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) {
      if (step <= (this.boundaries[i] as number)) return this.values[i] as number;
    }
    return this.values[this.values.length - 1] as number;
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}
