import * as tf from '@tensorflow/tfjs-core';

/** Parameters of {@link marginLoss} (the paper's values by default). */
export interface MarginLossOptions {
  /** m⁺ (default 0.9). */
  mPlus?: number;
  /** m⁻ (default 0.1). */
  mMinus?: number;
  /** λ, the down-weighting of absent classes (default 0.5). */
  lambda?: number;
}

/**
 * The margin loss of Sabour et al. (2017), eq. 4, per sample:
 * `Σ_k T_k max(0, m⁺ − ‖v_k‖)² + λ (1 − T_k) max(0, ‖v_k‖ − m⁻)²`.
 *
 * @param yTrue - one-hot classes `[batch, classes]`.
 * @param lengths - capsule lengths `[batch, classes]`.
 * @returns `[batch]`; usable as a core loss function (`compile({ loss: marginLoss })`).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { marginLoss } from '@sinew/vision';
 * marginLoss(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.8, 0.3]])).print(); // 0.01 + 0.5·0.04 = [0.03]
 * ```
 */
export function marginLoss(yTrue: tf.Tensor, lengths: tf.Tensor, options: MarginLossOptions = {}): tf.Tensor {
  const { mPlus = 0.9, mMinus = 0.1, lambda = 0.5 } = options;
  if (yTrue.shape.join() !== lengths.shape.join()) throw new Error(`marginLoss: yTrue [${yTrue.shape.join(', ')}] and lengths [${lengths.shape.join(', ')}] must have the same shape`);
  return tf.tidy(() => {
    const t = tf.cast(yTrue, 'float32');
    const present = tf.mul(t, tf.square(tf.relu(tf.sub(mPlus, lengths))));
    const absent = tf.mul(tf.mul(lambda, tf.sub(1, t)), tf.square(tf.relu(tf.sub(lengths, mMinus))));
    return tf.sum(tf.add(present, absent), -1);
  });
}
