import * as tf from '@tensorflow/tfjs-core';
import { filterTaps, gatherTap, geometry2d, padSpatialAxes } from './spatial-taps.js';
import { KernelScope, requireInputs } from './kernel-scope.js';

/**
 * DepthwiseConv2dNativeBackpropFilter for a backend that lacks it, composed of that backend's kernels.
 * For each filter tap, dW[fh, fw, c, m] = Σ_positions patch[c, p] · dy[c, m, p]: channels-first copies
 * of the padded input and of dy are made once, so every tap is one broadcast multiply and one
 * innermost-axis sum (no per-tap transposes).
 *
 * Inputs: x `[batch, height, width, inChannels]`, dy `[batch, outHeight, outWidth, inChannels·multiplier]`.
 * Output: `filterShape` = `[fh, fw, inChannels, multiplier]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(depthwiseConv2dBackpropFilterConfig('wasm'));
 * const dw = tf.grad((w) => tf.depthwiseConv2d(x, w, 1, 'same').sum())(w);
 * ```
 */
export function depthwiseConv2dBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = requireInputs(tf.DepthwiseConv2dNativeBackpropFilter, inputs, ['x', 'dy']);
      const { strides, dilations, pad, dimRoundingMode, filterShape } =
        attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const g = geometry2d(
          tf.backend_util.computeConv2DInfo(
            x.shape as [number, number, number, number],
            filterShape,
            strides,
            dilations,
            pad,
            dimRoundingMode,
            true,
          ),
        );
        const [fh, fw, inC, mult] = filterShape;
        const n = x.shape[0]! * g.outSizes[0]! * g.outSizes[1]!;
        // Channels first: [inC, batch, H, W], so a tap is [inC, batch, outH, outW] = [inC, 1, n].
        const paddedCF = padSpatialAxes(k, k.run('Transpose', { x }, { perm: [3, 0, 1, 2] }), g, 0, 2);
        // dy [n, inC, mult] -> [inC, mult, n]
        const dyCF = k.run('Transpose', { x: k.reshape(dy, [n, inC, mult]) }, { perm: [1, 2, 0] });
        const taps = filterTaps(g.filterSizes).map((tap) => {
          const patch = k.reshape(gatherTap(k, paddedCF, g, tap, 2), [inC, 1, n]);
          return k.run('Sum', { x: k.run('Multiply', { a: patch, b: dyCF }) }, { axis: [2], keepDims: false });
        });
        const stacked = k.run('Pack', taps, { axis: 0 });
        return k.keep(k.reshape(stacked, [fh, fw, inC, mult]));
      } finally {
        k.dispose();
      }
    },
  };
}
