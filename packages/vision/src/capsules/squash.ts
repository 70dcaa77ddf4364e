import * as tf from '@tensorflow/tfjs-core';

/**
 * The capsule non-linearity of Sabour et al. (2017), eq. 1: `v = (‖s‖² / (1 + ‖s‖²)) · s / ‖s‖`.
 * Keeps the direction, maps the length into [0, 1): short vectors shrink to almost 0, long ones
 * approach unit length. `epsilon` keeps the gradient finite at s = 0.
 *
 * @param s - capsule vectors, the capsule dimension on `axis` (default last).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { squash } from '@sinew/vision';
 * squash(tf.tensor2d([[3, 4]])).print(); // length 25/26: [[0.5769, 0.7692]]
 * ```
 */
export function squash(s: tf.Tensor, axis = -1, epsilon = 1e-7): tf.Tensor {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(s), axis, true);
    return tf.mul(s, tf.div(sq, tf.mul(tf.add(1, sq), tf.sqrt(tf.add(sq, epsilon)))));
  });
}
