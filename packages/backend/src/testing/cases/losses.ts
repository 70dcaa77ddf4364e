import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

/** Softmax, log-softmax and the losses training uses. */
export const lossCases: ConformanceCase[] = [
  { name: 'softmax/last-axis', kernels: ['Softmax'], inputs: [{ shape: [3, 5] }], fn: (x) => tf.softmax(x!) },
  { name: 'log-softmax/last-axis', kernels: ['Max', 'Exp', 'Log', 'Sum', 'Sub'], inputs: [{ shape: [3, 5] }], fn: (x) => tf.logSoftmax(x!) },
  { name: 'log-sum-exp/axis1', kernels: ['Exp', 'Log', 'Sum'], inputs: [{ shape: [3, 4] }], fn: (x) => tf.logSumExp(x!, 1) },
  {
    name: 'cross-entropy/softmax-with-logits',
    kernels: ['Exp', 'Log', 'Sum'],
    inputs: [{ shape: [4, 3], init: 'probabilities', grad: false }, { shape: [4, 3] }],
    fn: (labels, logits) => tf.losses.softmaxCrossEntropy(labels!, logits!),
  },
  {
    name: 'cross-entropy/categorical-from-probabilities',
    kernels: ['ClipByValue', 'Log', 'Multiply', 'Sum', 'RealDiv'],
    inputs: [{ shape: [4, 3], init: 'probabilities', grad: false }, { shape: [4, 3], init: 'positive' }],
    fn: (labels, p) => {
      const probs = tf.div(p!, tf.sum(p!, -1, true));
      return tf.neg(tf.mean(tf.sum(tf.mul(labels!, tf.log(tf.clipByValue(probs, 1e-7, 1 - 1e-7))), -1)));
    },
  },
  {
    name: 'cross-entropy/sigmoid-with-logits',
    kernels: ['Relu', 'Exp', 'Log1p', 'Abs'],
    inputs: [{ shape: [4, 3], init: { values: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0] }, grad: false }, { shape: [4, 3], init: 'awayFromZero' }],
    fn: (labels, logits) => tf.losses.sigmoidCrossEntropy(labels!, logits!),
  },
  {
    name: 'loss/mean-squared-error',
    kernels: ['SquaredDifference', 'Mean'],
    inputs: [{ shape: [4, 3] }, { shape: [4, 3] }],
    fn: (y, p) => tf.mean(tf.squaredDifference(y!, p!)),
  },
  {
    name: 'loss/mean-absolute-error',
    kernels: ['Abs', 'Sub', 'Mean'],
    inputs: [{ shape: [4, 3], init: { values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, grad: false }, { shape: [4, 3] }],
    fn: (y, p) => tf.mean(tf.abs(tf.sub(y!, tf.add(p!, 0.5)))),
  },
  {
    name: 'metric/argmax-equal',
    kernels: ['ArgMax', 'Equal'],
    inputs: [{ shape: [5, 4], init: 'distinct' }, { shape: [5], dtype: 'int32', init: { int: [0, 3] } }],
    fn: (logits, labels) => tf.cast(tf.equal(tf.argMax(logits!, -1), labels!), 'float32'),
    grad: false,
  },
];
