import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { filterTaps, gatherTap, geometry2d, padSpatialAxes, scatterTap, sumAll } from './spatial-taps.js';

/**
 * MaxPoolGrad composed of the backend's kernels (tfjs-backend-wasm 4.22's own sends the gradient of an
 * all-negative window to its first pixel instead of its maximum): each window's gradient goes to
 * the first pixel, in scan order, that equals the window's maximum, as tfjs-backend-cpu does.
 * Per tap: hit = (patch == max) ∧ ¬taken; the hits' dy are put back in place (col2im) and summed.
 *
 * Inputs: dy `[batch, outH, outW, channels]`, input `[batch, height, width, channels]`, output
 * (the pooled maxima). Output: `[batch, height, width, channels]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(maxPoolGradConfig('wasm'));
 * ```
 */
export function maxPoolGradConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.MaxPoolGrad,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, input, output } = requireInputs(tf.MaxPoolGrad, inputs, ['dy', 'input', 'output']);
      const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const info = tf.backend_util.computePool2DInfo(
          input.shape as [number, number, number, number],
          filterSize,
          strides,
          1,
          pad,
          dimRoundingMode,
        );
        const g = geometry2d(info);
        // Padding never wins a window.
        const padded = padSpatialAxes(k, input, g, -Infinity);
        const zeros = k.run('ZerosLike', { x: dy });
        let taken: tf.TensorInfo | undefined;
        const placed: tf.TensorInfo[] = [];
        for (const tap of filterTaps(g.filterSizes)) {
          let hit = k.run('Equal', { a: gatherTap(k, padded, g, tap), b: output });
          if (taken) hit = k.run('LogicalAnd', { a: hit, b: k.run('LogicalNot', { x: taken }) });
          taken = taken ? k.run('LogicalOr', { a: taken, b: hit }) : hit;
          placed.push(scatterTap(k, k.run('Select', { condition: hit, t: dy, e: zeros }), g, tap));
        }
        return k.keep(sumAll(k, placed));
      } finally {
        k.dispose();
      }
    },
  };
}
