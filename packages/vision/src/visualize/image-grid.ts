import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Tiles per row (default ceil(sqrt(n))). */
  columns?: number;
  /** Pixels between tiles (default 1). */
  padding?: number;
  /** Value of the padding pixels after normalisation (default 1, white). */
  padValue?: number;
  /** Scale each tile to [0, 1] on its own ('tile', default), all together ('global'), or not ('none'). */
  normalize?: 'tile' | 'global' | 'none';
}

/**
 * Tiles images into one picture: `[n, h, w, c]` → `[rows·(h + p) − p, cols·(w + p) − p, c]`, values
 * scaled to [0, 1] per tile by default (min-max), ready for display or {@link encodePng}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { imageGrid } from '@sinew/vision';
 * const grid = imageGrid(tf.randomUniform([10, 8, 8, 1])); // [35, 35, 1]: 4 columns, 3 rows
 * ```
 */
export function imageGrid(images: tf.Tensor, options: ImageGridOptions = {}): tf.Tensor3D {
  if (images.rank !== 4) throw new Error(`imageGrid: expected images [n, h, w, channels], received shape [${images.shape.join(', ')}]`);
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const cols = options.columns ?? Math.ceil(Math.sqrt(n));
  const pad = options.padding ?? 1;
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`imageGrid: columns must be a positive integer. Received: columns=${options.columns}`);
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`imageGrid: padding must be a non-negative integer. Received: padding=${options.padding}`);
  const rows = Math.ceil(n / cols);
  const padValue = options.padValue ?? 1;
  return tf.tidy(() => {
    let x = tf.cast(images, 'float32');
    const mode = options.normalize ?? 'tile';
    if (mode !== 'none') {
      const axes = mode === 'tile' ? [1, 2, 3] : [0, 1, 2, 3];
      const lo = tf.min(x, axes, true);
      const span = tf.sub(tf.max(x, axes, true), lo);
      // A constant tile maps to 0.5 rather than dividing by zero.
      x = tf.where(tf.greater(span, 0), tf.div(tf.sub(x, lo), tf.maximum(span, 1e-12)), tf.fill(x.shape, 0.5));
    }
    const total = rows * cols;
    if (total > n) x = tf.concat([x, tf.fill([total - n, h, w, c], padValue)], 0);
    // Pad each tile on its bottom and right, tile them, then drop the last row and column of padding.
    x = tf.pad(x, [[0, 0], [0, pad], [0, pad], [0, 0]], padValue);
    const grid = tf.reshape(tf.transpose(tf.reshape(x, [rows, cols, h + pad, w + pad, c]), [0, 2, 1, 3, 4]), [rows * (h + pad), cols * (w + pad), c]);
    return tf.slice(grid, [0, 0, 0], [rows * (h + pad) - pad, cols * (w + pad) - pad, c]) as tf.Tensor3D;
  });
}

/** Options of {@link filterGrid}. */
export interface FilterGridOptions extends ImageGridOptions {
  /** Which input channel to show when the kernel has neither 1 nor 3 input channels (default 0). */
  inputChannel?: number;
}

/**
 * Shows a convolution's filters as an image grid: kernel `[kh, kw, inChannels, filters]` (Keras's
 * layout; pass `layer.getWeights()[0]` of a Conv2D) → one tile per filter, in colour when the
 * layer reads RGB (3 input channels), else grey (input channel `inputChannel`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv2d, filterGrid } from '@sinew/vision';
 * const conv = conv2d({ filters: 16, kernelSize: 5 });
 * conv.apply(tf.zeros([1, 28, 28, 1])).dispose();
 * const [kernel] = conv.getWeights();
 * const picture = filterGrid(kernel!); // [23, 23, 1]: 4 x 4 tiles of 5 x 5
 * ```
 */
export function filterGrid(kernel: tf.Tensor, options: FilterGridOptions = {}): tf.Tensor3D {
  if (kernel.rank !== 4) throw new Error(`filterGrid: expected a 2D convolution kernel [kh, kw, inChannels, filters], received shape [${kernel.shape.join(', ')}]`);
  const [, , cin] = kernel.shape as [number, number, number, number];
  const ch = options.inputChannel ?? 0;
  if (cin !== 3 && (!Number.isInteger(ch) || ch < 0 || ch >= cin)) throw new Error(`filterGrid: inputChannel must be in [0, ${cin}). Received: inputChannel=${options.inputChannel}`);
  return tf.tidy(() => {
    const k = cin === 3 ? kernel : tf.slice(kernel, [0, 0, ch, 0], [-1, -1, 1, -1]);
    return imageGrid(tf.transpose(k, [3, 0, 1, 2]), options);
  });
}

/**
 * Shows the feature maps of one example as an image grid: `[h, w, c]` or `[1, h, w, c]` (a conv
 * layer's output) → one grey tile per channel.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { featureMapGrid } from '@sinew/vision';
 * const grid = featureMapGrid(tf.randomUniform([1, 6, 6, 8])); // [20, 13, 1]: 3 columns x 3 rows
 * ```
 */
export function featureMapGrid(maps: tf.Tensor, options: ImageGridOptions = {}): tf.Tensor3D {
  if (!(maps.rank === 3 || (maps.rank === 4 && maps.shape[0] === 1))) {
    throw new Error(`featureMapGrid: expected the maps of one example, [h, w, channels] or [1, h, w, channels], received shape [${maps.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const m = maps.rank === 4 ? tf.squeeze(maps, [0]) : maps;
    return imageGrid(tf.expandDims(tf.transpose(m, [2, 0, 1]), -1), options);
  });
}
