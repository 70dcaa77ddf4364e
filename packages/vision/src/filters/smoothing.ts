import * as tf from '@tensorflow/tfjs-core';
import { correlate1d, correlate2d, type FilterPadding } from './correlate.js';
import { boxKernel1d, boxKernel2d, defaultSigma, gaussianKernel1d, gaussianKernel2d, laplacianOfGaussianKernel, scharrKernels, sobelKernels } from './kernels.js';

/**
 * Box (moving-average) smoothing of an image, per channel ('same' size by default, zero border).
 *
 * @param image - `[h, w]`, `[h, w, c]` or `[b, h, w, c]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { boxFilter2d } from '@sinew/vision';
 * const smooth = boxFilter2d(tf.randomUniform([16, 16]), 3); // [16, 16]
 * ```
 */
export function boxFilter2d(image: tf.Tensor, size = 3, padding: FilterPadding = 'same'): tf.Tensor {
  return correlate2d(image, boxKernel2d(size), padding);
}

/**
 * Gaussian smoothing of an image, per channel, with a `size` x `size` kernel of standard deviation
 * `sigma` (the kernel sums to 1, so flat regions keep their value).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gaussianFilter2d } from '@sinew/vision';
 * const blurred = gaussianFilter2d(tf.randomUniform([1, 32, 32, 3]), 5, 1.0); // [1, 32, 32, 3]
 * ```
 */
export function gaussianFilter2d(image: tf.Tensor, size = 5, sigma = defaultSigma(size), padding: FilterPadding = 'same'): tf.Tensor {
  return correlate2d(image, gaussianKernel2d(size, sigma), padding);
}

/**
 * Box smoothing (moving average) of signals.
 *
 * @param signal - `[n]`, `[n, c]` or `[b, n, c]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { boxFilter1d } from '@sinew/vision';
 * boxFilter1d(tf.tensor1d([0, 3, 6, 9]), 3, 'valid').print(); // [3, 6]
 * ```
 */
export function boxFilter1d(signal: tf.Tensor, size = 3, padding: FilterPadding = 'same'): tf.Tensor {
  return correlate1d(signal, boxKernel1d(size), padding);
}

/**
 * Gaussian smoothing of signals.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gaussianFilter1d } from '@sinew/vision';
 * const s = gaussianFilter1d(tf.randomNormal([100]), 7, 2); // [100]
 * ```
 */
export function gaussianFilter1d(signal: tf.Tensor, size = 5, sigma = defaultSigma(size), padding: FilterPadding = 'same'): tf.Tensor {
  return correlate1d(signal, gaussianKernel1d(size, sigma), padding);
}

/** Derivatives of an image and the gradient magnitude `sqrt(x² + y²)`, same shape as the input for 'same'. */
export interface EdgeResponse {
  /** Response to change along the width (vertical edges). */
  x: tf.Tensor;
  /** Response to change along the height (horizontal edges). */
  y: tf.Tensor;
  magnitude: tf.Tensor;
}

function edges(image: tf.Tensor, k: { x: number[][]; y: number[][] }, padding: FilterPadding): EdgeResponse {
  const x = correlate2d(image, k.x, padding);
  const y = correlate2d(image, k.y, padding);
  const magnitude = tf.tidy(() => tf.sqrt(tf.add(tf.square(x), tf.square(y))));
  return { x, y, magnitude };
}

/**
 * Sobel edge detection: correlation with the Sobel kernels, and the gradient magnitude. A unit
 * step (0 → 1 along the width) responds 4 on the edge.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sobel } from '@sinew/vision';
 * const { x, y, magnitude } = sobel(tf.randomUniform([28, 28]));
 * ```
 */
export function sobel(image: tf.Tensor, padding: FilterPadding = 'same'): EdgeResponse {
  return edges(image, sobelKernels(), padding);
}

/**
 * Scharr edge detection (a unit step responds 16).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scharr } from '@sinew/vision';
 * const { magnitude } = scharr(tf.randomUniform([28, 28]));
 * ```
 */
export function scharr(image: tf.Tensor, padding: FilterPadding = 'same'): EdgeResponse {
  return edges(image, scharrKernels(), padding);
}

/**
 * Laplacian-of-Gaussian filtering (blob and edge detector; edges are its zero crossings).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { laplacianOfGaussian } from '@sinew/vision';
 * const log = laplacianOfGaussian(tf.randomUniform([32, 32]), 9, 1.4);
 * ```
 */
export function laplacianOfGaussian(image: tf.Tensor, size = 9, sigma = defaultSigma(size), padding: FilterPadding = 'same'): tf.Tensor {
  return correlate2d(image, laplacianOfGaussianKernel(size, sigma), padding);
}
