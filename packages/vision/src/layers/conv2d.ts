import { registerLayer } from '@sinew/core';
import { BaseConv, type ConvArgs } from './base-conv.js';

/**
 * 2D convolution over images: input `[batch, height, width, channels]`, kernel
 * `[kh, kw, channels / groups, filters]`, bias `[filters]`, output `[batch, outH, outW, filters]`.
 * Like Keras (and tfjs, and every deep-learning library) it computes a cross-correlation: the kernel
 * is not flipped.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv2d } from '@sinew/vision';
 * const layer = conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' });
 * const y = layer.apply(tf.ones([1, 28, 28, 1])); // [1, 28, 28, 8]
 * ```
 */
export class Conv2D extends BaseConv {
  static override readonly className = 'Conv2D';
  constructor(args: ConvArgs) {
    super(2, args);
  }
}
registerLayer(Conv2D);

/** Creates a {@link Conv2D} layer. @example `conv2d({ filters: 16, kernelSize: [3, 3], strides: 2 })` */
export function conv2d(args: ConvArgs): Conv2D {
  return new Conv2D(args);
}
