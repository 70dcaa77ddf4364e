import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { filterTaps, geometry3d, scatterTap, sumAll } from './spatial-taps.js';

/**
 * Conv3DBackpropInputV2 (also the forward pass of conv3dTranspose) composed of the backend's kernels
 * (tfjs-backend-wasm 4.22's own returns wrong values for most shapes): one matmul dy · Wᵀ gives every
 * tap's contribution, and col2im (zero-stuff, shift, AddN) puts them back in place.
 *
 * Inputs: dy `[batch, outD, outH, outW, outChannels]`, filter `[fd, fh, fw, inChannels, outChannels]`.
 * Output: `inputShape` = `[batch, depth, height, width, inChannels]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv3dBackpropInputConfig('wasm'));
 * ```
 */
export function conv3dBackpropInputConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv3DBackpropInputV2,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = requireInputs(tf.Conv3DBackpropInputV2, inputs, ['dy', 'filter']);
      const { strides, pad, inputShape } = attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
      const k = new KernelScope(backend, backendName);
      try {
        const filterShape = filter.shape as [number, number, number, number, number];
        const info = tf.backend_util.computeConv3DInfo(inputShape, filterShape, strides, 1, pad);
        const g = geometry3d(info);
        const [fd, fh, fw, inC, outC] = filterShape;
        const nTaps = fd * fh * fw;
        const batch = inputShape[0];
        const n = batch * g.outSizes.reduce((a, b) => a * b, 1);
        // W [taps, inC, outC] -> [outC, taps·inC], so one plain matmul yields every tap's columns.
        const wT = k.reshape(k.run('Transpose', { x: k.reshape(filter, [nTaps, inC, outC]) }, { perm: [2, 0, 1] }), [outC, nTaps * inC]);
        const cols = k.reshape(
          k.run('BatchMatMul', { a: k.reshape(dy, [n, outC]), b: wT }, { transposeA: false, transposeB: false }),
          [n, nTaps, inC],
        );
        const placed = filterTaps(g.filterSizes).map((tap, t) => {
          const col = k.run('Slice', { x: cols }, { begin: [0, t, 0], size: [n, 1, inC] });
          return scatterTap(k, k.reshape(col, [batch, ...g.outSizes, inC]), g, tap);
        });
        return k.keep(sumAll(k, placed));
      } finally {
        k.dispose();
      }
    },
  };
}
