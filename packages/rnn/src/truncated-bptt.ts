import * as tf from '@tensorflow/tfjs-core';
import { getLoss, type Layer, type LossFunction, type LossIdentifier, type Optimizer } from '@sinew/core';
import { BaseRNN } from './base-rnn.js';

/** Arguments of {@link fitTruncatedBPTT}. */
export interface TruncatedBPTTArgs {
  /** A model (or layer) whose recurrent layers are `stateful: true` and `returnSequences: true`. */
  model: Layer;
  /** Inputs `[batch, steps, features]` (one long sequence per row). */
  x: tf.Tensor;
  /** Targets `[batch, steps, ...]`, one per step. */
  y: tf.Tensor;
  optimizer: Optimizer;
  loss: LossIdentifier | LossFunction;
  /** Steps between weight updates (Williams & Peng's k1). */
  k1: number;
  /** Steps the gradient flows back at each update (k2 ≥ k1, a multiple of k1; default k1). */
  k2?: number;
  /** Passes over the sequences (default 1). */
  epochs?: number;
}

function recurrentLayers(l: Layer, out: BaseRNN[] = []): BaseRNN[] {
  if (l instanceof BaseRNN) out.push(l);
  for (const s of l.layers) recurrentLayers(s, out);
  return out;
}

/**
 * Truncated backpropagation through time, TBPTT(k1, k2) (Williams & Peng 1990): walks along long
 * sequences, and every k1 steps backpropagates through the last k2 steps only, from the recurrent
 * states saved k2 steps back, then updates the weights. The states carry on across updates (the
 * recurrent layers must be stateful), so the network still sees the whole past; only the gradient
 * is truncated. With k1 = k2 it is the usual chunked training of Keras's stateful RNNs. Gradient
 * clipping comes from the optimizer (`clipNorm`, `globalClipNorm`, `clipValue`).
 *
 * @returns the mean loss of each epoch.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adam, dense, sequential } from '@sinew/core';
 * import { fitTruncatedBPTT, lstm, timeDistributed } from '@sinew/rnn';
 * const model = sequential({ layers: [
 *   lstm({ units: 8, stateful: true, returnSequences: true, batchInputShape: [4, null, 1] }),
 *   timeDistributed({ layer: dense({ units: 1 }) }),
 * ] });
 * const x = tf.randomUniform([4, 100, 1]);
 * const losses = await fitTruncatedBPTT({ model, x, y: x, optimizer: new Adam({ learningRate: 0.01, globalClipNorm: 1 }), loss: 'mse', k1: 10, k2: 20 });
 * ```
 */
export async function fitTruncatedBPTT(args: TruncatedBPTTArgs): Promise<number[]> {
  const { model, x, y, optimizer, k1, epochs = 1 } = args;
  const k2 = args.k2 ?? k1;
  if (!Number.isInteger(k1) || k1 < 1 || !Number.isInteger(k2) || k2 < k1 || k2 % k1 !== 0) {
    throw new Error(`fitTruncatedBPTT: need integers k1 ≥ 1 and k2 ≥ k1 with k2 a multiple of k1. Received: k1=${k1}, k2=${k2}`);
  }
  if (x.rank !== 3 || y.rank < 3 || x.shape[0] !== y.shape[0] || x.shape[1] !== y.shape[1]) {
    throw new Error(`fitTruncatedBPTT: x must be [batch, steps, features] and y [batch, steps, ...] with the same batch and steps; received x [${x.shape.join(', ')}], y [${y.shape.join(', ')}]`);
  }
  const rnns = recurrentLayers(model);
  if (rnns.length === 0 || rnns.some((r) => !r.stateful || !r.returnSequences)) {
    throw new Error('fitTruncatedBPTT: the model needs recurrent layers, all with stateful: true and returnSequences: true');
  }
  const lossFn = getLoss(args.loss);
  const [batch, steps] = x.shape as [number, number];
  const history: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (const r of rnns) r.resetStates();
    // States at the start of each of the last k2/k1 chunks; null = zeros.
    const saved: (tf.Tensor[] | null)[][] = [rnns.map(() => null)];
    let total = 0;
    let updates = 0;
    for (let p = k1; p <= steps; p += k1) {
      const back = Math.min(k2, p);
      const start = p - back;
      const from = saved[saved.length - back / k1]!;
      rnns.forEach((r, i) => r.resetStates(from[i] ?? undefined));
      const xs = tf.slice(x, [0, start, 0], [batch, back, x.shape[2]!]);
      const ys = tf.slice(y, [0, p - k1], [batch, k1, ...y.shape.slice(2)]);
      const value = optimizer.minimize(() => {
        const out = model.apply(xs, { training: true }) as tf.Tensor;
        const last = tf.slice(out, [0, back - k1], [batch, k1, ...out.shape.slice(2)]);
        return tf.mean(lossFn(ys, last)) as tf.Scalar;
      }, model.trainableVariables);
      total += value === null ? 0 : value.dataSync()[0]!;
      updates++;
      value?.dispose();
      tf.dispose([xs, ys]);
      // The stateful layers now hold the states at p (computed with the weights before this update).
      saved.push(rnns.map((r) => r.getStates()));
      while (saved.length > k2 / k1 + 1) for (const s of saved.shift()!) if (s !== null) tf.dispose(s);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    for (const states of saved) for (const s of states) if (s !== null) tf.dispose(s);
    history.push(total / Math.max(updates, 1));
  }
  return history;
}
