import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { geometry2d, transposedConvInput } from './spatial-taps.js';

/**
 * Conv2DBackpropInput (the input gradient of conv2d, and conv2dTranspose's forward pass) run as the
 * backend's own Conv2D (XNNPACK on wasm): dx is the stride-1 'valid' correlation of dy — zero-stuffed
 * by the strides and padded — with the filter flipped in space and its channel axes swapped, at the
 * forward dilation. tfjs-backend-wasm 4.22's own kernel is a plain loop, several times slower.
 *
 * Inputs: dy `[batch, outHeight, outWidth, outChannels]`, filter `[fh, fw, inChannels, outChannels]`
 * (NCHW dy is transposed to NHWC and back). Output: `inputShape`.
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2dBackpropInputConfig('wasm'));
 * const y = tf.conv2dTranspose(x, w, [1, 8, 8, 2], 2, 'same'); // runs through it
 * ```
 */
export function conv2dBackpropInputConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = requireInputs(tf.Conv2DBackpropInput, inputs, ['dy', 'filter']);
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const nchw = dataFormat === 'NCHW';
        const inShape = (nchw ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]] : inputShape) as [number, number, number, number];
        const dyNhwc = nchw ? k.run('Transpose', { x: dy }, { perm: [0, 2, 3, 1] }) : dy;
        const g = geometry2d(
          tf.backend_util.computeConv2DInfo(inShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode),
        );
        const flipped = k.run('Transpose', { x: k.run('Reverse', { x: filter }, { dims: [0, 1] }) }, { perm: [0, 1, 3, 2] });
        const dx = k.run('Conv2D', { x: transposedConvInput(k, dyNhwc, g), filter: flipped }, {
          strides: [1, 1],
          pad: 'valid',
          dataFormat: 'NHWC',
          dilations: [1, 1],
        });
        return k.keep(nchw ? k.run('Transpose', { x: dx }, { perm: [0, 3, 1, 2] }) : dx);
      } finally {
        k.dispose();
      }
    },
  };
}
