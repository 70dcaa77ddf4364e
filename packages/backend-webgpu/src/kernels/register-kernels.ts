import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { addNConfig } from './add-n.js';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { padV2Config } from './pad-v2.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** Sinew's replacements for tfjs-backend-webgpu kernels, each built from the kernel it replaces. */
const replacements: Record<string, (original: KernelConfig) => KernelConfig> = {
  AddN: addNConfig,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dBackpropFilterConfig,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dBackpropInputConfig,
  PadV2: padV2Config,
  UnsortedSegmentSum: unsortedSegmentSumConfig,
};

let registered = false;

/**
 * Registers the kernels Sinew adds to or fixes in 'webgpu' (idempotent). Call after
 * tfjs-backend-webgpu has registered its own.
 */
export function registerSinewWebGPUKernels(): void {
  if (registered) return;
  for (const [name, make] of Object.entries(replacements)) {
    const original = tf.getKernel(name, 'webgpu');
    if (!original) continue;
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel(make(original));
  }
  registered = true;
}
