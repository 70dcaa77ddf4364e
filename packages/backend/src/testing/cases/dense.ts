import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

const t2 = (x: tf.Tensor) => x as tf.Tensor2D;
const t3 = (x: tf.Tensor) => x as tf.Tensor3D;

/** Dense layers: matrix products in every transpose layout, batched, and fused with bias and activation. */
export const denseCases: ConformanceCase[] = [
  { name: 'matmul/plain', kernels: ['BatchMatMul'], inputs: [{ shape: [3, 4] }, { shape: [4, 5] }], fn: (a, b) => tf.matMul(t2(a!), t2(b!)) },
  { name: 'matmul/transpose-a', kernels: ['BatchMatMul'], inputs: [{ shape: [4, 3] }, { shape: [4, 5] }], fn: (a, b) => tf.matMul(t2(a!), t2(b!), true, false) },
  { name: 'matmul/transpose-b', kernels: ['BatchMatMul'], inputs: [{ shape: [3, 4] }, { shape: [5, 4] }], fn: (a, b) => tf.matMul(t2(a!), t2(b!), false, true) },
  { name: 'matmul/transpose-both', kernels: ['BatchMatMul'], inputs: [{ shape: [4, 3] }, { shape: [5, 4] }], fn: (a, b) => tf.matMul(t2(a!), t2(b!), true, true) },
  { name: 'matmul/batched', kernels: ['BatchMatMul'], inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 2] }], fn: (a, b) => tf.matMul(t3(a!), t3(b!)) },
  {
    name: 'matmul/fused-bias-linear',
    kernels: ['_FusedMatMul'],
    inputs: [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [5] }],
    fn: (a, b, bias) => tf.fused.matMul({ a: t2(a!), b: t2(b!), bias: bias!, activation: 'linear' }),
  },
  {
    // relu needs pre-activations away from 0 for finite differences: a large positive/negative bias.
    name: 'matmul/fused-bias-relu',
    kernels: ['_FusedMatMul'],
    inputs: [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [5], init: { values: [3, -3, 3, -3, 3] } }],
    fn: (a, b, bias) => tf.fused.matMul({ a: t2(a!), b: t2(b!), bias: bias!, activation: 'relu' }),
  },
  {
    name: 'dense/bias-add',
    kernels: ['Add', 'BatchMatMul'],
    inputs: [{ shape: [4, 3] }, { shape: [3, 2] }, { shape: [2] }],
    fn: (x, w, b) => tf.add(tf.matMul(t2(x!), t2(w!)), b!),
  },
];
