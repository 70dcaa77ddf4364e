import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

const t2 = (x: tf.Tensor) => x as tf.Tensor2D;

/** One LSTM step (Keras gate order i, f, c, o) from matmuls, slices, sigmoid, tanh, mul and add. */
function lstmStep(x: tf.Tensor, h: tf.Tensor, c: tf.Tensor, w: tf.Tensor, u: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const z = tf.add(tf.add(tf.matMul(t2(x), t2(w)), tf.matMul(t2(h), t2(u))), b);
  const [i, f, g, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  const h2 = tf.mul(tf.sigmoid(o), tf.tanh(c2));
  return tf.concat([h2, c2], 1);
}

/** One GRU step, reset_after (Keras's default): r applies to (h·U_h + b_h). */
function gruStep(x: tf.Tensor, h: tf.Tensor, w: tf.Tensor, u: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const units = h.shape[1]!;
  const xz = tf.matMul(t2(x), t2(w));
  const hz = tf.add(tf.matMul(t2(h), t2(u)), b);
  const xs = [0, 1, 2].map((k) => tf.slice(xz, [0, k * units], [-1, units]));
  const hs = [0, 1, 2].map((k) => tf.slice(hz, [0, k * units], [-1, units]));
  const z = tf.sigmoid(tf.add(xs[0]!, hs[0]!));
  const r = tf.sigmoid(tf.add(xs[1]!, hs[1]!));
  const hh = tf.tanh(tf.add(xs[2]!, tf.mul(r, hs[2]!)));
  return tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
}

/** Recurrent cells and an unrolled sequence, as the RNN layers compose them. */
export const recurrentCases: ConformanceCase[] = [
  {
    name: 'rnn/lstm-cell',
    kernels: ['BatchMatMul', 'SplitV', 'Sigmoid', 'Tanh', 'Multiply', 'Add', 'Concat'],
    inputs: [{ shape: [2, 3] }, { shape: [2, 4] }, { shape: [2, 4] }, { shape: [3, 16] }, { shape: [4, 16] }, { shape: [16] }],
    fn: (x, h, c, w, u, b) => lstmStep(x!, h!, c!, w!, u!, b!),
  },
  {
    name: 'rnn/gru-cell-reset-after',
    kernels: ['BatchMatMul', 'Slice', 'Sigmoid', 'Tanh', 'Sub'],
    inputs: [{ shape: [2, 3] }, { shape: [2, 4] }, { shape: [3, 12] }, { shape: [4, 12] }, { shape: [12] }],
    fn: (x, h, w, u, b) => gruStep(x!, h!, w!, u!, b!),
  },
  {
    name: 'rnn/simple-rnn-unrolled',
    kernels: ['Unpack', 'Pack', 'BatchMatMul', 'Tanh'],
    inputs: [{ shape: [2, 3, 2] }, { shape: [2, 3] }, { shape: [3, 3] }, { shape: [3] }],
    fn: (seq, w, u, b) => {
      let h = tf.zeros([2, 3]);
      const outs: tf.Tensor[] = [];
      for (const x of tf.unstack(seq!, 1)) {
        h = tf.tanh(tf.add(tf.add(tf.matMul(t2(x), t2(w!)), tf.matMul(t2(h), t2(u!))), b!));
        outs.push(h);
      }
      return tf.stack(outs, 1);
    },
  },
];
