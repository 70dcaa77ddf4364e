import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { filterTaps, gatherTap, geometry3d, padSpatialAxes } from './spatial-taps.js';

/**
 * Conv3DBackpropFilterV2 composed of the backend's kernels (tfjs-backend-wasm 4.22's own is wrong
 * for strided 'same' convolutions): dW[tap] = dyᵀ · patches(tap), one matmul per filter tap.
 *
 * Inputs: x `[batch, depth, height, width, inChannels]`, dy `[batch, outD, outH, outW, outChannels]`.
 * Output: `filterShape` = `[fd, fh, fw, inChannels, outChannels]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv3dBackpropFilterConfig('wasm'));
 * ```
 */
export function conv3dBackpropFilterConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv3DBackpropFilterV2,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = requireInputs(tf.Conv3DBackpropFilterV2, inputs, ['x', 'dy']);
      const { strides, pad, filterShape } = attrs as unknown as tf.Conv3DBackpropFilterV2Attrs;
      const k = new KernelScope(backend, backendName);
      try {
        const info = tf.backend_util.computeConv3DInfo(
          x.shape as [number, number, number, number, number],
          filterShape,
          strides,
          1,
          pad,
        );
        const g = geometry3d(info);
        const [, , , inC, outC] = filterShape;
        const n = x.shape[0]! * g.outSizes.reduce((a, b) => a * b, 1);
        const dyT = k.run('Transpose', { x: k.reshape(dy, [n, outC]) }, { perm: [1, 0] });
        const padded = padSpatialAxes(k, x, g);
        const taps = filterTaps(g.filterSizes).map((tap) =>
          k.run('BatchMatMul', { a: dyT, b: k.reshape(gatherTap(k, padded, g, tap), [n, inC]) }, { transposeA: false, transposeB: false }),
        );
        const stacked = k.run('Pack', taps, { axis: 0 });
        const swapped = k.run('Transpose', { x: stacked }, { perm: [0, 2, 1] });
        return k.keep(k.reshape(swapped, [...filterShape]));
      } finally {
        k.dispose();
      }
    },
  };
}
