import { registerLayer } from '@sinew/core';
import { BaseConvTranspose, type ConvTransposeArgs } from './base-conv-transpose.js';

/**
 * 1D transposed convolution over sequences: input `[batch, steps, channels]`, kernel `[kernelSize, filters, channels]`, bias
 * `[filters]`, output `[batch, outSteps, filters]`; output lengths follow {@link deconvOutputLength}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv1dTranspose } from '@sinew/vision';
 * const y = conv1dTranspose({ filters: 4, kernelSize: 3, strides: 2 }).apply(tf.ones([2, 5, 3])); // [2, 11, 4]
 * ```
 */
export class Conv1DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv1DTranspose';
  constructor(args: ConvTransposeArgs) {
    super(1, args);
  }
}
registerLayer(Conv1DTranspose);

/** Creates a {@link Conv1DTranspose} layer. @example `conv1dTranspose({ filters: 4, kernelSize: 3, strides: 2 })` */
export function conv1dTranspose(args: ConvTransposeArgs): Conv1DTranspose {
  return new Conv1DTranspose(args);
}
