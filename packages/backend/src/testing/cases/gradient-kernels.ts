import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

/** Runs one kernel by name, as a gradient function would. */
function kernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  return tf.engine().runKernel(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/** A [3, 3, c, m] filter dilated by 2: the [5, 5, c, m] filter with zeros between its taps. */
function dilate2(w: tf.Tensor): tf.Tensor {
  const [fh, fw, c, m] = w.shape as [number, number, number, number];
  const spread = tf.pad(tf.reshape(w, [fh, 1, fw, 1, c, m]), [[0, 0], [0, 1], [0, 0], [0, 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spread, [2 * fh, 2 * fw, c, m]), [0, 0, 0, 0], [2 * fh - 1, 2 * fw - 1, c, m]);
}

/**
 * The backward kernels themselves, called directly and compared with the reference, so that they are
 * covered whichever way the registered gradients reach them.
 */
export const gradientKernelCases: ConformanceCase[] = [
  {
    name: 'grad-kernel/conv2d-backprop-filter-stride2-same',
    kernels: ['Conv2DBackpropFilter'],
    inputs: [{ shape: [2, 7, 6, 2] }, { shape: [2, 4, 3, 3] }],
    fn: (x, dy) => kernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv2d-backprop-filter-stride1-valid',
    kernels: ['Conv2DBackpropFilter'],
    inputs: [{ shape: [2, 5, 6, 3] }, { shape: [2, 3, 5, 4] }],
    fn: (x, dy) => kernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 2, 3, 4] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv2d-backprop-input-stride2-same',
    kernels: ['Conv2DBackpropInput'],
    inputs: [{ shape: [2, 4, 3, 3] }, { shape: [3, 3, 2, 3] }],
    fn: (dy, w) => kernel('Conv2DBackpropInput', { dy: dy!, filter: w! }, { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: [2, 7, 6, 2] }),
    grad: false,
  },
  {
    name: 'grad-kernel/depthwise-backprop-filter-multiplier2-stride2',
    kernels: ['DepthwiseConv2dNativeBackpropFilter'],
    inputs: [{ shape: [1, 7, 6, 2] }, { shape: [1, 3, 3, 4] }],
    fn: (x, dy) => kernel('DepthwiseConv2dNativeBackpropFilter', { x: x!, dy: dy! }, { strides: [2, 2], dilations: [1, 1], pad: 'valid', filterShape: [3, 2, 2, 2] }),
    grad: false,
  },
  {
    name: 'grad-kernel/depthwise-backprop-filter-same',
    kernels: ['DepthwiseConv2dNativeBackpropFilter'],
    inputs: [{ shape: [2, 5, 5, 3] }, { shape: [2, 5, 5, 3] }],
    fn: (x, dy) => kernel('DepthwiseConv2dNativeBackpropFilter', { x: x!, dy: dy! }, { strides: [1, 1], dilations: [1, 1], pad: 'same', filterShape: [3, 3, 3, 1] }),
    grad: false,
  },
  {
    name: 'grad-kernel/depthwise-backprop-input-multiplier2-stride2',
    kernels: ['DepthwiseConv2dNativeBackpropInput'],
    inputs: [{ shape: [1, 3, 3, 4] }, { shape: [3, 2, 2, 2] }],
    fn: (dy, w) => kernel('DepthwiseConv2dNativeBackpropInput', { dy: dy!, filter: w! }, { strides: [2, 2], dilations: [1, 1], pad: 'valid', inputShape: [1, 7, 6, 2] }),
    grad: false,
  },
  {
    name: 'grad-kernel/depthwise-backprop-input-same',
    kernels: ['DepthwiseConv2dNativeBackpropInput'],
    inputs: [{ shape: [2, 5, 5, 3] }, { shape: [3, 3, 3, 1] }],
    fn: (dy, w) => kernel('DepthwiseConv2dNativeBackpropInput', { dy: dy!, filter: w! }, { strides: [1, 1], dilations: [1, 1], pad: 'same', inputShape: [2, 5, 5, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv3d-backprop-filter',
    kernels: ['Conv3DBackpropFilterV2'],
    inputs: [{ shape: [1, 4, 4, 3, 2] }, { shape: [1, 3, 3, 2, 3] }],
    fn: (x, dy) => kernel('Conv3DBackpropFilterV2', { x: x!, dy: dy! }, { strides: [1, 1, 1], pad: 'valid', filterShape: [2, 2, 2, 2, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv3d-backprop-input',
    kernels: ['Conv3DBackpropInputV2'],
    inputs: [{ shape: [1, 3, 3, 2, 3] }, { shape: [2, 2, 2, 2, 3] }],
    fn: (dy, w) => kernel('Conv3DBackpropInputV2', { dy: dy!, filter: w! }, { strides: [1, 1, 1], pad: 'valid', inputShape: [1, 4, 4, 3, 2] }),
    grad: false,
  },
  {
    name: 'grad-kernel/max-pool-grad',
    kernels: ['MaxPoolGrad'],
    inputs: [{ shape: [1, 4, 6, 2], init: 'distinct' }, { shape: [1, 2, 3, 2] }],
    fn: (x, dy) => kernel('MaxPoolGrad', { dy: dy!, input: x!, output: tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid') }, { filterSize: [2, 2], strides: [2, 2], pad: 'valid' }),
    grad: false,
  },
  {
    name: 'grad-kernel/avg-pool-grad',
    kernels: ['AvgPoolGrad'],
    inputs: [{ shape: [1, 7, 6, 2] }, { shape: [1, 4, 3, 2] }],
    fn: (x, dy) => kernel('AvgPoolGrad', { dy: dy!, input: x! }, { filterSize: [3, 3], strides: [2, 2], pad: 'same' }),
    grad: false,
  },
  {
    name: 'grad-kernel/max-pool3d-grad',
    kernels: ['MaxPool3DGrad'],
    inputs: [{ shape: [1, 4, 4, 4, 2], init: 'distinct' }, { shape: [1, 2, 2, 2, 2] }],
    fn: (x, dy) => kernel('MaxPool3DGrad', { dy: dy!, input: x!, output: tf.maxPool3d(x as tf.Tensor5D, 2, 2, 'valid') }, { filterSize: [2, 2, 2], strides: [2, 2, 2], pad: 'valid' }),
    grad: false,
  },
  {
    name: 'grad-kernel/avg-pool3d-grad',
    kernels: ['AvgPool3DGrad'],
    inputs: [{ shape: [1, 4, 4, 4, 2] }, { shape: [1, 2, 2, 2, 2] }],
    fn: (x, dy) => kernel('AvgPool3DGrad', { dy: dy!, input: x! }, { filterSize: [2, 2, 2], strides: [2, 2, 2], pad: 'valid' }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv2d-backprop-filter-nchw',
    kernels: ['Conv2DBackpropFilter'],
    inputs: [{ shape: [2, 2, 7, 6] }, { shape: [2, 3, 4, 3] }],
    fn: (x, dy) => kernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv2d-backprop-input-nchw',
    kernels: ['Conv2DBackpropInput'],
    inputs: [{ shape: [2, 3, 4, 3] }, { shape: [3, 3, 2, 3] }],
    fn: (dy, w) => kernel('Conv2DBackpropInput', { dy: dy!, filter: w! }, { strides: [2, 2], pad: 'same', dataFormat: 'NCHW', inputShape: [2, 2, 7, 6] }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv2d-backprop-input-explicit-pad',
    kernels: ['Conv2DBackpropInput'],
    inputs: [{ shape: [1, 4, 3, 2] }, { shape: [3, 3, 3, 2] }],
    fn: (dy, w) => kernel('Conv2DBackpropInput', { dy: dy!, filter: w! }, { strides: [2, 2], pad: [[0, 0], [2, 0], [0, 1], [0, 0]], dataFormat: 'NHWC', inputShape: [1, 7, 6, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/depthwise-backprop-filter-dilation2',
    kernels: ['DepthwiseConv2dNativeBackpropFilter'],
    inputs: [{ shape: [1, 7, 7, 2] }, { shape: [1, 7, 7, 4] }],
    fn: (x, dy) => kernel('DepthwiseConv2dNativeBackpropFilter', { x: x!, dy: dy! }, { strides: [1, 1], dilations: [2, 2], pad: 'same', filterShape: [3, 3, 2, 2] }),
    grad: false,
    referenceFn: {
      reason: 'tfjs-backend-cpu 4.22 ignores dilations in DepthwiseConv2dNativeBackpropFilter',
      // The dilated 3x3 filter is the 5x5 one whose odd taps are zero: take its even taps.
      fn: (x, dy) =>
        tf.stridedSlice(
          kernel('DepthwiseConv2dNativeBackpropFilter', { x: x!, dy: dy! }, { strides: [1, 1], dilations: [1, 1], pad: 'same', filterShape: [5, 5, 2, 2] }),
          [0, 0, 0, 0],
          [5, 5, 2, 2],
          [2, 2, 1, 1],
        ),
    },
  },
  {
    name: 'grad-kernel/depthwise-backprop-input-dilation2',
    kernels: ['DepthwiseConv2dNativeBackpropInput'],
    inputs: [{ shape: [1, 7, 7, 4] }, { shape: [3, 3, 2, 2] }],
    fn: (dy, w) => kernel('DepthwiseConv2dNativeBackpropInput', { dy: dy!, filter: w! }, { strides: [1, 1], dilations: [2, 2], pad: 'same', inputShape: [1, 7, 7, 2] }),
    grad: false,
    referenceFn: {
      reason: 'tfjs-backend-cpu 4.22 ignores dilations in DepthwiseConv2dNativeBackpropInput',
      fn: (dy, w) => kernel('DepthwiseConv2dNativeBackpropInput', { dy: dy!, filter: dilate2(w!) }, { strides: [1, 1], dilations: [1, 1], pad: 'same', inputShape: [1, 7, 7, 2] }),
    },
  },
  {
    name: 'grad-kernel/max-pool-grad-same-overlapping',
    kernels: ['MaxPoolGrad'],
    inputs: [{ shape: [2, 5, 5, 2], init: 'distinct' }, { shape: [2, 3, 3, 2] }],
    fn: (x, dy) => kernel('MaxPoolGrad', { dy: dy!, input: x!, output: tf.maxPool(x as tf.Tensor4D, 3, 2, 'same') }, { filterSize: [3, 3], strides: [2, 2], pad: 'same' }),
    grad: false,
  },
  {
    name: 'grad-kernel/conv3d-backprop-filter-stride2-same',
    kernels: ['Conv3DBackpropFilterV2'],
    inputs: [{ shape: [1, 5, 4, 4, 2] }, { shape: [1, 3, 2, 2, 3] }],
    fn: (x, dy) => kernel('Conv3DBackpropFilterV2', { x: x!, dy: dy! }, { strides: [2, 2, 2], pad: 'same', filterShape: [3, 3, 3, 2, 3] }),
    grad: false,
  },
  {
    name: 'grad-kernel/strided-slice-int32',
    kernels: ['StridedSlice'],
    inputs: [{ shape: [5, 6], dtype: 'int32', init: { int: [-1000, 1000] } }],
    fn: (x) => tf.cast(tf.stridedSlice(x!, [0, 1], [5, 6], [2, 2]), 'float32'),
    grad: false,
  },
];
