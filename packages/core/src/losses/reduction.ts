import * as tf from '@tensorflow/tfjs-core';

/**
 * How per-sample losses become one number (Keras 3 names):
 * - `'sum_over_batch_size'` (default): `Σ w·loss / (number of loss values)`;
 * - `'sum'`: `Σ w·loss`;
 * - `'mean_with_sample_weight'`: `Σ w·loss / Σ w`;
 * - `'none'`: the weighted per-sample values, unreduced.
 */
export type Reduction = 'sum_over_batch_size' | 'sum' | 'mean_with_sample_weight' | 'none';

export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'mean_with_sample_weight', 'none'];

/**
 * Applies sample weights and a reduction to per-sample losses. `sampleWeight` has shape
 * `[batch]` (one weight per sample) or the loss's shape; it broadcasts over the remaining axes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { reduceLoss } from '@sinew/core';
 * reduceLoss(tf.tensor1d([1, 3]), tf.tensor1d([1, 0])).dataSync(); // [0.5]
 * ```
 */
export function reduceLoss(values: tf.Tensor, sampleWeight?: tf.Tensor | null, reduction: Reduction = 'sum_over_batch_size'): tf.Tensor {
  if (!REDUCTIONS.includes(reduction)) {
    throw new Error(`reduceLoss: unknown reduction '${String(reduction)}'. Known: ${REDUCTIONS.join(', ')}`);
  }
  return tf.tidy(() => {
    let weighted = values;
    let w: tf.Tensor | null = null;
    if (sampleWeight != null) {
      w = sampleWeight.dtype === 'float32' ? sampleWeight : tf.cast(sampleWeight, 'float32');
      if (w.rank < values.rank) {
        if (w.shape[0] !== values.shape[0]) {
          throw new Error(`reduceLoss: sampleWeight of shape [${sampleWeight.shape}] does not match losses of shape [${values.shape}]`);
        }
        w = tf.reshape(w, [...w.shape, ...new Array<number>(values.rank - w.rank).fill(1)]);
      }
      weighted = tf.mul(values, w);
    }
    switch (reduction) {
      case 'none':
        return weighted === values ? tf.clone(values) : weighted;
      case 'sum':
        return tf.sum(weighted);
      case 'sum_over_batch_size':
        return tf.div(tf.sum(weighted), Math.max(values.size, 1));
      case 'mean_with_sample_weight': {
        if (w === null) return tf.mean(values);
        const total = tf.sum(tf.mul(tf.onesLike(values), w));
        return tf.divNoNan(tf.sum(weighted), total);
      }
    }
  });
}
