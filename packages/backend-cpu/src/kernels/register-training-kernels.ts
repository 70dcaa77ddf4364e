import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { conv3dBackpropFilterConfig } from './conv3d-backprop-filter.js';
import { conv3dBackpropInputConfig } from './conv3d-backprop-input.js';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { sliceConfig, splitVConfig, unpackConfig } from './slice.js';
import { stridedSliceConfig } from './strided-slice.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

type Factory = (backendName: string, original: tf.KernelConfig) => tf.KernelConfig;

/** Training kernels tfjs-backend-wasm 4.22 does not have; added where absent. */
const MISSING: Record<string, Factory> = {
  [tf.Conv2DBackpropFilter]: conv2dBackpropFilterConfig,
  [tf.DepthwiseConv2dNativeBackpropFilter]: depthwiseConv2dBackpropFilterConfig,
  [tf.DepthwiseConv2dNativeBackpropInput]: depthwiseConv2dBackpropInputConfig,
  [tf.UnsortedSegmentSum]: unsortedSegmentSumConfig,
};

/**
 * Training kernels tfjs-backend-wasm 4.22 has but computes wrongly (found by the conformance suite
 * against tfjs-backend-cpu and finite differences), or slowly (a plain loop where XNNPACK can do the
 * work); replaced.
 */
const WRONG: Record<string, Factory> = {
  [tf.Conv2DBackpropInput]: conv2dBackpropInputConfig,
  [tf.MaxPoolGrad]: maxPoolGradConfig,
  [tf.Conv3DBackpropFilterV2]: conv3dBackpropFilterConfig,
  [tf.Conv3DBackpropInputV2]: conv3dBackpropInputConfig,
  [tf.StridedSlice]: stridedSliceConfig,
  // tfjs's Slice copies the whole input per call (SplitV and Unpack, once per output): O(n) per slice.
  [tf.Slice]: sliceConfig,
  [tf.SplitV]: splitVConfig,
  [tf.Unpack]: unpackConfig,
};

/**
 * The kernels Sinew adds to (or replaces in) tfjs-backend-wasm 4.22 so that every model trains.
 *
 * @example
 * ```ts
 * import { WASM_TRAINING_KERNELS } from '@sinew/backend-cpu';
 * console.log(WASM_TRAINING_KERNELS.includes('Conv2DBackpropFilter')); // true
 * ```
 */
export const WASM_TRAINING_KERNELS: readonly string[] = [...Object.keys(MISSING), ...Object.keys(WRONG)];

const ours = new WeakSet<tf.KernelFunc>();
const originals = new Map<string, tf.KernelConfig>();

/**
 * Registers Sinew's training kernels for `backendName` (default 'wasm'): each of
 * {@link WASM_TRAINING_KERNELS} that is missing is added, each one tfjs computes wrongly is replaced.
 * Idempotent; returns the names it registered this time.
 *
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * registerTrainingKernels(); // ['Conv2DBackpropFilter', ...] the first time, [] after
 * ```
 */
export function registerTrainingKernels(backendName = 'wasm'): string[] {
  const added: string[] = [];
  for (const [name, factory] of Object.entries({ ...MISSING, ...WRONG })) {
    const current = tf.getKernel(name, backendName);
    if (current && ours.has(current.kernelFunc)) continue;
    // A kernel a later tfjs adds is trusted; one we know to be wrong is replaced (and kept for unregister).
    if (current && name in MISSING) continue;
    if (!current && name in WRONG) continue; // nothing to correct on this backend
    if (current) {
      originals.set(`${backendName}/${name}`, current);
      tf.unregisterKernel(name, backendName);
    }
    const original = current ?? originals.get(`${backendName}/${name}`);
    const config = factory(backendName, original!);
    // tfjs's kernel may still be called (StridedSlice delegates to it): the engine must still set it
    // up when it initialises the backend.
    if (original?.setupFunc && !config.setupFunc) config.setupFunc = original.setupFunc;
    ours.add(config.kernelFunc);
    tf.registerKernel(config);
    added.push(name);
  }
  return added;
}

/**
 * Removes Sinew's kernels named in `names` from `backendName`, restoring tfjs's own where it had one
 * (tests use it to see a bare tfjs-backend-wasm).
 *
 * @example
 * ```ts
 * const added = registerTrainingKernels();
 * unregisterTrainingKernels(added); // back to tfjs-backend-wasm as published
 * ```
 */
export function unregisterTrainingKernels(names: readonly string[] = WASM_TRAINING_KERNELS, backendName = 'wasm'): void {
  for (const name of names) {
    const current = tf.getKernel(name, backendName);
    if (!current || !ours.has(current.kernelFunc)) continue;
    tf.unregisterKernel(name, backendName);
    const original = originals.get(`${backendName}/${name}`);
    if (original) tf.registerKernel(original);
  }
}
