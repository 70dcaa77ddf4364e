import * as tf from '@tensorflow/tfjs-core';

/**
 * A time-step mask: `data[b * steps + t]` is 1 where step t of sequence b is real, 0 where it is
 * padding. Shape `[batch, steps]`.
 */
export interface StepMask {
  readonly data: Uint8Array;
  readonly shape: readonly [number, number];
}

// Core's Layer has no mask channel, so masks ride beside the tensors they describe: a layer that
// makes a mask (Embedding with maskZero, Masking) attaches it to its output tensor, and the next
// layer that understands masks (the RNNs, Bidirectional, TimeDistributed) looks it up on its input.
// Host memory, not a tensor: nothing to dispose, and it survives tf.tidy.
const masks = new WeakMap<tf.Tensor, StepMask>();

/**
 * Attaches a time-step mask to a tensor, so that recurrent layers applied to it skip the padded
 * steps. Returns the tensor.
 *
 * @param x - `[batch, steps, ...]`.
 * @param mask - `[batch, steps]` (bool, int or float tensor; nonzero = keep), or a {@link StepMask}.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { attachMask, lstm } from '@sinew/rnn';
 * const x = attachMask(tf.ones([2, 3, 4]), tf.tensor2d([[1, 1, 0], [1, 0, 0]]));
 * const h = lstm({ units: 5 }).apply(x); // padded steps leave the state unchanged
 * ```
 */
export function attachMask<T extends tf.Tensor>(x: T, mask: tf.Tensor | StepMask | null): T {
  if (mask === null) {
    masks.delete(x);
    return x;
  }
  const m = mask instanceof tf.Tensor ? maskFromTensor(mask) : mask;
  if (x.rank < 2 || x.shape[0] !== m.shape[0] || x.shape[1] !== m.shape[1]) {
    throw new Error(`attachMask: mask of shape [${m.shape.join(', ')}] does not match the first two axes of shape [${x.shape.join(', ')}]`);
  }
  masks.set(x, m);
  return x;
}

/**
 * The time-step mask attached to a tensor by a masking layer, or null.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { embedding, maskOf } from '@sinew/rnn';
 * const e = embedding({ inputDim: 10, outputDim: 4, maskZero: true }).apply(tf.tensor2d([[3, 0]]));
 * maskOf(e)?.data; // Uint8Array [1, 0]
 * ```
 */
export function maskOf(x: tf.Tensor): StepMask | null {
  return masks.get(x) ?? null;
}

/** Reads a `[batch, steps]` tensor into a {@link StepMask} (nonzero = keep). */
export function maskFromTensor(mask: tf.Tensor): StepMask {
  if (mask.rank !== 2) throw new Error(`mask: expected shape [batch, steps], received shape [${mask.shape.join(', ')}]`);
  const v = mask.dataSync();
  const data = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) data[i] = v[i] ? 1 : 0;
  return { data, shape: [mask.shape[0]!, mask.shape[1]!] };
}

/** The mask as a float tensor `[batch, steps]` (1 keep, 0 skip). */
export function maskTensor(m: StepMask): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(m.data), [m.shape[0], m.shape[1]]);
}
