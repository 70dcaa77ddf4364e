import * as tf from '@tensorflow/tfjs-core';
import { Dataset } from '../pipeline/dataset.js';

/**
 * A labelled data set held compactly in memory: row-major features and one integer label per
 * example. Loaders return this (no tensors yet); `labeledDataset` and `labeledTensors` turn it into
 * a pipeline or tensors.
 */
export interface LabeledData {
  /** Short name, used in messages ('digits', 'iris', 'mnist-train', ...). */
  readonly name: string;
  /** `numExamples * prod(featureShape)` values, row-major. */
  readonly features: Float32Array | Uint8Array;
  /** Shape of one example's features, e.g. `[8, 8]` or `[28, 28]` or `[4]`. */
  readonly featureShape: readonly number[];
  /** One class index in `[0, classNames.length)` per example. */
  readonly labels: Int32Array | Uint8Array;
  readonly numExamples: number;
  /** Class names in label order. */
  readonly classNames: readonly string[];
  /** Names of the features, where they have names (Iris). */
  readonly featureNames?: readonly string[];
}

/** Options of `labeledDataset` and `labeledTensors`. */
export interface LabeledOptions {
  /** Multiply features by this (1/16 for digits, 1/255 for MNIST); default 1. */
  scale?: number;
  /** Examples to use, in this order (e.g. a part from `splitIndices`); default all. */
  indices?: ArrayLike<number>;
  /** Labels as one-hot rows `[numClasses]` instead of a class index; default false. */
  oneHot?: boolean;
}

function featureSize(data: LabeledData): number {
  return data.featureShape.reduce((a, b) => a * b, 1);
}

function checkIndices(data: LabeledData, indices: ArrayLike<number>, where: string): void {
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= data.numExamples) {
      throw new Error(`${where}: index ${k} is ${i}, but '${data.name}' has ${data.numExamples} examples`);
    }
  }
}

/**
 * A pipeline over labelled data: elements `{xs: Float32Array (flattened features), ys: number}`
 * (or `ys: Float32Array` one-hot), built lazily per element, with random access, so that `shuffle`
 * is exact and the data set stays compact in memory.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { labeledDataset, loadDigits } from '@sinew/data';
 * const ds = labeledDataset(loadDigits(), { scale: 1 / 16 }).shuffle({ seed: 0 }).batch(32);
 * for await (const { xs, ys } of ds) {
 *   console.log(xs.shape, ys.shape); // [32, 64] [32] ... last [5, 64] [5]
 *   tf.dispose([xs, ys]);
 * }
 * ```
 */
export function labeledDataset(
  data: LabeledData,
  options: LabeledOptions & { oneHot: true },
): Dataset<{ xs: Float32Array; ys: Float32Array }>;
export function labeledDataset(
  data: LabeledData,
  options?: LabeledOptions & { oneHot?: false },
): Dataset<{ xs: Float32Array; ys: number }>;
export function labeledDataset(
  data: LabeledData,
  options: LabeledOptions,
): Dataset<{ xs: Float32Array; ys: number | Float32Array }>;
export function labeledDataset(
  data: LabeledData,
  options: LabeledOptions = {},
): Dataset<{ xs: Float32Array; ys: number | Float32Array }> {
  const { scale = 1, indices, oneHot = false } = options;
  if (indices) checkIndices(data, indices, 'labeledDataset');
  const size = featureSize(data);
  const numClasses = data.classNames.length;
  const n = indices ? indices.length : data.numExamples;
  return Dataset.fromIndexed(n, (k) => {
    const i = indices ? indices[k]! : k;
    const xs = new Float32Array(size);
    const src = data.features.subarray(i * size, (i + 1) * size);
    for (let j = 0; j < size; j++) xs[j] = src[j]! * scale;
    const label = data.labels[i]!;
    if (!oneHot) return { xs, ys: label };
    const ys = new Float32Array(numClasses);
    ys[label] = 1;
    return { xs, ys };
  });
}

/**
 * All of (or the `indices` of) a labelled data set as two tensors: `xs` of shape
 * `[n, ...featureShape]` (float32, times `scale`) and `ys` of shape `[n]` (float32 class indices)
 * or `[n, numClasses]` (one-hot). The caller disposes them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { labeledTensors, loadIris } from '@sinew/data';
 * const { xs, ys } = labeledTensors(loadIris(), { oneHot: true });
 * console.log(xs.shape, ys.shape); // [150, 4] [150, 3]
 * tf.dispose([xs, ys]);
 * ```
 */
export function labeledTensors(data: LabeledData, options: LabeledOptions = {}): { xs: tf.Tensor; ys: tf.Tensor } {
  const { scale = 1, indices, oneHot = false } = options;
  if (indices) checkIndices(data, indices, 'labeledTensors');
  const size = featureSize(data);
  const n = indices ? indices.length : data.numExamples;
  const xs = new Float32Array(n * size);
  const ys = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices ? indices[k]! : k;
    const src = data.features.subarray(i * size, (i + 1) * size);
    for (let j = 0; j < size; j++) xs[k * size + j] = src[j]! * scale;
    ys[k] = data.labels[i]!;
  }
  return tf.tidy(() => {
    const x = tf.tensor(xs, [n, ...data.featureShape], 'float32');
    const y = tf.tensor1d(ys, 'float32');
    return { xs: x, ys: oneHot ? tf.cast(tf.oneHot(tf.cast(y, 'int32'), data.classNames.length), 'float32') : y };
  });
}

/**
 * How many examples of each class: `counts[c]` for `c` in `[0, numClasses)`.
 *
 * @example
 * ```ts
 * import { classCounts, loadIris } from '@sinew/data';
 * console.log(classCounts(loadIris().labels, 3)); // [50, 50, 50]
 * ```
 */
export function classCounts(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!(c >= 0 && c < numClasses)) throw new Error(`classCounts: label ${i} is ${c}, expected [0, ${numClasses})`);
    counts[c]!++;
  }
  return counts;
}
