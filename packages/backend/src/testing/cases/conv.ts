import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

const t3 = (x: tf.Tensor) => x as tf.Tensor3D;
const t4 = (x: tf.Tensor) => x as tf.Tensor4D;
const t5 = (x: tf.Tensor) => x as tf.Tensor5D;

/** Convolutions: 1D, 2D, 3D, transposed, depthwise, separable; strides, same/valid padding, dilation. */
export const convCases: ConformanceCase[] = [
  { name: 'conv1d/stride1-valid', kernels: ['Conv2D'], inputs: [{ shape: [2, 7, 3] }, { shape: [3, 3, 4] }], fn: (x, w) => tf.conv1d(t3(x!), t3(w!), 1, 'valid') },
  { name: 'conv1d/stride2-same', kernels: ['Conv2D'], inputs: [{ shape: [2, 7, 3] }, { shape: [3, 3, 4] }], fn: (x, w) => tf.conv1d(t3(x!), t3(w!), 2, 'same') },
  { name: 'conv1d/dilation2-same', kernels: ['Conv2D'], inputs: [{ shape: [2, 8, 2] }, { shape: [3, 2, 3] }], fn: (x, w) => tf.conv1d(t3(x!), t3(w!), 1, 'same', 'NWC', 2) },
  { name: 'conv2d/stride1-valid', kernels: ['Conv2D'], inputs: [{ shape: [2, 5, 6, 3] }, { shape: [3, 2, 3, 4] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), 1, 'valid') },
  { name: 'conv2d/stride1-same', kernels: ['Conv2D'], inputs: [{ shape: [2, 5, 6, 3] }, { shape: [3, 3, 3, 2] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), 1, 'same') },
  { name: 'conv2d/stride2-same', kernels: ['Conv2D'], inputs: [{ shape: [2, 7, 6, 2] }, { shape: [3, 3, 2, 3] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), 2, 'same') },
  { name: 'conv2d/stride-2x3-valid', kernels: ['Conv2D'], inputs: [{ shape: [1, 7, 8, 2] }, { shape: [2, 2, 2, 3] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), [2, 3], 'valid') },
  { name: 'conv2d/dilation2-same', kernels: ['Conv2D'], inputs: [{ shape: [1, 7, 7, 2] }, { shape: [3, 3, 2, 2] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), 1, 'same', 'NHWC', 2) },
  { name: 'conv2d/dilation2-valid', kernels: ['Conv2D'], inputs: [{ shape: [1, 7, 6, 2] }, { shape: [2, 2, 2, 3] }], fn: (x, w) => tf.conv2d(t4(x!), t4(w!), 1, 'valid', 'NHWC', 2) },
  {
    name: 'conv2d/fused-bias-relu',
    kernels: ['FusedConv2D'],
    inputs: [{ shape: [1, 5, 5, 2] }, { shape: [3, 3, 2, 3] }, { shape: [3], init: { values: [4, -4, 4] } }],
    fn: (x, w, b) => tf.fused.conv2d({ x: t4(x!), filter: t4(w!), strides: 1, pad: 'same', bias: b!, activation: 'relu' }),
  },
  {
    name: 'conv2d-transpose/stride2-same',
    kernels: ['Conv2DBackpropInput'],
    inputs: [{ shape: [2, 3, 3, 4] }, { shape: [3, 3, 2, 4] }],
    fn: (x, w) => tf.conv2dTranspose(t4(x!), t4(w!), [2, 6, 6, 2], 2, 'same'),
  },
  {
    name: 'conv2d-transpose/stride1-valid',
    kernels: ['Conv2DBackpropInput'],
    inputs: [{ shape: [1, 4, 3, 3] }, { shape: [2, 3, 2, 3] }],
    fn: (x, w) => tf.conv2dTranspose(t4(x!), t4(w!), [1, 5, 5, 2], 1, 'valid'),
  },
  { name: 'depthwise-conv2d/stride1-same', kernels: ['DepthwiseConv2dNative'], inputs: [{ shape: [2, 5, 5, 3] }, { shape: [3, 3, 3, 1] }], fn: (x, w) => tf.depthwiseConv2d(t4(x!), t4(w!), 1, 'same') },
  { name: 'depthwise-conv2d/multiplier2-stride2-valid', kernels: ['DepthwiseConv2dNative'], inputs: [{ shape: [1, 7, 6, 2] }, { shape: [3, 2, 2, 2] }], fn: (x, w) => tf.depthwiseConv2d(t4(x!), t4(w!), 2, 'valid') },
  { name: 'depthwise-conv2d/stride2-same', kernels: ['DepthwiseConv2dNative'], inputs: [{ shape: [1, 6, 7, 2] }, { shape: [3, 3, 2, 1] }], fn: (x, w) => tf.depthwiseConv2d(t4(x!), t4(w!), 2, 'same') },
  {
    name: 'depthwise-conv2d/dilation2-same',
    kernels: ['DepthwiseConv2dNative'],
    inputs: [{ shape: [1, 7, 7, 2] }, { shape: [3, 3, 2, 2] }],
    fn: (x, w) => tf.depthwiseConv2d(t4(x!), t4(w!), 1, 'same', 'NHWC', 2),
  },
  {
    name: 'depthwise-conv2d/fused-bias-relu',
    kernels: ['FusedDepthwiseConv2D'],
    inputs: [{ shape: [1, 5, 5, 2] }, { shape: [3, 3, 2, 2] }, { shape: [4], init: { values: [4, -4, 4, -4] } }],
    fn: (x, w, b) => tf.fused.depthwiseConv2d({ x: t4(x!), filter: t4(w!), strides: 1, pad: 'same', bias: b!, activation: 'relu' }),
  },
  {
    name: 'separable-conv2d/same',
    kernels: ['DepthwiseConv2dNative', 'Conv2D'],
    inputs: [{ shape: [1, 5, 5, 2] }, { shape: [3, 3, 2, 2] }, { shape: [1, 1, 4, 3] }],
    fn: (x, dw, pw) => tf.separableConv2d(t4(x!), t4(dw!), t4(pw!), 1, 'same'),
  },
  { name: 'conv3d/stride1-valid', kernels: ['Conv3D'], inputs: [{ shape: [1, 4, 4, 3, 2] }, { shape: [2, 2, 2, 2, 3] }], fn: (x, w) => tf.conv3d(t5(x!), t5(w!), 1, 'valid') },
  { name: 'conv3d/stride2-same', kernels: ['Conv3D'], inputs: [{ shape: [2, 5, 4, 4, 2] }, { shape: [3, 3, 3, 2, 2] }], fn: (x, w) => tf.conv3d(t5(x!), t5(w!), 2, 'same') },
  {
    name: 'conv3d-transpose/stride2-same',
    kernels: ['Conv3DBackpropInputV2'],
    inputs: [{ shape: [1, 2, 2, 2, 3] }, { shape: [2, 2, 2, 2, 3] }],
    fn: (x, w) => tf.conv3dTranspose(t5(x!), t5(w!), [1, 4, 4, 4, 2], 2, 'same'),
  },
];
