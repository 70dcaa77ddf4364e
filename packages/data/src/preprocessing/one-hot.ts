import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from '../pipeline/element.js';

/**
 * One-hot encodes integer class labels: `[n]` labels in `[0, numClasses)` become a float32
 * `[n, numClasses]` tensor. Labels are checked first, and a bad one is named with its position
 * (tfjs's `oneHot` silently gives an all-zero row instead).
 *
 * @example
 * ```ts
 * import { oneHot } from '@sinew/data';
 * const y = oneHot([0, 2, 1], 3);
 * y.print(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * y.dispose();
 * ```
 */
export function oneHot(labels: ArrayLike<number> | Tensor, numClasses: number): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`oneHot: numClasses must be a positive integer, received numClasses=${numClasses}`);
  }
  if (isTensor(labels) && labels.rank !== 1) {
    throw new Error(`oneHot: expected labels of rank 1 [n], received shape [${labels.shape}]`);
  }
  const values = isTensor(labels) ? labels.dataSync() : labels;
  const ids = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new Error(`oneHot: label ${i} is ${v}, expected an integer in [0, ${numClasses})`);
    }
    ids[i] = v;
  }
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), numClasses), 'float32') as tf.Tensor2D);
}
