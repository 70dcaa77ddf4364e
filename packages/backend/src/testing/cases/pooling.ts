import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

const t4 = (x: tf.Tensor) => x as tf.Tensor4D;
const t5 = (x: tf.Tensor) => x as tf.Tensor5D;

/** Pooling, 2D and 3D, max (distinct inputs: no ties for the gradient to route) and average. */
export const poolingCases: ConformanceCase[] = [
  { name: 'max-pool2d/2x2-stride2-valid', kernels: ['MaxPool'], inputs: [{ shape: [2, 4, 6, 2], init: 'distinct' }], fn: (x) => tf.maxPool(t4(x!), 2, 2, 'valid') },
  { name: 'max-pool2d/3x3-stride1-same', kernels: ['MaxPool'], inputs: [{ shape: [1, 5, 5, 2], init: 'distinct' }], fn: (x) => tf.maxPool(t4(x!), 3, 1, 'same') },
  { name: 'max-pool2d/3x3-stride2-same', kernels: ['MaxPool'], inputs: [{ shape: [1, 7, 6, 2], init: 'distinct' }], fn: (x) => tf.maxPool(t4(x!), 3, 2, 'same') },
  { name: 'avg-pool2d/2x2-stride2-valid', kernels: ['AvgPool'], inputs: [{ shape: [2, 4, 6, 2] }], fn: (x) => tf.avgPool(t4(x!), 2, 2, 'valid') },
  { name: 'avg-pool2d/3x3-stride2-same', kernels: ['AvgPool'], inputs: [{ shape: [1, 7, 6, 2] }], fn: (x) => tf.avgPool(t4(x!), 3, 2, 'same') },
  { name: 'max-pool3d/2-stride2-valid', kernels: ['MaxPool3D'], inputs: [{ shape: [1, 4, 4, 4, 2], init: 'distinct' }], fn: (x) => tf.maxPool3d(t5(x!), 2, 2, 'valid') },
  { name: 'max-pool3d/3-stride1-same', kernels: ['MaxPool3D'], inputs: [{ shape: [1, 3, 4, 3, 1], init: 'distinct' }], fn: (x) => tf.maxPool3d(t5(x!), 3, 1, 'same') },
  { name: 'avg-pool3d/2-stride2-valid', kernels: ['AvgPool3D'], inputs: [{ shape: [1, 4, 4, 4, 2] }], fn: (x) => tf.avgPool3d(t5(x!), 2, 2, 'valid') },
  { name: 'avg-pool3d/3-stride2-same', kernels: ['AvgPool3D'], inputs: [{ shape: [1, 5, 4, 3, 2] }], fn: (x) => tf.avgPool3d(t5(x!), 3, 2, 'same') },
  { name: 'global-avg-pool/mean', kernels: ['Mean'], inputs: [{ shape: [2, 3, 4, 3] }], fn: (x) => tf.mean(x!, [1, 2]) },
  { name: 'global-max-pool/max', kernels: ['Max'], inputs: [{ shape: [2, 3, 4, 3], init: 'distinct' }], fn: (x) => tf.max(x!, [1, 2]) },
];
