import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

/**
 * The update rules of the optimizers, as the optimizers compose them from elementwise kernels
 * (forward only: optimizers are not differentiated). Inputs: weights w, gradient g, state (m, v).
 */
export const optimizerCases: ConformanceCase[] = [
  {
    name: 'optimizer/sgd-momentum',
    kernels: ['Multiply', 'Add', 'Sub'],
    inputs: [{ shape: [6] }, { shape: [6] }, { shape: [6] }],
    fn: (w, g, acc) => {
      const acc2 = tf.add(tf.mul(acc!, 0.9), g!);
      return tf.concat([tf.sub(w!, tf.mul(acc2, 0.01)), acc2]);
    },
    grad: false,
  },
  {
    name: 'optimizer/adam',
    kernels: ['Sqrt', 'Square', 'RealDiv', 'Add', 'Multiply', 'Sub'],
    inputs: [{ shape: [6] }, { shape: [6] }, { shape: [6] }, { shape: [6], init: 'positive' }],
    fn: (w, g, m, v) => {
      const m2 = tf.add(tf.mul(m!, 0.9), tf.mul(g!, 0.1));
      const v2 = tf.add(tf.mul(v!, 0.999), tf.mul(tf.square(g!), 0.001));
      const mHat = tf.div(m2, 1 - 0.9 ** 3);
      const vHat = tf.div(v2, 1 - 0.999 ** 3);
      return tf.concat([tf.sub(w!, tf.mul(0.001, tf.div(mHat, tf.add(tf.sqrt(vHat), 1e-7)))), m2, v2]);
    },
    grad: false,
  },
  {
    name: 'optimizer/adamax',
    kernels: ['Maximum', 'Abs', 'RealDiv'],
    inputs: [{ shape: [6] }, { shape: [6] }, { shape: [6] }, { shape: [6], init: 'positive' }],
    fn: (w, g, m, u) => {
      const m2 = tf.add(tf.mul(m!, 0.9), tf.mul(g!, 0.1));
      const u2 = tf.maximum(tf.mul(u!, 0.999), tf.abs(g!));
      return tf.concat([tf.sub(w!, tf.mul(0.002 / (1 - 0.9 ** 3), tf.div(m2, tf.add(u2, 1e-7)))), m2, u2]);
    },
    grad: false,
  },
  {
    name: 'optimizer/rmsprop-adagrad-adadelta',
    kernels: ['Square', 'Sqrt', 'Rsqrt', 'RealDiv', 'Minimum'],
    inputs: [{ shape: [6] }, { shape: [6] }, { shape: [6], init: 'positive' }, { shape: [6], init: 'positive' }],
    fn: (w, g, acc, accUpdate) => {
      const rms = tf.add(tf.mul(acc!, 0.9), tf.mul(tf.square(g!), 0.1));
      const rmspropW = tf.sub(w!, tf.div(tf.mul(g!, 0.001), tf.sqrt(tf.add(rms, 1e-7))));
      const adagradW = tf.sub(w!, tf.mul(tf.mul(g!, 0.01), tf.rsqrt(tf.add(tf.add(acc!, tf.square(g!)), 1e-7))));
      const update = tf.mul(tf.div(tf.sqrt(tf.add(accUpdate!, 1e-6)), tf.sqrt(tf.add(rms, 1e-6))), g!);
      return tf.concat([rmspropW, adagradW, tf.minimum(update, 0.5)]);
    },
    grad: false,
  },
  {
    name: 'optimizer/clip-by-global-norm',
    kernels: ['Square', 'Sum', 'Sqrt', 'Maximum', 'RealDiv'],
    inputs: [{ shape: [3, 4] }],
    fn: (g) => tf.mul(g!, tf.div(1, tf.maximum(tf.sqrt(tf.sum(tf.square(g!))), 0.5))),
  },
];
