import { registerLayer } from '@sinew/core';
import { BaseConvTranspose, type ConvTransposeArgs } from './base-conv-transpose.js';

/**
 * 3D transposed convolution over volumes: input `[batch, d, h, w, channels]`, kernel `[kd, kh, kw, filters, channels]`, bias
 * `[filters]`, output `[batch, outD, outH, outW, filters]`; output lengths follow {@link deconvOutputLength}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv3dTranspose } from '@sinew/vision';
 * const y = conv3dTranspose({ filters: 2, kernelSize: 3, strides: 2 }).apply(tf.ones([1, 2, 2, 2, 1])); // [1, 5, 5, 5, 2]
 * ```
 */
export class Conv3DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv3DTranspose';
  constructor(args: ConvTransposeArgs) {
    super(3, args);
  }
}
registerLayer(Conv3DTranspose);

/** Creates a {@link Conv3DTranspose} layer. @example `conv3dTranspose({ filters: 2, kernelSize: 3, strides: 2 })` */
export function conv3dTranspose(args: ConvTransposeArgs): Conv3DTranspose {
  return new Conv3DTranspose(args);
}
