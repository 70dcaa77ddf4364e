import { CosineDecay, type CosineDecayArgs } from './cosine-decay.js';
import { ExponentialDecay, type ExponentialDecayArgs } from './exponential-decay.js';
import { LearningRateSchedule, type LearningRate } from './learning-rate-schedule.js';
import { PiecewiseConstantDecay, type PiecewiseConstantDecayArgs } from './piecewise-constant.js';
import { Warmup, type WarmupArgs } from './warmup.js';

/** JSON form of a learning rate: a number, or a schedule's class name and config. */
export type SerializedLearningRate = number | { className: string; config: Record<string, unknown> };

/**
 * Turns a learning rate (fixed or scheduled) into JSON.
 *
 * @example
 * ```ts
 * import { serializeSchedule, deserializeSchedule, ExponentialDecay } from '@sinew/core';
 * const json = serializeSchedule(new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }));
 * deserializeSchedule(json); // an equal ExponentialDecay
 * ```
 */
export function serializeSchedule(lr: LearningRate): SerializedLearningRate {
  return typeof lr === 'number' ? lr : { className: lr.className, config: lr.getConfig() };
}

/**
 * Recreates a learning rate from {@link serializeSchedule}'s JSON. `custom` maps class names of
 * user-defined schedules to factories.
 *
 * @example
 * ```ts
 * import { deserializeSchedule, resolveLearningRate } from '@sinew/core';
 * const lr = deserializeSchedule({ className: 'ExponentialDecay', config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 } });
 * resolveLearningRate(lr, 10); // 0.05
 * ```
 */
export function deserializeSchedule(
  json: SerializedLearningRate,
  custom: Record<string, (config: Record<string, unknown>) => LearningRateSchedule> = {},
): LearningRate {
  if (typeof json === 'number') return json;
  const c = json.config;
  switch (json.className) {
    case 'ExponentialDecay':
      return new ExponentialDecay(c as unknown as ExponentialDecayArgs);
    case 'PiecewiseConstantDecay':
      return new PiecewiseConstantDecay(c as unknown as PiecewiseConstantDecayArgs);
    case 'CosineDecay':
      return new CosineDecay(c as unknown as CosineDecayArgs);
    case 'Warmup':
      return new Warmup({ ...(c as unknown as WarmupArgs), after: deserializeSchedule(c.after as SerializedLearningRate, custom) });
    default: {
      const factory = Object.hasOwn(custom, json.className) ? custom[json.className] : undefined;
      if (factory === undefined) {
        throw new Error(
          `deserializeSchedule: unknown learning-rate schedule '${json.className}'. Known: ExponentialDecay, ` +
            `PiecewiseConstantDecay, CosineDecay, Warmup${Object.keys(custom).length > 0 ? ', ' + Object.keys(custom).join(', ') : ''}`,
        );
      }
      return factory(c);
    }
  }
}
