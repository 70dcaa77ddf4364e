import * as tf from '@tensorflow/tfjs-core';

/** Border handling of the filter functions: 'valid' (no padding), 'same' (TF's rule, zeros), 'full' (every overlap, zeros). */
export type FilterPadding = 'valid' | 'same' | 'full';

type Kernel2D = number[][] | tf.Tensor;
type Kernel1D = number[] | tf.Tensor;

/** [h, w], [h, w, c] or [b, h, w, c] → [b, h, w, c], with the function that undoes it. */
function asImageBatch(image: tf.Tensor, where: string): { x: tf.Tensor4D; back: (y: tf.Tensor4D) => tf.Tensor } {
  if (image.rank === 2) return { x: tf.reshape(image, [1, image.shape[0]!, image.shape[1]!, 1]) as tf.Tensor4D, back: (y) => tf.reshape(y, [y.shape[1], y.shape[2]]) };
  if (image.rank === 3) return { x: tf.expandDims(image, 0) as tf.Tensor4D, back: (y) => tf.squeeze(y, [0]) };
  if (image.rank === 4) return { x: image as tf.Tensor4D, back: (y) => y };
  throw new Error(`${where}: expected an image [h, w], [h, w, channels] or a batch [batch, h, w, channels], received shape [${image.shape.join(', ')}]`);
}

function kernelTensor2d(kernel: Kernel2D, where: string): tf.Tensor2D {
  const k = kernel instanceof tf.Tensor ? kernel : tf.tensor2d(kernel);
  if (k.rank !== 2) throw new Error(`${where}: the kernel must be 2D [kh, kw], received shape [${k.shape.join(', ')}]`);
  return tf.cast(k, 'float32') as tf.Tensor2D;
}

/**
 * Cross-correlation of an image with a 2D kernel, per channel, as defined in lectures and in
 * every deep-learning library's "convolution": `y[i, j] = Σ_{u,v} x[i + u, j + v] · k[u, v]`
 * (the kernel is NOT flipped). Output `[h − kh + 1, w − kw + 1]` for 'valid' (default), `[h, w]`
 * for 'same', `[h + kh − 1, w + kw − 1]` for 'full'; the batch and channel axes are kept.
 *
 * @param image - `[h, w]`, `[h, w, channels]` or `[batch, h, w, channels]`.
 * @param kernel - `[kh, kw]` rows or tensor.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { correlate2d } from '@sinew/vision';
 * const img = tf.tensor2d([[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]);
 * correlate2d(img, [[0, 1, 2], [2, 2, 0], [0, 1, 2]]).print(); // [[12, 12, 17], [10, 17, 19], [9, 6, 14]]
 * ```
 */
export function correlate2d(image: tf.Tensor, kernel: Kernel2D, padding: FilterPadding = 'valid'): tf.Tensor {
  return tf.tidy(() => {
    const { x, back } = asImageBatch(image, 'correlate2d');
    const k = kernelTensor2d(kernel, 'correlate2d');
    const [kh, kw] = k.shape;
    const c = x.shape[3];
    const depthwise = tf.tile(tf.reshape(k, [kh, kw, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    let input = tf.cast(x, 'float32') as tf.Tensor4D;
    let pad: 'valid' | 'same' = padding === 'same' ? 'same' : 'valid';
    if (padding === 'full') {
      input = tf.pad(input, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
      pad = 'valid';
    } else if (padding !== 'valid' && padding !== 'same') {
      throw new Error(`correlate2d: padding must be 'valid', 'same' or 'full'. Received: padding=${JSON.stringify(padding)}`);
    }
    if (input.shape[1] < kh || input.shape[2] < kw) throw new Error(`correlate2d: the kernel [${kh}, ${kw}] is larger than the image [${x.shape[1]}, ${x.shape[2]}] with padding '${padding}'`);
    return back(tf.depthwiseConv2d(input, depthwise, 1, pad));
  });
}

/**
 * True 2D convolution `y[i, j] = Σ_{u,v} x[i − u, j − v] · k[u, v]`: the correlation with the kernel
 * flipped on both axes (what signal processing and `scipy.signal.convolve2d` compute). Same shapes
 * and padding as {@link correlate2d}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { convolve2d } from '@sinew/vision';
 * convolve2d(tf.tensor2d([[1, 2], [3, 4]]), [[0, 1], [0, 0]], 'full').print(); // [[0, 1, 2], [0, 3, 4], [0, 0, 0]]
 * ```
 */
export function convolve2d(image: tf.Tensor, kernel: Kernel2D, padding: FilterPadding = 'valid'): tf.Tensor {
  return tf.tidy(() => correlate2d(image, tf.reverse(kernelTensor2d(kernel, 'convolve2d'), [0, 1]), padding));
}

/**
 * Cross-correlation of signals with a 1D kernel (no flip): `y[i] = Σ_u x[i + u] · k[u]`.
 *
 * @param signal - `[n]`, `[n, channels]` or `[batch, n, channels]`.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { correlate1d } from '@sinew/vision';
 * correlate1d(tf.tensor1d([1, 2, 3, 4]), [1, 0, -1]).print(); // [-2, -2]
 * ```
 */
export function correlate1d(signal: tf.Tensor, kernel: Kernel1D, padding: FilterPadding = 'valid'): tf.Tensor {
  return tf.tidy(() => {
    const k = kernel instanceof tf.Tensor ? kernel : tf.tensor1d(kernel);
    if (k.rank !== 1) throw new Error(`correlate1d: the kernel must be 1D, received shape [${k.shape.join(', ')}]`);
    let img: tf.Tensor;
    if (signal.rank === 1) img = tf.reshape(signal, [1, signal.shape[0]!]);
    else if (signal.rank === 2) img = tf.expandDims(signal, 0);
    else if (signal.rank === 3) img = tf.expandDims(signal, 1);
    else throw new Error(`correlate1d: expected a signal [n], [n, channels] or [batch, n, channels], received shape [${signal.shape.join(', ')}]`);
    // A [1, k] kernel pads nothing on the height-1 axis, whatever the padding mode.
    const row = correlate2d(img, tf.reshape(k, [1, k.shape[0]!]), padding);
    if (signal.rank === 1) return tf.reshape(row, [row.shape[row.rank - 1]!]);
    if (signal.rank === 2) return tf.squeeze(row, [0]);
    return tf.squeeze(row, [1]);
  });
}

/**
 * True 1D convolution (the kernel flipped), e.g. `numpy.convolve(x, k, 'valid')`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { convolve1d } from '@sinew/vision';
 * convolve1d(tf.tensor1d([1, 2, 3]), [0, 1, 0.5], 'full').print(); // [0, 1, 2.5, 4, 1.5]
 * ```
 */
export function convolve1d(signal: tf.Tensor, kernel: Kernel1D, padding: FilterPadding = 'valid'): tf.Tensor {
  return tf.tidy(() => correlate1d(signal, tf.reverse(kernel instanceof tf.Tensor ? kernel : tf.tensor1d(kernel)), padding));
}
