import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { filterTaps, gatherTap, geometry2d, padSpatialAxes } from './spatial-taps.js';

/**
 * Conv2DBackpropFilter for a backend that lacks it (tfjs-backend-wasm 4.22), composed of that
 * backend's own kernels: dW[fh, fw] = patches(fh, fw)ᵀ · dy, one matrix product per filter tap over
 * the `batch·outHeight·outWidth` positions (im2col a tap at a time, no K-times-larger buffer). The
 * input is made channels-first once so each patch is already the left operand `[inChannels, positions]`
 * and dy the right one `[positions, outChannels]`: plain products, XNNPACK's fast path.
 *
 * Inputs: x `[batch, height, width, inChannels]`, dy `[batch, outHeight, outWidth, outChannels]`
 * (NCHW is transposed to NHWC first). Output: `filterShape` = `[fh, fw, inChannels, outChannels]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2dBackpropFilterConfig('wasm'));
 * const dw = tf.grad((w) => tf.sum(tf.conv2d(x, w, 1, 'same')))(w); // now runs on wasm
 * ```
 */
export function conv2dBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = requireInputs(tf.Conv2DBackpropFilter, inputs, ['x', 'dy']);
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const nchw = dataFormat === 'NCHW';
        const xNhwc = nchw ? k.run('Transpose', { x }, { perm: [0, 2, 3, 1] }) : x;
        const dyNhwc = nchw ? k.run('Transpose', { x: dy }, { perm: [0, 2, 3, 1] }) : dy;
        const g = geometry2d(
          tf.backend_util.computeConv2DInfo(xNhwc.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode),
        );
        const [fh, fw, inC, outC] = filterShape;
        const n = xNhwc.shape[0]! * g.outSizes[0]! * g.outSizes[1]!;
        const dy2 = k.reshape(dyNhwc, [n, outC]);
        // [inC, batch, H, W], padded: each tap is [inC, batch, outH, outW] = [inC, positions].
        const xCF = padSpatialAxes(k, k.run('Transpose', { x: xNhwc }, { perm: [3, 0, 1, 2] }), g, 0, 2);
        const taps = filterTaps(g.filterSizes).map((tap) =>
          k.run('BatchMatMul', { a: k.reshape(gatherTap(k, xCF, g, tap, 2), [inC, n]), b: dy2 }, { transposeA: false, transposeB: false }),
        );
        const stacked = taps.length === 1 ? taps[0]! : k.run('Pack', taps, { axis: 0 });
        return k.keep(k.reshape(stacked, [fh, fw, inC, outC]));
      } finally {
        k.dispose();
      }
    },
  };
}
