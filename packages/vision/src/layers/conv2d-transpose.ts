import { registerLayer } from '@sinew/core';
import { BaseConvTranspose, type ConvTransposeArgs } from './base-conv-transpose.js';

/**
 * 2D transposed convolution over images (the decoder half of autoencoders and segmentation networks): input `[batch, h, w, channels]`, kernel `[kh, kw, filters, channels]`, bias
 * `[filters]`, output `[batch, outH, outW, filters]`; output lengths follow {@link deconvOutputLength}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv2dTranspose } from '@sinew/vision';
 * const y = conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }).apply(tf.ones([1, 4, 4, 8])); // [1, 8, 8, 3]
 * ```
 */
export class Conv2DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv2DTranspose';
  constructor(args: ConvTransposeArgs) {
    super(2, args);
  }
}
registerLayer(Conv2DTranspose);

/** Creates a {@link Conv2DTranspose} layer. @example `conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' })` */
export function conv2dTranspose(args: ConvTransposeArgs): Conv2DTranspose {
  return new Conv2DTranspose(args);
}
