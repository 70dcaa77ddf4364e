import * as L from './loss-functions.js';
import type { LossFunction } from './loss-functions.js';

const CANONICAL: Record<string, LossFunction> = {
  mean_squared_error: L.meanSquaredError,
  mean_absolute_error: L.meanAbsoluteError,
  mean_absolute_percentage_error: L.meanAbsolutePercentageError,
  mean_squared_logarithmic_error: L.meanSquaredLogarithmicError,
  huber: (t, p) => L.huber(t, p),
  log_cosh: L.logCosh,
  binary_crossentropy: (t, p) => L.binaryCrossentropy(t, p),
  categorical_crossentropy: (t, p) => L.categoricalCrossentropy(t, p),
  sparse_categorical_crossentropy: (t, p) => L.sparseCategoricalCrossentropy(t, p),
  kl_divergence: L.kullbackLeiblerDivergence,
  hinge: L.hinge,
  squared_hinge: L.squaredHinge,
  categorical_hinge: L.categoricalHinge,
  cosine_similarity: L.cosineSimilarity,
  poisson: L.poisson,
};

const ALIASES: Record<string, string> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  huber_loss: 'huber',
  logcosh: 'log_cosh',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
};

/** Loss names `getLoss` and `compile` accept: Keras snake_case, its camelCase form, and the short aliases. */
export type LossIdentifier =
  | 'mse' | 'mae' | 'mape' | 'msle' | 'kld' | 'logcosh'
  | 'mean_squared_error' | 'meanSquaredError'
  | 'mean_absolute_error' | 'meanAbsoluteError'
  | 'mean_absolute_percentage_error' | 'meanAbsolutePercentageError'
  | 'mean_squared_logarithmic_error' | 'meanSquaredLogarithmicError'
  | 'huber' | 'huber_loss' | 'log_cosh' | 'logCosh'
  | 'binary_crossentropy' | 'binaryCrossentropy'
  | 'categorical_crossentropy' | 'categoricalCrossentropy'
  | 'sparse_categorical_crossentropy' | 'sparseCategoricalCrossentropy'
  | 'kl_divergence' | 'kullback_leibler_divergence' | 'kullbackLeiblerDivergence' | 'klDivergence'
  | 'hinge' | 'squared_hinge' | 'squaredHinge' | 'categorical_hinge' | 'categoricalHinge'
  | 'cosine_similarity' | 'cosineSimilarity' | 'poisson';

/**
 * The Keras snake_case name of a loss identifier (camelCase or alias accepted), or null if unknown.
 *
 * @example
 * ```ts
 * import { canonicalLossName } from '@sinew/core';
 * canonicalLossName('sparseCategoricalCrossentropy'); // 'sparse_categorical_crossentropy'
 * canonicalLossName('nope'); // null
 * ```
 */
export function canonicalLossName(identifier: string): string | null {
  const snake = identifier.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const name = ALIASES[snake] ?? snake;
  return name in CANONICAL ? name : null;
}

/**
 * A per-sample loss function from its name (Keras snake_case, camelCase or short alias such as
 * 'mse'); a function is returned as is.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { getLoss } from '@sinew/core';
 * const mse = getLoss('mse'); // same as getLoss('mean_squared_error') and getLoss('meanSquaredError')
 * mse(tf.tensor2d([[0]]), tf.tensor2d([[2]])).dataSync(); // [4]
 * ```
 */
export function getLoss(identifier: LossIdentifier | string | LossFunction): LossFunction {
  if (typeof identifier === 'function') return identifier;
  const name = canonicalLossName(identifier);
  if (name === null) {
    throw new Error(
      `getLoss: unknown loss '${identifier}'. Known: ${Object.keys(CANONICAL).join(', ')} ` +
        `(camelCase forms and the aliases ${Object.keys(ALIASES).join(', ')} also work)`,
    );
  }
  return CANONICAL[name] as LossFunction;
}
