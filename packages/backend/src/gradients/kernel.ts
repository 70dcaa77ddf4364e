import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

/** Dispatches a single-output kernel by name on the active backend (backprop kernels have no public op). */
export function runKernel(kernelName: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap): Tensor {
  return tf.engine().runKernel(kernelName, inputs, attrs) as Tensor;
}

/**
 * Spreads a filter's taps `rate` apart along each spatial axis, filling with zeros, so that a dilated
 * convolution equals an undilated one with this filter. Spatial axes lead (`[k₁, …, kₙ, in, out]`).
 * Lets every gradient use the backprop kernels without a dilation attribute, which all backends have.
 */
export function dilateFilter(filter: Tensor, rates: readonly number[]): Tensor {
  let f = filter;
  rates.forEach((rate, axis) => {
    if (rate === 1) return;
    const k = f.shape[axis] as number;
    const pre = f.shape.slice(0, axis).reduce((n, d) => n * d, 1);
    const post = f.shape.slice(axis + 1).reduce((n, d) => n * d, 1);
    const spread = tf.pad(tf.reshape(f, [pre, k, 1, post]), [
      [0, 0],
      [0, 0],
      [0, rate - 1],
      [0, 0],
    ]);
    const cropped = tf.slice(tf.reshape(spread, [pre, k * rate, post]), [0, 0, 0], [pre, (k - 1) * rate + 1, post]);
    const shape = f.shape.slice();
    shape[axis] = (k - 1) * rate + 1;
    f = tf.reshape(cropped, shape);
  });
  return f;
}

/** The inverse selection of {@link dilateFilter}: keeps every `rate`-th tap of a dilated filter's gradient. */
export function undilateFilter(grad: Tensor, rates: readonly number[]): Tensor {
  if (rates.every((r) => r === 1)) return grad;
  const strides = grad.shape.map((_d, i) => rates[i] ?? 1);
  return tf.stridedSlice(grad, grad.shape.map(() => 0), grad.shape, strides);
}
