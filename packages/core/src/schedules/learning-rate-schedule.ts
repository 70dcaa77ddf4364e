/**
 * A learning rate that depends on the optimizer step (the number of updates applied so far,
 * counting from 0). Any optimizer accepts one as its `learningRate`; it is evaluated on the host
 * once per step, so schedules cost no tensor work.
 *
 * Subclass it for a custom schedule: implement `call(step)` and `getConfig()`, and set a unique
 * `className` (used by `serializeSchedule`).
 *
 * @example
 * ```ts
 * import { LearningRateSchedule } from '@sinew/core';
 * class Halving extends LearningRateSchedule {
 *   readonly className = 'Halving';
 *   call(step: number) { return 0.1 / 2 ** Math.floor(step / 100); }
 *   getConfig() { return {}; }
 * }
 * new Halving().call(250); // 0.025
 * ```
 */
export abstract class LearningRateSchedule {
  /** The name under which `deserializeSchedule` finds this class. */
  abstract readonly className: string;
  /** The learning rate for optimizer step `step` (0 for the first update). */
  abstract call(step: number): number;
  /** Constructor arguments that recreate this schedule. */
  abstract getConfig(): Record<string, unknown>;
}

/** A fixed learning rate or a schedule of the optimizer step. */
export type LearningRate = number | LearningRateSchedule;

/**
 * Evaluates a learning rate (fixed or scheduled) at optimizer step `step`.
 *
 * @example
 * ```ts
 * import { PiecewiseConstantDecay, resolveLearningRate } from '@sinew/core';
 * resolveLearningRate(0.01, 100); // 0.01
 * resolveLearningRate(new PiecewiseConstantDecay({ boundaries: [10], values: [0.1, 0.01] }), 20); // 0.01
 * ```
 */
export function resolveLearningRate(lr: LearningRate, step: number): number {
  return typeof lr === 'number' ? lr : lr.call(step);
}

export function checkPositive(owner: string, name: string, value: number, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${owner}: ${name} must be ${allowZero ? '>= 0' : '> 0'} and finite. Received: ${name}=${value}`);
  }
}
