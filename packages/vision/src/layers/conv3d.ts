import { registerLayer } from '@sinew/core';
import { BaseConv, type ConvArgs } from './base-conv.js';

/**
 * 3D convolution over volumes: input `[batch, depth, height, width, channels]`, kernel
 * `[kd, kh, kw, channels / groups, filters]`, output `[batch, outD, outH, outW, filters]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv3d } from '@sinew/vision';
 * const y = conv3d({ filters: 2, kernelSize: 3 }).apply(tf.ones([1, 5, 5, 5, 1])); // [1, 3, 3, 3, 2]
 * ```
 */
export class Conv3D extends BaseConv {
  static override readonly className = 'Conv3D';
  constructor(args: ConvArgs) {
    super(3, args);
  }
}
registerLayer(Conv3D);

/** Creates a {@link Conv3D} layer. @example `conv3d({ filters: 4, kernelSize: [3, 3, 3] })` */
export function conv3d(args: ConvArgs): Conv3D {
  return new Conv3D(args);
}
