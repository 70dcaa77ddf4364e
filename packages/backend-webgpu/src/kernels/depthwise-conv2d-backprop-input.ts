import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { dilateFilterOnGPU, dilationPair } from './dilate-filter.js';

/**
 * DepthwiseConv2dNativeBackpropInput that honours `dilations`. tfjs-backend-webgpu 4.22's shader steps
 * through the filter taps one pixel apart whatever the dilation (it only pads for the dilated size), so
 * dx is wrong for any rate above 1. A convolution with taps `rate` apart is the undilated convolution
 * with the filter spread out by zeros, so here the filter is spread on the GPU (see
 * {@link dilateFilterOnGPU}) and tfjs's own kernel runs with dilation 1; the padding, computed from the
 * spread filter's size, is the same as the dilated one's.
 *
 * Inputs: dy `[batch, outHeight, outWidth, inChannels·multiplier]`, filter `[fh, fw, inChannels, multiplier]`.
 * Output: `inputShape` = `[batch, height, width, inChannels]`.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter },
 *   { strides: 1, dilations: 2, pad: 'same', inputShape: [1, 7, 7, 2] });
 * ```
 */
export function depthwiseConv2dBackpropInputConfig(original: KernelConfig): KernelConfig {
  const kernelName = 'DepthwiseConv2dNativeBackpropInput';
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const rates = dilationPair(kernelName, (attrs as { dilations?: unknown }).dilations);
    if (rates[0] === 1 && rates[1] === 1) return original.kernelFunc({ inputs, backend, attrs });
    const b = backend as tf.KernelBackend;
    const spread = dilateFilterOnGPU(filter, rates, b);
    try {
      const undilated: NamedAttrMap = { ...attrs, dilations: [1, 1] };
      return original.kernelFunc({ inputs: { dy, filter: spread }, backend, attrs: undilated });
    } finally {
      b.disposeData(spread.dataId);
    }
  };
  return { kernelName, backendName: 'webgpu', kernelFunc };
}
