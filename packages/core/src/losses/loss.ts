import * as tf from '@tensorflow/tfjs-core';
import {
  binaryCrossentropy,
  categoricalCrossentropy,
  categoricalHinge,
  cosineSimilarity,
  hinge,
  huber,
  kullbackLeiblerDivergence,
  logCosh,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogarithmicError,
  poisson,
  sparseCategoricalCrossentropy,
  squaredHinge,
  type CrossentropyOptions,
  type LossFunction,
} from './loss-functions.js';
import { reduceLoss, type Reduction } from './reduction.js';

/** Options every loss class accepts. */
export interface LossArgs {
  /** Default 'sum_over_batch_size' (Keras 3). */
  reduction?: Reduction;
  /** Name in logs. Default: the snake_case loss name, as Keras. */
  name?: string;
}

/**
 * A loss object: a per-sample loss function plus a reduction. Calling it returns the reduced
 * loss (a scalar unless `reduction: 'none'`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Loss, meanSquaredError } from '@sinew/core';
 * const l = new Loss(meanSquaredError, { name: 'mse', reduction: 'sum' });
 * l.call(tf.tensor2d([[0], [0]]), tf.tensor2d([[1], [2]])).dataSync(); // [5]
 * ```
 */
export class Loss {
  readonly reduction: Reduction;
  readonly name: string;
  constructor(
    /** The per-sample function. */
    readonly fn: LossFunction,
    args: LossArgs = {},
  ) {
    this.reduction = args.reduction ?? 'sum_over_batch_size';
    this.name = args.name ?? 'loss';
  }

  /** Per-sample losses (reduced over the last axis only). */
  perSample(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return this.fn(yTrue, yPred);
  }

  /** The loss over the batch, with optional per-sample weights. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => reduceLoss(this.fn(yTrue, yPred), sampleWeight, this.reduction));
  }

  /** Constructor arguments (for serialization). */
  getConfig(): Record<string, unknown> {
    return { reduction: this.reduction, name: this.name };
  }
}

/**
 * Mean squared error as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MeanSquaredError } from '@sinew/core';
 * new MeanSquaredError().call(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])).dataSync(); // [0.5]
 * ```
 */
export class MeanSquaredError extends Loss {
  constructor(args: LossArgs = {}) {
    super(meanSquaredError, { name: 'mean_squared_error', ...args });
  }
}
/**
 * Mean absolute error as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MeanAbsoluteError } from '@sinew/core';
 * new MeanAbsoluteError().call(tf.tensor2d([[0, 1]]), tf.tensor2d([[2, 1]])).dataSync(); // [1]
 * ```
 */
export class MeanAbsoluteError extends Loss {
  constructor(args: LossArgs = {}) {
    super(meanAbsoluteError, { name: 'mean_absolute_error', ...args });
  }
}
/**
 * Mean absolute percentage error as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MeanAbsolutePercentageError } from '@sinew/core';
 * new MeanAbsolutePercentageError().call(tf.tensor2d([[2, 4]]), tf.tensor2d([[1, 4]])).dataSync(); // [25]
 * ```
 */
export class MeanAbsolutePercentageError extends Loss {
  constructor(args: LossArgs = {}) {
    super(meanAbsolutePercentageError, { name: 'mean_absolute_percentage_error', ...args });
  }
}
/**
 * Mean squared logarithmic error as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MeanSquaredLogarithmicError } from '@sinew/core';
 * new MeanSquaredLogarithmicError().call(tf.tensor2d([[0]]), tf.tensor2d([[Math.E - 1]])).dataSync(); // [1]
 * ```
 */
export class MeanSquaredLogarithmicError extends Loss {
  constructor(args: LossArgs = {}) {
    super(meanSquaredLogarithmicError, { name: 'mean_squared_logarithmic_error', ...args });
  }
}
/**
 * Huber loss as a loss object (`delta` default 1).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Huber } from '@sinew/core';
 * new Huber({ delta: 2 }).call(tf.tensor2d([[0]]), tf.tensor2d([[3]])).dataSync(); // [4] (2·3 - ½·2²)
 * ```
 */
export class Huber extends Loss {
  readonly delta: number;
  constructor(args: LossArgs & { delta?: number } = {}) {
    const delta = args.delta ?? 1;
    super((t, p) => huber(t, p, delta), { name: 'huber_loss', ...args });
    this.delta = delta;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), delta: this.delta };
  }
}
/**
 * Log-cosh loss as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { LogCosh } from '@sinew/core';
 * new LogCosh().call(tf.tensor2d([[0]]), tf.tensor2d([[1]])).dataSync(); // [Math.log(Math.cosh(1))]
 * ```
 */
export class LogCosh extends Loss {
  constructor(args: LossArgs = {}) {
    super(logCosh, { name: 'log_cosh', ...args });
  }
}

type CrossentropyArgs = LossArgs & CrossentropyOptions;

/**
 * Binary cross-entropy as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { BinaryCrossentropy } from '@sinew/core';
 * new BinaryCrossentropy({ fromLogits: true }).call(tf.tensor2d([[1]]), tf.tensor2d([[0]])).dataSync(); // [Math.LN2]
 * ```
 */
export class BinaryCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(args: CrossentropyArgs = {}) {
    const o = { fromLogits: args.fromLogits ?? false, labelSmoothing: args.labelSmoothing ?? 0 };
    super((t, p) => binaryCrossentropy(t, p, o), { name: 'binary_crossentropy', ...args });
    this.fromLogits = o.fromLogits;
    this.labelSmoothing = o.labelSmoothing;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}
/**
 * Categorical cross-entropy as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { CategoricalCrossentropy } from '@sinew/core';
 * new CategoricalCrossentropy({ labelSmoothing: 0.1 }).call(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.5, 0.5]])).dataSync(); // [Math.LN2]
 * ```
 */
export class CategoricalCrossentropy extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  constructor(args: CrossentropyArgs = {}) {
    const o = { fromLogits: args.fromLogits ?? false, labelSmoothing: args.labelSmoothing ?? 0 };
    super((t, p) => categoricalCrossentropy(t, p, o), { name: 'categorical_crossentropy', ...args });
    this.fromLogits = o.fromLogits;
    this.labelSmoothing = o.labelSmoothing;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}
/**
 * Sparse categorical cross-entropy as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { SparseCategoricalCrossentropy } from '@sinew/core';
 * new SparseCategoricalCrossentropy({ fromLogits: true }).call(tf.tensor1d([1]), tf.tensor2d([[0, 0]])).dataSync(); // [Math.LN2]
 * ```
 */
export class SparseCategoricalCrossentropy extends Loss {
  readonly fromLogits: boolean;
  constructor(args: LossArgs & { fromLogits?: boolean } = {}) {
    const fromLogits = args.fromLogits ?? false;
    super((t, p) => sparseCategoricalCrossentropy(t, p, { fromLogits }), { name: 'sparse_categorical_crossentropy', ...args });
    this.fromLogits = fromLogits;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
}
/**
 * KL divergence as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { KLDivergence } from '@sinew/core';
 * new KLDivergence().call(tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[0.5, 0.5]])).dataSync(); // [0]
 * ```
 */
export class KLDivergence extends Loss {
  constructor(args: LossArgs = {}) {
    super(kullbackLeiblerDivergence, { name: 'kl_divergence', ...args });
  }
}
/**
 * Hinge loss as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Hinge } from '@sinew/core';
 * new Hinge().call(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]])).dataSync(); // [1]
 * ```
 */
export class Hinge extends Loss {
  constructor(args: LossArgs = {}) {
    super(hinge, { name: 'hinge', ...args });
  }
}
/**
 * Squared hinge loss as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { SquaredHinge } from '@sinew/core';
 * new SquaredHinge().call(tf.tensor2d([[1]]), tf.tensor2d([[0.5]])).dataSync(); // [0.25]
 * ```
 */
export class SquaredHinge extends Loss {
  constructor(args: LossArgs = {}) {
    super(squaredHinge, { name: 'squared_hinge', ...args });
  }
}
/**
 * Categorical hinge loss as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { CategoricalHinge } from '@sinew/core';
 * new CategoricalHinge().call(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.3, 0.6]])).dataSync(); // [0.7]
 * ```
 */
export class CategoricalHinge extends Loss {
  constructor(args: LossArgs = {}) {
    super(categoricalHinge, { name: 'categorical_hinge', ...args });
  }
}
/**
 * Negative cosine similarity as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { CosineSimilarity } from '@sinew/core';
 * new CosineSimilarity().call(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 0]])).dataSync(); // [-1]
 * ```
 */
export class CosineSimilarity extends Loss {
  constructor(args: LossArgs = {}) {
    super(cosineSimilarity, { name: 'cosine_similarity', ...args });
  }
}
/**
 * Poisson loss as a loss object.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Poisson } from '@sinew/core';
 * new Poisson().call(tf.tensor2d([[1]]), tf.tensor2d([[1]])).dataSync(); // [1]
 * ```
 */
export class Poisson extends Loss {
  constructor(args: LossArgs = {}) {
    super(poisson, { name: 'poisson', ...args });
  }
}
