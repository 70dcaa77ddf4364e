import * as tf from '@tensorflow/tfjs-core';

/**
 * Clips every element of each gradient to `[-clipValue, clipValue]` (Keras 3 `clipvalue`,
 * PyTorch `clip_grad_value_`). Returns new tensors; the inputs are not disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipGradientsByValue } from '@sinew/core';
 * const [g] = clipGradientsByValue([tf.tensor1d([-3, 0.5, 2])], 1); // [-1, 0.5, 1]
 * ```
 */
export function clipGradientsByValue(grads: tf.Tensor[], clipValue: number): tf.Tensor[] {
  checkClip('clipGradientsByValue', 'clipValue', clipValue);
  return grads.map((g) => tf.clipByValue(g, -clipValue, clipValue));
}

/**
 * Rescales each gradient separately so that its L2 norm is at most `clipNorm`:
 * `g * clipNorm / max(||g||, clipNorm)` (Keras 3 `clipnorm`, which clips per variable; PyTorch's
 * `clip_grad_norm_` clips the global norm instead, see {@link clipGradientsByGlobalNorm}).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipGradientsByNorm } from '@sinew/core';
 * const [g] = clipGradientsByNorm([tf.tensor1d([3, 4])], 1); // [0.6, 0.8]
 * ```
 */
export function clipGradientsByNorm(grads: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  checkClip('clipGradientsByNorm', 'clipNorm', clipNorm);
  return grads.map((g) =>
    tf.tidy(() => {
      const norm = tf.sqrt(tf.sum(tf.square(g)));
      return tf.div(tf.mul(g, clipNorm), tf.maximum(norm, clipNorm));
    }),
  );
}

/**
 * Rescales all gradients by one factor so that their joint L2 norm (the norm of all elements
 * together) is at most `clipNorm`: `g * clipNorm / max(globalNorm, clipNorm)` (Keras 3
 * `global_clipnorm`, PyTorch `clip_grad_norm_`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { clipGradientsByGlobalNorm } from '@sinew/core';
 * const gs = clipGradientsByGlobalNorm([tf.tensor1d([3]), tf.tensor1d([4])], 1); // [[0.6], [0.8]]
 * ```
 */
export function clipGradientsByGlobalNorm(grads: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  checkClip('clipGradientsByGlobalNorm', 'clipNorm', clipNorm);
  return tf.tidy(() => {
    const sq = grads.map((g) => tf.sum(tf.square(g)));
    const norm = tf.sqrt(sq.length === 1 ? (sq[0] as tf.Tensor) : tf.addN(sq));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
}

/**
 * The global L2 norm of a list of tensors, as a host number.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalNorm } from '@sinew/core';
 * globalNorm([tf.tensor1d([3]), tf.tensor1d([4])]); // 5
 * ```
 */
export function globalNorm(tensors: tf.Tensor[]): number {
  if (tensors.length === 0) return 0;
  const total = tf.tidy(() => tf.addN(tensors.map((g) => tf.sum(tf.square(g)))));
  const value = total.dataSync()[0] as number;
  total.dispose();
  return Math.sqrt(value);
}

function checkClip(fn: string, name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${fn}: ${name} must be a finite number > 0. Received: ${name}=${v}`);
}
