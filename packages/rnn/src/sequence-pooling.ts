import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { maskOf, maskTensor } from './mask.js';

/** Arguments of {@link SequencePooling}. */
export interface SequencePoolingArgs extends LayerArgs {
  /** 'mean' (default) or 'max' over the time axis. */
  mode?: 'mean' | 'max';
}

/**
 * Pools the states of a recurrent layer over time for many-to-one classification (the alternative
 * to using only the last state): mean or max over the steps, skipping padded steps when the input
 * carries a mask (from Embedding with maskZero, Masking, or an RNN with returnSequences over one).
 *
 * Input `[batch, steps, features]` → `[batch, features]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gru, sequencePooling } from '@sinew/rnn';
 * const states = gru({ units: 8, returnSequences: true }).apply(tf.ones([2, 5, 3]));
 * const pooled = sequencePooling({ mode: 'max' }).apply(states); // [2, 8]
 * ```
 */
export class SequencePooling extends Layer {
  static override readonly className = 'SequencePooling';
  readonly mode: 'mean' | 'max';

  constructor(args: SequencePoolingArgs = {}) {
    super(args);
    const mode = args.mode ?? 'mean';
    if (mode !== 'mean' && mode !== 'max') throw new Error(`SequencePooling: mode must be 'mean' or 'max'. Received: mode=${String(mode)}`);
    this.mode = mode;
    this.inputSpec = { ndim: 3 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    return [s[0] ?? null, s[2] ?? null];
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    const m = maskOf(x);
    if (m === null) return this.mode === 'mean' ? tf.mean(x, 1) : tf.max(x, 1);
    const w = tf.expandDims(maskTensor(m), 2); // [batch, steps, 1]
    if (this.mode === 'mean') return tf.div(tf.sum(tf.mul(x, w), 1), tf.maximum(tf.sum(w, 1), 1));
    // Padded steps are pushed to −∞ so they never win the max.
    return tf.max(tf.add(x, tf.mul(tf.sub(w, 1), 1e9)), 1);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), mode: this.mode };
  }
}

/** Creates a {@link SequencePooling} layer. @example `sequencePooling({ mode: 'mean' })` */
export function sequencePooling(args: SequencePoolingArgs = {}): SequencePooling {
  return new SequencePooling(args);
}
