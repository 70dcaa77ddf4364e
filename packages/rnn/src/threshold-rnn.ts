import * as tf from '@tensorflow/tfjs-core';

/** Weights of a recurrent network of binary threshold units (Keras layout: rows are inputs). */
export interface ThresholdRNNWeights {
  /** Input → hidden `[inputs, hidden]`. */
  W: number[][];
  /** Hidden(t−1) → hidden(t) `[hidden, hidden]`. */
  U: number[][];
  /** Hidden biases (minus the thresholds) `[hidden]`. */
  b: number[];
  /** Hidden → output `[hidden, outputs]`. */
  V: number[][];
  /** Output biases `[outputs]`. */
  c: number[];
}

/**
 * A recurrent network of binary threshold units, the kind the lectures build by hand:
 * `h_t = H(x_t·W + h_{t−1}·U + b)`, `y_t = H(h_t·V + c)` with the Heaviside step `H(v) = 1 if v > 0`,
 * `h_0 = 0`. Every threshold sits half-way between integers, so the units never see a tie.
 *
 * Input `[batch, steps, inputs]` of 0/1 → output `[batch, steps, outputs]` of 0/1.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { parityRNN } from '@sinew/rnn';
 * const y = parityRNN().apply(tf.tensor3d([[[1], [0], [1], [1]]])); // [[[1], [1], [0], [1]]]
 * ```
 */
export class ThresholdRNN {
  readonly weights: ThresholdRNNWeights;
  constructor(weights: ThresholdRNNWeights) {
    const { W, U, b, V, c } = weights;
    const hidden = b.length;
    if (W.some((r) => r.length !== hidden) || U.length !== hidden || U.some((r) => r.length !== hidden) || V.length !== hidden || V.some((r) => r.length !== c.length)) {
      throw new Error(`ThresholdRNN: inconsistent weight shapes (W [${W.length}, ${W[0]?.length}], U [${U.length}, ${U[0]?.length}], b [${hidden}], V [${V.length}, ${V[0]?.length}], c [${c.length}])`);
    }
    this.weights = weights;
  }

  /** Runs the network over `[batch, steps, inputs]`; returns the outputs `[batch, steps, outputs]`. */
  apply(x: tf.Tensor): tf.Tensor3D {
    const { W, U, b, V, c } = this.weights;
    if (x.rank !== 3 || x.shape[2] !== W.length) {
      throw new Error(`ThresholdRNN: expected input [batch, steps, ${W.length}], received shape [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const [batch, steps] = x.shape as [number, number];
      const Wt = tf.tensor2d(W), Ut = tf.tensor2d(U), bt = tf.tensor1d(b), Vt = tf.tensor2d(V), ct = tf.tensor1d(c);
      const heaviside = (v: tf.Tensor): tf.Tensor => tf.cast(tf.greater(v, 0), 'float32');
      const xp = tf.unstack(tf.add(tf.reshape(tf.matMul(tf.reshape(tf.cast(x, 'float32'), [batch * steps, W.length]), Wt), [batch, steps, b.length]), bt), 1);
      let h: tf.Tensor = tf.zeros([batch, b.length]);
      const ys: tf.Tensor[] = [];
      for (const xt of xp) {
        h = heaviside(tf.add(xt, tf.matMul(h as tf.Tensor2D, Ut)));
        ys.push(heaviside(tf.add(tf.matMul(h as tf.Tensor2D, Vt), ct)));
      }
      return tf.stack(ys, 1) as tf.Tensor3D;
    });
  }
}

/**
 * The summing RNN: adds two binary numbers fed least significant bit first, one bit of each per
 * step, and emits the bit of the sum for that column. It is the finite-state machine of Hinton's
 * lecture 7 ("A recurrent net for binary addition", Neural Networks for Machine Learning, Coursera
 * 2012), states = carry × sum bit, built from threshold units. The lecture shows the automaton a
 * net learns, not numeric weights; these weights are the direct construction: three hidden units
 * count the ones in the column, `h_k = [a + b + carry ≥ k]` (k = 1, 2, 3), the carry is h₂ fed back
 * to every hidden unit, and the sum bit is `[h₁ − h₂ + h₃ > ½]` (an odd count). Feed one extra
 * step of zeros to read out the final carry.
 *
 * Input `[batch, steps, 2]` → `[batch, steps, 1]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { summingRNN } from '@sinew/rnn';
 * // 3 + 1 = 4: a = 011, b = 001 (LSB first), plus a zero column for the carry.
 * const y = summingRNN().apply(tf.tensor3d([[[1, 1], [1, 0], [0, 0], [0, 0]]])); // [[[0], [0], [1], [0]]]
 * ```
 */
export function summingRNN(): ThresholdRNN {
  return new ThresholdRNN({
    W: [[1, 1, 1], [1, 1, 1]],
    U: [[0, 0, 0], [1, 1, 1], [0, 0, 0]],
    b: [-0.5, -1.5, -2.5],
    V: [[1], [-1], [1]],
    c: [-0.5],
  });
}

/**
 * The comparison RNN: reads two binary numbers least significant bit first and says at every step
 * whether the first is greater than the second so far. One threshold unit with a self-connection
 * suffices: `g_t = [2a − 2b + g_{t−1} > ½]` (a newer, more significant bit overrides; equal bits keep
 * the previous verdict). Built here from that argument.
 *
 * Input `[batch, steps, 2]` → `[batch, steps, 1]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { comparisonRNN } from '@sinew/rnn';
 * // a = 01 (1), b = 10 (2), LSB first: after bit 0 a > b, after bit 1 a < b.
 * const y = comparisonRNN().apply(tf.tensor3d([[[1, 0], [0, 1]]])); // [[[1], [0]]]
 * ```
 */
export function comparisonRNN(): ThresholdRNN {
  return new ThresholdRNN({ W: [[2], [-2]], U: [[1]], b: [-0.5], V: [[1]], c: [-0.5] });
}

/**
 * The parity RNN: the running parity (XOR) of a bit stream. The hidden layer is the classic
 * two-unit XOR construction of threshold units (Rumelhart, Hinton & Williams 1986, PDP vol. 1
 * ch. 8: an OR unit and an AND unit, output OR − AND), with the previous parity fed back as the
 * second operand: `h₁ = [x + p > ½]`, `h₂ = [x + p > 1½]`, `p = h₁ − h₂`.
 *
 * Input `[batch, steps, 1]` → `[batch, steps, 1]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { parityRNN } from '@sinew/rnn';
 * const y = parityRNN().apply(tf.tensor3d([[[1], [1], [1]]])); // [[[1], [0], [1]]]
 * ```
 */
export function parityRNN(): ThresholdRNN {
  return new ThresholdRNN({
    W: [[1, 1]],
    U: [[1, 1], [-1, -1]],
    b: [-0.5, -1.5],
    V: [[1], [-1]],
    c: [-0.5],
  });
}
