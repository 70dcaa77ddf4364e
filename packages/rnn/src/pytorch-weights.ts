import * as tf from '@tensorflow/tfjs-core';

/** Which recurrent layer a set of weights belongs to. */
export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

/**
 * One layer (one direction) of a PyTorch `nn.RNN`/`nn.LSTM`/`nn.GRU`, as in its `state_dict`
 * (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`). Shapes `(gates·hidden, input)`,
 * `(gates·hidden, hidden)`, `(gates·hidden)`, `(gates·hidden)`; gate blocks i,f,g,o (LSTM) or r,z,n (GRU).
 */
export interface PyTorchRecurrentWeights {
  weightIh: tf.Tensor;
  weightHh: tf.Tensor;
  biasIh?: tf.Tensor;
  biasHh?: tf.Tensor;
}

const gatesOf: Record<RecurrentKind, number> = { rnn: 1, lstm: 4, gru: 3 };

// Keras's GRU blocks are z, r, h; PyTorch's r, z, n: swapping the first two maps either way.
function swapFirstTwo(x: tf.Tensor, axis: number, size: number): tf.Tensor {
  const [a, b, c] = tf.split(x, [size, size, size], axis);
  return tf.concat([b!, a!, c!], axis);
}

function check(kind: RecurrentKind, w: PyTorchRecurrentWeights): number {
  if (!(kind in gatesOf)) throw new Error(`fromPyTorch: kind must be 'rnn', 'lstm' or 'gru'. Received: kind=${String(kind)}`);
  const g = gatesOf[kind];
  const [rows] = w.weightIh.shape;
  if (w.weightIh.rank !== 2 || rows! % g !== 0) throw new Error(`fromPyTorch(${kind}): weightIh must be (${g}·hidden, input), received shape [${w.weightIh.shape.join(', ')}]`);
  const h = rows! / g;
  if (w.weightHh.rank !== 2 || w.weightHh.shape[0] !== g * h || w.weightHh.shape[1] !== h) {
    throw new Error(`fromPyTorch(${kind}): weightHh must be [${g * h}, ${h}], received shape [${w.weightHh.shape.join(', ')}]`);
  }
  if ((w.biasIh === undefined) !== (w.biasHh === undefined)) throw new Error(`fromPyTorch(${kind}): give both biasIh and biasHh, or neither`);
  for (const [n, b] of [['biasIh', w.biasIh], ['biasHh', w.biasHh]] as const) {
    if (b !== undefined && (b.rank !== 1 || b.shape[0] !== g * h)) throw new Error(`fromPyTorch(${kind}): ${n} must be [${g * h}], received shape [${b.shape.join(', ')}]`);
  }
  return h;
}

/**
 * Converts one PyTorch recurrent layer's weights to Keras's layout, ready for `setWeights` on the
 * matching Sinew layer: `[kernel, recurrentKernel, bias?]`. Matrices are transposed to `(in, out)`;
 * LSTM keeps its gate order (PyTorch i,f,g,o = Keras i,f,c,o) and sums the two biases; GRU swaps
 * r,z → z,r and keeps both biases as the rows of a `[2, 3·hidden]` bias, so it loads into
 * `gru({ resetAfter: true })` (PyTorch's GRU is the reset-after form); SimpleRNN sums the biases.
 * The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { fromPyTorch, lstm } from '@sinew/rnn';
 * const hidden = 3, input = 2;
 * const layer = lstm({ units: hidden });
 * layer.apply(tf.zeros([1, 1, input]));
 * layer.setWeights(fromPyTorch('lstm', {
 *   weightIh: tf.randomNormal([4 * hidden, input]), weightHh: tf.randomNormal([4 * hidden, hidden]),
 *   biasIh: tf.zeros([4 * hidden]), biasHh: tf.zeros([4 * hidden]),
 * }));
 * ```
 */
export function fromPyTorch(kind: RecurrentKind, w: PyTorchRecurrentWeights): tf.Tensor[] {
  const h = check(kind, w);
  return tf.tidy(() => {
    let ih = w.weightIh;
    let hh = w.weightHh;
    if (kind === 'gru') {
      ih = swapFirstTwo(ih, 0, h);
      hh = swapFirstTwo(hh, 0, h);
    }
    const out = [tf.transpose(ih), tf.transpose(hh)];
    if (w.biasIh !== undefined && w.biasHh !== undefined) {
      if (kind === 'gru') out.push(tf.stack([swapFirstTwo(w.biasIh, 0, h), swapFirstTwo(w.biasHh, 0, h)]));
      else out.push(tf.add(w.biasIh, w.biasHh));
    }
    return out;
  });
}

/**
 * Converts Keras-layout weights (`layer.getWeights()` of a SimpleRNN, LSTM or GRU with `resetAfter:
 * true`) to PyTorch's `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`. Keras has one LSTM/SimpleRNN
 * bias where PyTorch has two: it goes to `biasIh` and `biasHh` is zeros (their sum is what matters).
 * A GRU with `resetAfter: false` has no exact PyTorch equivalent and is refused.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gru, toPyTorch } from '@sinew/rnn';
 * const layer = gru({ units: 4 });
 * layer.apply(tf.zeros([1, 1, 3]));
 * const { weightIh, weightHh, biasIh, biasHh } = toPyTorch('gru', layer.getWeights()); // [12, 3], [12, 4], [12], [12]
 * ```
 */
export function toPyTorch(kind: RecurrentKind, weights: tf.Tensor[]): PyTorchRecurrentWeights {
  if (!(kind in gatesOf)) throw new Error(`toPyTorch: kind must be 'rnn', 'lstm' or 'gru'. Received: kind=${String(kind)}`);
  const [kernel, rec, bias] = weights;
  const g = gatesOf[kind];
  if (kernel === undefined || rec === undefined || weights.length > 3 || rec.rank !== 2 || rec.shape[1] !== g * rec.shape[0]!) {
    throw new Error(`toPyTorch(${kind}): expected [kernel, recurrentKernel, bias?] in Keras layout, received shapes ${weights.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
  }
  const h = rec.shape[0]!;
  if (kind === 'gru' && bias !== undefined && bias.rank !== 2) {
    throw new Error(`toPyTorch(gru): the bias has shape [${bias.shape.join(', ')}]; only GRU with resetAfter: true (bias [2, ${3 * h}]) matches PyTorch's GRU`);
  }
  return tf.tidy(() => {
    let ih = tf.transpose(kernel);
    let hh = tf.transpose(rec);
    if (kind === 'gru') {
      ih = swapFirstTwo(ih, 0, h);
      hh = swapFirstTwo(hh, 0, h);
    }
    const out: PyTorchRecurrentWeights = { weightIh: ih, weightHh: hh };
    if (bias !== undefined) {
      if (kind === 'gru') {
        const [bi, bh] = tf.unstack(bias);
        out.biasIh = swapFirstTwo(bi!, 0, h);
        out.biasHh = swapFirstTwo(bh!, 0, h);
      } else {
        out.biasIh = tf.clone(bias);
        out.biasHh = tf.zerosLike(bias);
      }
    }
    return out as unknown as tf.TensorContainer;
  }) as unknown as PyTorchRecurrentWeights;
}
