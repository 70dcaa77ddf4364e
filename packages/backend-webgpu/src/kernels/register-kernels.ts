import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { addNConfig } from './add-n.js';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { argMinMaxConfig } from './arg-min-max.js';
import { broadcastBinaryConfig, broadcastingBinaryKernels } from './broadcast-binary.js';
import { cumulativeConfig } from './cumulative.js';
import { mirrorPadConfig } from './mirror-pad.js';
import { padV2Config } from './pad-v2.js';
import { reduceConfig } from './reduce.js';
import { reverseConfig } from './reverse.js';
import { selectConfig } from './select.js';
import { stridedSliceConfig } from './strided-slice.js';
import { tileConfig } from './tile.js';
import { transposeConfig } from './transpose.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

/** Sinew's replacements for tfjs-backend-webgpu kernels, each built from the kernel it replaces. */
const replacements: Record<string, (original: KernelConfig) => KernelConfig> = {
  AddN: addNConfig,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dBackpropFilterConfig,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dBackpropInputConfig,
  PadV2: padV2Config,
  UnsortedSegmentSum: unsortedSegmentSumConfig,
  // Rank 5 and 6 (3-D models): tfjs-backend-webgpu's shaders index coordinates as WGSL vectors (rank 4 at most).
  MirrorPad: mirrorPadConfig,
  StridedSlice: stridedSliceConfig,
  Reverse: reverseConfig,
  Tile: tileConfig,
  // Every rank from 3: tfjs-backend-webgpu's transpose shader only compiles for float32.
  Transpose: transposeConfig,
  Select: selectConfig,
  Cumsum: cumulativeConfig,
  Cumprod: cumulativeConfig,
  ...Object.fromEntries(broadcastingBinaryKernels.map((name) => [name, broadcastBinaryConfig])),
  // Any rank: int32 inputs reduced along inner axes (tfjs transposes them with a float-only shader).
  ArgMax: argMinMaxConfig,
  ArgMin: argMinMaxConfig,
  ...Object.fromEntries(['Sum', 'Mean', 'Max', 'Min', 'Prod', 'All', 'Any'].map((name) => [name, reduceConfig])),
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
