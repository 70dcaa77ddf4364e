import * as tf from '@tensorflow/tfjs-core';

/**
 * A loss function: `(yTrue, yPred) => per-sample loss`, reduced over the last axis (so
 * `[batch, ...dims, classes] -> [batch, ...dims]`). Reduction over the batch, with sample weights,
 * is done by {@link Loss} or the training loop.
 */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** Fuzz factor for clipping probabilities, as Keras's `backend.epsilon()`. */
export const LOSS_EPSILON = 1e-7;

function checkShapes(loss: string, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  if (!tf.util.arraysEqual(yTrue.shape, yPred.shape)) {
    throw new Error(`${loss}: yTrue and yPred must have the same shape. Received: yTrue [${yTrue.shape}], yPred [${yPred.shape}]`);
  }
}

const lastAxisMean = (t: tf.Tensor): tf.Tensor => tf.mean(t, -1);

/** `t` as float32: a Cast kernel (and its tensor) only when the dtype differs, as it runs every training step. */
const asFloat32 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));

/**
 * Mean squared error over the last axis: `mean((yTrue - yPred)², -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanSquaredError } from '@sinew/core';
 * meanSquaredError(tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])).dataSync(); // [0.5]
 * ```
 */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('meanSquaredError', yTrue, yPred);
  return tf.tidy(() => lastAxisMean(tf.squaredDifference(yPred, yTrue)));
}

/**
 * Mean absolute error over the last axis: `mean(|yTrue - yPred|, -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsoluteError } from '@sinew/core';
 * meanAbsoluteError(tf.tensor2d([[0, 1]]), tf.tensor2d([[2, 1]])).dataSync(); // [1]
 * ```
 */
export function meanAbsoluteError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('meanAbsoluteError', yTrue, yPred);
  return tf.tidy(() => lastAxisMean(tf.abs(tf.sub(yPred, yTrue))));
}

/**
 * Mean absolute percentage error: `100 · mean(|yTrue - yPred| / max(|yTrue|, ε), -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanAbsolutePercentageError } from '@sinew/core';
 * meanAbsolutePercentageError(tf.tensor2d([[2, 4]]), tf.tensor2d([[1, 4]])).dataSync(); // [25]
 * ```
 */
export function meanAbsolutePercentageError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('meanAbsolutePercentageError', yTrue, yPred);
  return tf.tidy(() =>
    tf.mul(100, lastAxisMean(tf.div(tf.abs(tf.sub(yTrue, yPred)), tf.maximum(tf.abs(yTrue), LOSS_EPSILON)))),
  );
}

/**
 * Mean squared logarithmic error: `mean((log(max(yPred, ε) + 1) - log(max(yTrue, ε) + 1))², -1)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { meanSquaredLogarithmicError } from '@sinew/core';
 * meanSquaredLogarithmicError(tf.tensor2d([[0]]), tf.tensor2d([[Math.E - 1]])).dataSync(); // [1]
 * ```
 */
export function meanSquaredLogarithmicError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('meanSquaredLogarithmicError', yTrue, yPred);
  return tf.tidy(() => {
    const a = tf.log1p(tf.maximum(yPred, LOSS_EPSILON));
    const b = tf.log1p(tf.maximum(yTrue, LOSS_EPSILON));
    return lastAxisMean(tf.squaredDifference(a, b));
  });
}

/**
 * Huber loss with threshold `delta` (default 1): quadratic `½e²` for `|e| ≤ delta`, linear
 * `delta·|e| - ½delta²` beyond; averaged over the last axis (Keras 3 `huber`; PyTorch
 * `HuberLoss` with the same delta).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { huber } from '@sinew/core';
 * huber(tf.tensor2d([[0, 0]]), tf.tensor2d([[0.5, 3]])).dataSync(); // [(0.125 + 2.5) / 2]
 * ```
 */
export function huber(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Tensor {
  checkShapes('huber', yTrue, yPred);
  if (!(delta > 0)) throw new Error(`huber: delta must be > 0. Received: delta=${delta}`);
  return tf.tidy(() => {
    const absErr = tf.abs(tf.sub(yPred, yTrue));
    const quadratic = tf.minimum(absErr, delta);
    const linear = tf.sub(absErr, quadratic);
    // ½q² + delta·l equals both branches and has a gradient everywhere.
    return lastAxisMean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)));
  });
}

/**
 * Log-cosh loss: `mean(log(cosh(yPred - yTrue)), -1)`, computed as `x + softplus(-2x) - log 2`
 * so it does not overflow for large errors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { logCosh } from '@sinew/core';
 * logCosh(tf.tensor2d([[0]]), tf.tensor2d([[1]])).dataSync(); // [Math.log(Math.cosh(1))]
 * ```
 */
export function logCosh(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('logCosh', yTrue, yPred);
  return tf.tidy(() => {
    const x = tf.sub(yPred, yTrue);
    return lastAxisMean(tf.sub(tf.add(x, tf.softplus(tf.mul(-2, x))), Math.log(2)));
  });
}

/** Options of the cross-entropy losses. */
export interface CrossentropyOptions {
  /** `yPred` holds logits (unnormalized scores) instead of probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * Smooth the targets: binary `y·(1-ls) + 0.5·ls`, categorical `y·(1-ls) + ls/classes`.
   * Default 0.
   */
  labelSmoothing?: number;
}

function checkSmoothing(loss: string, ls: number): void {
  if (!(ls >= 0 && ls <= 1)) throw new Error(`${loss}: labelSmoothing must be in [0, 1]. Received: labelSmoothing=${ls}`);
}

/**
 * Binary cross-entropy, averaged over the last axis. From logits it uses the stable form
 * `max(x, 0) - x·y + log(1 + exp(-|x|))`; from probabilities it clips to `[ε, 1 - ε]` (ε = 1e-7,
 * as Keras) before taking logs.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { binaryCrossentropy } from '@sinew/core';
 * binaryCrossentropy(tf.tensor2d([[1]]), tf.tensor2d([[0.5]])).dataSync(); // [Math.LN2]
 * binaryCrossentropy(tf.tensor2d([[1]]), tf.tensor2d([[0]]), { fromLogits: true }).dataSync(); // [Math.LN2]
 * ```
 */
export function binaryCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: CrossentropyOptions = {}): tf.Tensor {
  checkShapes('binaryCrossentropy', yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  checkSmoothing('binaryCrossentropy', ls);
  return tf.tidy(() => {
    let y = asFloat32(yTrue);
    if (ls > 0) y = tf.add(tf.mul(y, 1 - ls), 0.5 * ls);
    if (options.fromLogits === true) {
      const x = yPred;
      const loss = tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
      return lastAxisMean(loss);
    }
    const p = tf.clipByValue(yPred, LOSS_EPSILON, 1 - LOSS_EPSILON);
    const loss = tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))));
    return lastAxisMean(loss);
  });
}

/**
 * Categorical cross-entropy over the last (class) axis with one-hot (or soft) targets. From
 * logits it uses `-Σ y·logSoftmax(x)` (log-sum-exp, stable); from probabilities it renormalizes
 * `yPred` to sum to 1, clips to `[ε, 1 - ε]` and takes `-Σ y·log p` (Keras semantics).
 *
 * Shapes: `yTrue`, `yPred` `[batch, ..., classes]` -> `[batch, ...]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { categoricalCrossentropy } from '@sinew/core';
 * categoricalCrossentropy(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.75, 0.25]])).dataSync(); // [Math.log(4)]
 * ```
 */
export function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, options: CrossentropyOptions = {}): tf.Tensor {
  checkShapes('categoricalCrossentropy', yTrue, yPred);
  const ls = options.labelSmoothing ?? 0;
  checkSmoothing('categoricalCrossentropy', ls);
  return tf.tidy(() => {
    let y = asFloat32(yTrue);
    if (ls > 0) {
      const classes = yPred.shape[yPred.rank - 1] as number;
      y = tf.add(tf.mul(y, 1 - ls), ls / classes);
    }
    if (options.fromLogits === true) return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(yPred)), -1));
    const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), LOSS_EPSILON, 1 - LOSS_EPSILON);
    return tf.neg(tf.sum(tf.mul(y, tf.log(p)), -1));
  });
}

/**
 * Categorical cross-entropy with integer class labels. `yTrue` has `yPred`'s shape without the
 * class axis, or with a class axis of size 1 (Keras accepts both). Labels outside
 * `[0, classes)` are an error (tfjs would silently score them as zero loss).
 *
 * Shapes: `yTrue` `[batch, ...]` or `[batch, ..., 1]`, `yPred` `[batch, ..., classes]` -> `[batch, ...]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sparseCategoricalCrossentropy } from '@sinew/core';
 * sparseCategoricalCrossentropy(tf.tensor1d([1]), tf.tensor2d([[0.75, 0.25]])).dataSync(); // [Math.log(4)]
 * ```
 */
export function sparseCategoricalCrossentropy(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  options: Omit<CrossentropyOptions, 'labelSmoothing'> = {},
): tf.Tensor {
  const classes = yPred.shape[yPred.rank - 1] as number;
  let labels = yTrue;
  if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1) labels = tf.squeeze(yTrue, [-1]);
  const expected = yPred.shape.slice(0, -1);
  if (!tf.util.arraysEqual(labels.shape, expected)) {
    if (labels !== yTrue) labels.dispose();
    throw new Error(
      `sparseCategoricalCrossentropy: yTrue must have shape [${expected}] (or [${expected}, 1]) for yPred of shape ` +
        `[${yPred.shape}]. Received: yTrue [${yTrue.shape}]`,
    );
  }
  const values = labels.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v < classes) || v !== Math.floor(v)) {
      if (labels !== yTrue) labels.dispose();
      throw new Error(
        `sparseCategoricalCrossentropy: label ${v} at flat index ${i} is not an integer in [0, ${classes}) ` +
          `(yPred has ${classes} classes)`,
      );
    }
  }
  const out = tf.tidy(() => {
    const oneHot = tf.reshape(tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32'), classes), yPred.shape);
    const logp = options.fromLogits === true ? tf.logSoftmax(yPred) : tf.log(tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), LOSS_EPSILON, 1 - LOSS_EPSILON));
    return tf.neg(tf.sum(tf.mul(oneHot, logp), -1));
  });
  if (labels !== yTrue) labels.dispose();
  return out;
}

/**
 * Kullback-Leibler divergence `Σ y·log(y / p)` over the last axis, both clipped to `[ε, 1]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { kullbackLeiblerDivergence } from '@sinew/core';
 * kullbackLeiblerDivergence(tf.tensor2d([[0.5, 0.5]]), tf.tensor2d([[0.5, 0.5]])).dataSync(); // [0]
 * ```
 */
export function kullbackLeiblerDivergence(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('kullbackLeiblerDivergence', yTrue, yPred);
  return tf.tidy(() => {
    const y = tf.clipByValue(yTrue, LOSS_EPSILON, 1);
    const p = tf.clipByValue(yPred, LOSS_EPSILON, 1);
    return tf.sum(tf.mul(y, tf.log(tf.div(y, p))), -1);
  });
}

/** Keras's convention: targets in {0, 1} are mapped to {-1, 1}; other targets are used as given. */
function hingeTargets(yTrue: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const y = tf.cast(yTrue, 'float32');
    const isBinary = tf.all(tf.logicalOr(tf.equal(y, 0), tf.equal(y, 1))).dataSync()[0] === 1;
    return isBinary ? tf.sub(tf.mul(y, 2), 1) : y;
  });
}

/**
 * Hinge loss `mean(max(1 - y·p, 0), -1)` with targets in {-1, 1} (targets in {0, 1} are
 * converted, as Keras does).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { hinge } from '@sinew/core';
 * hinge(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.5]])).dataSync(); // [(0.5 + 1.5) / 2]
 * ```
 */
export function hinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('hinge', yTrue, yPred);
  return tf.tidy(() => lastAxisMean(tf.relu(tf.sub(1, tf.mul(hingeTargets(yTrue), yPred)))));
}

/**
 * Squared hinge loss `mean(max(1 - y·p, 0)², -1)`, targets as in {@link hinge}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { squaredHinge } from '@sinew/core';
 * squaredHinge(tf.tensor2d([[1]]), tf.tensor2d([[0.5]])).dataSync(); // [0.25]
 * ```
 */
export function squaredHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('squaredHinge', yTrue, yPred);
  return tf.tidy(() => lastAxisMean(tf.square(tf.relu(tf.sub(1, tf.mul(hingeTargets(yTrue), yPred))))));
}

/**
 * Categorical hinge `max(max((1 - y)·p) - Σ y·p + 1, 0)` with one-hot targets (Crammer-Singer).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { categoricalHinge } from '@sinew/core';
 * categoricalHinge(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.3, 0.6]])).dataSync(); // [0.7]
 * ```
 */
export function categoricalHinge(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('categoricalHinge', yTrue, yPred);
  return tf.tidy(() => {
    const y = asFloat32(yTrue);
    const pos = tf.sum(tf.mul(y, yPred), -1);
    const neg = tf.max(tf.mul(tf.sub(1, y), yPred), -1);
    return tf.relu(tf.add(tf.sub(neg, pos), 1));
  });
}

/**
 * Negative cosine similarity over the last axis, `-Σ ŷ·p̂` with both L2-normalized (norm floored
 * at 1e-6 as `x / √max(Σx², 1e-12)`): -1 for parallel vectors, as Keras 3's loss.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cosineSimilarity } from '@sinew/core';
 * cosineSimilarity(tf.tensor2d([[1, 0]]), tf.tensor2d([[2, 0]])).dataSync(); // [-1]
 * ```
 */
export function cosineSimilarity(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('cosineSimilarity', yTrue, yPred);
  return tf.tidy(() => {
    const normalize = (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), -1, true), 1e-12)));
    return tf.neg(tf.sum(tf.mul(normalize(asFloat32(yTrue)), normalize(yPred)), -1));
  });
}

/**
 * Poisson loss `mean(p - y·log(p + ε), -1)` for count targets and positive rates `p`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { poisson } from '@sinew/core';
 * poisson(tf.tensor2d([[1]]), tf.tensor2d([[1]])).dataSync(); // [1]
 * ```
 */
export function poisson(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  checkShapes('poisson', yTrue, yPred);
  return tf.tidy(() => lastAxisMean(tf.sub(yPred, tf.mul(yTrue, tf.log(tf.add(yPred, LOSS_EPSILON))))));
}
