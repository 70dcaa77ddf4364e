import { registerLayer } from '@sinew/core';
import { BaseConv, type ConvArgs } from './base-conv.js';

/**
 * 1D convolution over sequences: input `[batch, steps, channels]`, kernel
 * `[kernelSize, channels / groups, filters]`, output `[batch, newSteps, filters]`. Padding 'causal'
 * pads only the start, so output step t sees inputs up to t.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { conv1d } from '@sinew/vision';
 * const y = conv1d({ filters: 4, kernelSize: 3, padding: 'causal' }).apply(tf.ones([2, 10, 3])); // [2, 10, 4]
 * ```
 */
export class Conv1D extends BaseConv {
  static override readonly className = 'Conv1D';
  constructor(args: ConvArgs) {
    super(1, args);
  }
}
registerLayer(Conv1D);

/** Creates a {@link Conv1D} layer. @example `conv1d({ filters: 8, kernelSize: 5 })` */
export function conv1d(args: ConvArgs): Conv1D {
  return new Conv1D(args);
}
