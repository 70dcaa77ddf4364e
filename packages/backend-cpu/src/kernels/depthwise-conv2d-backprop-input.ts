import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';
import { geometry2d, transposedConvInput } from './spatial-taps.js';

/**
 * DepthwiseConv2dNativeBackpropInput for a backend that lacks it, run as the backend's own (XNNPACK)
 * depthwise convolution: dx is the stride-1 correlation of dy, zero-stuffed by the stride and padded so
 * every tap that reaches an input pixel is inside, with the spatially flipped filter at the forward
 * dilation; each of the `inChannels·multiplier` dy channels is its own group, and the multiplier axis is
 * summed at the end.
 *
 * Inputs: dy `[batch, outHeight, outWidth, inChannels·multiplier]`, filter `[fh, fw, inChannels, multiplier]`.
 * Output: `inputShape` = `[batch, height, width, inChannels]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(depthwiseConv2dBackpropInputConfig('wasm'));
 * const dx = tf.grad((x) => tf.depthwiseConv2d(x, w, 2, 'same').sum())(x);
 * ```
 */
export function depthwiseConv2dBackpropInputConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.DepthwiseConv2dNativeBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = requireInputs(tf.DepthwiseConv2dNativeBackpropInput, inputs, ['dy', 'filter']);
      const { strides, dilations, pad, dimRoundingMode, inputShape } =
        attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const g = geometry2d(
          tf.backend_util.computeConv2DInfo(
            inputShape,
            filter.shape as [number, number, number, number],
            strides,
            dilations,
            pad,
            dimRoundingMode,
            true,
          ),
        );
        const [batch, height, width, inC] = inputShape;
        const [fh, fw, , mult] = filter.shape as [number, number, number, number];
        const channels = inC * mult;
        const u = transposedConvInput(k, dy, g);
        const flipped = k.reshape(k.run('Reverse', { x: filter }, { dims: [0, 1] }), [fh, fw, channels, 1]);
        const z = k.run('DepthwiseConv2dNative', { x: u, filter: flipped }, {
          strides: [1, 1],
          pad: 'valid',
          dilations: g.dilations,
          dataFormat: 'NHWC',
        });
        if (mult === 1) return k.keep(z);
        const summed = k.run('Sum', { x: k.reshape(z, [batch, height, width, inC, mult]) }, { axis: [4], keepDims: false });
        return k.keep(summed);
      } finally {
        k.dispose();
      }
    },
  };
}
