import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

const t4 = (x: tf.Tensor) => x as tf.Tensor4D;

/** Batch normalisation: inference form (the FusedBatchNorm kernel) and training form (batch moments). */
export const normalizationCases: ConformanceCase[] = [
  {
    name: 'batch-norm/inference',
    kernels: ['FusedBatchNorm'],
    inputs: [{ shape: [2, 3, 3, 4] }, { shape: [4] }, { shape: [4], init: 'positive' }, { shape: [4] }, { shape: [4], init: 'positive' }],
    fn: (x, mean, variance, offset, scale) => tf.batchNorm(t4(x!), mean!, variance!, offset!, scale!, 1e-3),
  },
  {
    name: 'batch-norm/training-moments',
    kernels: ['Mean', 'Square', 'FusedBatchNorm'],
    inputs: [{ shape: [4, 2, 2, 3] }, { shape: [3] }, { shape: [3], init: 'positive' }],
    fn: (x, beta, gamma) => {
      const { mean, variance } = tf.moments(x!, [0, 1, 2]);
      return tf.batchNorm(t4(x!), mean, variance, beta!, gamma!, 1e-3);
    },
  },
  {
    name: 'layer-norm/last-axis',
    kernels: ['Mean', 'Rsqrt', 'Sub', 'Multiply'],
    inputs: [{ shape: [3, 5] }, { shape: [5], init: 'positive' }, { shape: [5] }],
    fn: (x, gamma, beta) => {
      const { mean, variance } = tf.moments(x!, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(x!, mean), tf.rsqrt(tf.add(variance, 1e-3))), gamma!), beta!);
    },
  },
];
