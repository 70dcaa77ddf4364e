import { deserializeSchedule, type SerializedLearningRate } from '../schedules/serialize-schedule.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { Adamax } from './adamax.js';
import { Nadam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** Optimizer names `getOptimizer` and `compile` accept (case-insensitive). */
export type OptimizerIdentifier = 'sgd' | 'adam' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax' | 'adamw' | 'nadam';

type Factory = (config: Record<string, unknown>) => Optimizer;

const FACTORIES: Record<string, Factory> = {
  SGD: (c) => new SGD(c),
  Adam: (c) => new Adam(c),
  AdamW: (c) => new AdamW(c),
  Adamax: (c) => new Adamax(c),
  Nadam: (c) => new Nadam(c),
  Adagrad: (c) => new Adagrad(c),
  Adadelta: (c) => new Adadelta(c),
  RMSprop: (c) => new RMSprop(c),
};

/**
 * An optimizer from its name, with the Keras 3 defaults; an `Optimizer` instance is returned as is.
 *
 * @example
 * ```ts
 * import { getOptimizer } from '@sinew/core';
 * const opt = getOptimizer('adam'); // Adam, lr 1e-3
 * ```
 */
export function getOptimizer(identifier: OptimizerIdentifier | string | Optimizer): Optimizer {
  if (typeof identifier !== 'string') return identifier;
  const key = Object.keys(FACTORIES).find((k) => k.toLowerCase() === identifier.toLowerCase());
  if (key === undefined) {
    throw new Error(
      `getOptimizer: unknown optimizer '${identifier}'. Known: ${Object.keys(FACTORIES).map((k) => k.toLowerCase()).join(', ')}`,
    );
  }
  return (FACTORIES[key] as Factory)({});
}

/** JSON form of an optimizer's configuration (not its state: see `Optimizer.getWeights`). */
export interface SerializedOptimizer {
  className: string;
  config: Record<string, unknown>;
}

/**
 * An optimizer's class and constructor arguments as JSON. Save `getWeights()` beside it to resume
 * training exactly.
 *
 * @example
 * ```ts
 * import { Adam, serializeOptimizer, deserializeOptimizer } from '@sinew/core';
 * const json = serializeOptimizer(new Adam({ learningRate: 0.01, amsgrad: true }));
 * const again = deserializeOptimizer(JSON.parse(JSON.stringify(json))); // Adam, lr 0.01, amsgrad
 * ```
 */
export function serializeOptimizer(optimizer: Optimizer): SerializedOptimizer {
  return { className: optimizer.className, config: optimizer.getConfig() };
}

/**
 * Recreates an optimizer (fresh state) from {@link serializeOptimizer}'s JSON.
 *
 * @example
 * ```ts
 * import { deserializeOptimizer } from '@sinew/core';
 * const sgd = deserializeOptimizer({ className: 'SGD', config: { learningRate: 0.1, momentum: 0.9 } });
 * ```
 */
export function deserializeOptimizer(json: SerializedOptimizer, custom: Record<string, Factory> = {}): Optimizer {
  // Own keys only: a class name read from a file must not reach Object.prototype ('constructor').
  const name = json.className;
  const factory = Object.hasOwn(custom, name) ? custom[name] : Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (factory === undefined) {
    throw new Error(
      `deserializeOptimizer: unknown optimizer class '${json.className}'. Known: ${[...Object.keys(FACTORIES), ...Object.keys(custom)].join(', ')}`,
    );
  }
  const config = { ...json.config };
  if (config.learningRate !== undefined) config.learningRate = deserializeSchedule(config.learningRate as SerializedLearningRate);
  return factory(config);
}
