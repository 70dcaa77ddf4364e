import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { dilatedSize, dilationPair } from './dilate-filter.js';

/**
 * DepthwiseConv2dNativeBackpropFilter that honours `dilations`. tfjs-backend-webgpu 4.22's shader
 * correlates x and dy at taps one pixel apart whatever the dilation, so dW is wrong for any rate above
 * 1. A dilated `[fh, fw]` filter acts as the `[(fh-1)·rh+1, (fw-1)·rw+1]` filter whose other taps are
 * zero, so the gradient of tap `(r, s)` is the spread filter's gradient at `(r·rh, s·rw)`: tfjs's own
 * kernel computes that spread gradient with dilation 1 (same padding, same output size), and a
 * StridedSlice keeps every rate-th tap, all on the GPU.
 *
 * Inputs: x `[batch, height, width, inChannels]`, dy `[batch, outHeight, outWidth, inChannels·multiplier]`.
 * Output: `filterShape` = `[fh, fw, inChannels, multiplier]`.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
 *   { strides: 1, dilations: 2, pad: 'same', filterShape: [3, 3, 2, 2] });
 * ```
 */
export function depthwiseConv2dBackpropFilterConfig(original: KernelConfig): KernelConfig {
  const kernelName = 'DepthwiseConv2dNativeBackpropFilter';
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const rates = dilationPair(kernelName, (attrs as { dilations?: unknown }).dilations);
    if (rates[0] === 1 && rates[1] === 1) return original.kernelFunc({ inputs, backend, attrs });
    const [fh, fw, inC, m] = (attrs as { filterShape: [number, number, number, number] }).filterShape;
    const spreadShape = [dilatedSize(fh, rates[0]), dilatedSize(fw, rates[1]), inC, m];
    const undilated: NamedAttrMap = { ...attrs, dilations: [1, 1], filterShape: spreadShape };
    const b = backend as tf.KernelBackend;
    const spread = original.kernelFunc({ inputs, backend, attrs: undilated }) as TensorInfo;
    try {
      return callKernel('StridedSlice', { x: spread }, b, {
        begin: [0, 0, 0, 0],
        end: spreadShape,
        strides: [rates[0], rates[1], 1, 1],
        beginMask: 0,
        endMask: 0,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask: 0,
      });
    } finally {
      b.disposeData(spread.dataId);
    }
  };
  return { kernelName, backendName: 'webgpu', kernelFunc };
}
