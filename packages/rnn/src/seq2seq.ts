import * as tf from '@tensorflow/tfjs-core';
import { dense, type Dense, type Optimizer } from '@sinew/core';
import { embedding, type Embedding } from './embedding.js';
import { lstm, type LSTM } from './lstm.js';
import { maskOf, maskTensor } from './mask.js';

/**
 * The attention: 'dot', 'general' (Luong) or 'additive' (Bahdanau's score) applied after the decoder
 * RNN, Luong-style; or 'bahdanau', the full Bahdanau et al. (2015) decoder, where the additive score of
 * the previous decoder state picks the context that is fed into the decoder RNN with the input token.
 */
export type AttentionScore = 'dot' | 'general' | 'additive' | 'bahdanau';

/** Arguments of {@link Seq2Seq}. */
export interface Seq2SeqArgs {
  /** Source vocabulary size; id 0 is padding. */
  sourceVocabSize: number;
  /** Target vocabulary size, including `bos` (and `eos` if used); id 0 is padding. */
  targetVocabSize: number;
  /** Id that starts every decoder input. */
  bos: number;
  /** Id that ends a target sequence, if the data has one (decoding stops there). */
  eos?: number;
  /** Embedding size (default 32). */
  embeddingDim?: number;
  /** LSTM units of encoder and decoder (default 64). */
  units?: number;
  /**
   * Luong et al. (2015) 'dot' `hᵀe` or 'general' `hᵀW e` on the current decoder state; 'additive':
   * Bahdanau et al.'s score `vᵀ tanh(W₁h + W₂e)` in the same place; 'bahdanau': Bahdanau et al.'s
   * decoder (score of the previous state, context fed into the RNN; decodes step by step, also in
   * training); null: no attention (the encoder's final state is the only link). Default 'general'.
   */
  attention?: AttentionScore | null;
}

/** A decoded sequence with its log-probability. */
export interface Hypothesis {
  tokens: number[];
  logProb: number;
}

/**
 * Sequence-to-sequence encoder–decoder (Sutskever et al. 2014) with LSTMs and optional attention:
 * the encoder reads the (0-padded) source; the decoder starts from its final states, reads the
 * target shifted right (teacher forcing) in training, and at each step attends over the encoder
 * states — Luong et al. (2015) global attention after the decoder RNN, `h̃ = tanh(W_c [context; h])`,
 * or Bahdanau et al. (2015)'s decoder that feeds the context into the RNN — then a softmax over the
 * target vocabulary. Decoding is greedy or by beam search.
 *
 * Shapes: sources `[batch, sourceSteps]`, targets `[batch, targetSteps]` of token ids.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adam } from '@sinew/core';
 * import { Seq2Seq } from '@sinew/rnn';
 * const s2s = new Seq2Seq({ sourceVocabSize: 10, targetVocabSize: 11, bos: 10, attention: 'general', units: 32 });
 * const src = tf.tensor2d([[1, 2, 3]]), tgt = tf.tensor2d([[3, 2, 1]]);
 * const opt = new Adam({ learningRate: 0.01 });
 * for (let i = 0; i < 5; i++) s2s.trainStep(src, tgt, opt);
 * const [best] = s2s.beamSearch(src, { beamWidth: 3, maxLength: 3 });
 * ```
 */
export class Seq2Seq {
  readonly args: Required<Omit<Seq2SeqArgs, 'eos'>> & { eos: number | null };
  readonly sourceEmbedding: Embedding;
  readonly targetEmbedding: Embedding;
  readonly encoder: LSTM;
  readonly decoder: LSTM;
  readonly output: Dense;
  private readonly att: { wa?: Dense; w1?: Dense; w2?: Dense; v?: Dense; combine?: Dense };

  constructor(args: Seq2SeqArgs) {
    for (const k of ['sourceVocabSize', 'targetVocabSize'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] < 2) throw new Error(`Seq2Seq: ${k} must be an integer >= 2. Received: ${k}=${args?.[k]}`);
    }
    if (!Number.isInteger(args.bos) || args.bos <= 0 || args.bos >= args.targetVocabSize) {
      throw new Error(`Seq2Seq: bos must be an id in [1, targetVocabSize). Received: bos=${args.bos}`);
    }
    const attention = args.attention === undefined ? 'general' : args.attention;
    if (attention !== null && !['dot', 'general', 'additive', 'bahdanau'].includes(attention)) {
      throw new Error(`Seq2Seq: attention must be 'dot', 'general', 'additive', 'bahdanau' or null. Received: attention=${String(attention)}`);
    }
    this.args = { embeddingDim: 32, units: 64, ...args, attention, eos: args.eos ?? null };
    const { embeddingDim, units } = this.args;
    this.sourceEmbedding = embedding({ inputDim: args.sourceVocabSize, outputDim: embeddingDim, maskZero: true });
    this.targetEmbedding = embedding({ inputDim: args.targetVocabSize, outputDim: embeddingDim });
    this.encoder = lstm({ units, returnSequences: true, returnState: true });
    this.decoder = lstm({ units, returnSequences: true, returnState: true });
    this.output = dense({ units: args.targetVocabSize });
    this.att = {};
    if (attention === 'general') this.att.wa = dense({ units, useBias: false });
    if (attention === 'additive' || attention === 'bahdanau') {
      this.att.w1 = dense({ units, useBias: false });
      this.att.w2 = dense({ units, useBias: false });
      this.att.v = dense({ units: 1, useBias: false });
    }
    if (attention !== null) this.att.combine = dense({ units, activation: 'tanh', useBias: false });
  }

  private get parts(): { trainableVariables: tf.Variable[]; dispose(): void }[] {
    return [this.sourceEmbedding, this.targetEmbedding, this.encoder, this.decoder, this.output, ...Object.values(this.att)];
  }

  /** Every trainable variable (encoder, decoder, attention, output). */
  get trainableVariables(): tf.Variable[] {
    return this.parts.flatMap((p) => p.trainableVariables);
  }

  /** Encoder states `[batch, steps, units]`, final `[h, c]`, and the source mask `[batch, steps]`. */
  encode(source: tf.Tensor): { states: tf.Tensor3D; final: tf.Tensor2D[]; mask: tf.Tensor2D } {
    if (source.rank !== 2) throw new Error(`Seq2Seq: sources must be [batch, steps] token ids, received shape [${source.shape.join(', ')}]`);
    const emb = this.sourceEmbedding.apply(source);
    const [states, h, c] = this.encoder.apply<tf.Tensor[]>(emb);
    const m = maskOf(emb);
    const mask = m === null ? tf.ones([source.shape[0]!, source.shape[1]!]) : maskTensor(m);
    return { states: states as tf.Tensor3D, final: [h as tf.Tensor2D, c as tf.Tensor2D], mask: mask as tf.Tensor2D };
  }

  /** Decoder logits `[batch, steps, targetVocab]` for decoder inputs, from given states; also the new states. */
  decode(inputs: tf.Tensor, initial: tf.Tensor2D[], enc: tf.Tensor3D, mask: tf.Tensor2D): { logits: tf.Tensor3D; final: tf.Tensor2D[] } {
    if (this.args.attention === 'bahdanau') return this.decodeBahdanau(inputs, initial, enc, mask);
    const [h, hT, cT] = this.decoder.apply<tf.Tensor[]>(this.targetEmbedding.apply(inputs), { initialState: initial });
    let top = h!;
    if (this.args.attention !== null) {
      let scores: tf.Tensor;
      if (this.args.attention === 'dot') scores = tf.matMul(h!, enc, false, true);
      else if (this.args.attention === 'general') scores = tf.matMul(this.att.wa!.apply(h!), enc, false, true);
      else {
        const q = tf.expandDims(this.att.w1!.apply(h!), 2); // [B, Tt, 1, u]
        const k = tf.expandDims(this.att.w2!.apply(enc), 1); // [B, 1, Ts, u]
        scores = tf.squeeze(this.att.v!.apply(tf.tanh(tf.add(q, k))), [3]);
      }
      // Padded source steps get no attention.
      scores = tf.add(scores, tf.mul(tf.sub(tf.expandDims(mask, 1), 1), 1e9));
      const context = tf.matMul(tf.softmax(scores), enc);
      top = this.att.combine!.apply(tf.concat([context, h!], -1));
    }
    return { logits: this.output.apply(top) as tf.Tensor3D, final: [hT as tf.Tensor2D, cT as tf.Tensor2D] };
  }

  // Bahdanau et al. (2015): at step t the previous state s_{t−1} scores every encoder state,
  // e_s = vᵀ tanh(W₁ s_{t−1} + W₂ h_s); the context Σ softmax(e)_s h_s joins the embedded input token
  // in the RNN; the output reads [context; s_t].
  private decodeBahdanau(inputs: tf.Tensor, initial: tf.Tensor2D[], enc: tf.Tensor3D, mask: tf.Tensor2D): { logits: tf.Tensor3D; final: tf.Tensor2D[] } {
    const [batch, steps] = inputs.shape as [number, number];
    const keys = this.att.w2!.apply(enc); // [B, Ts, u], once for all steps
    const penalty = tf.mul(tf.sub(mask, 1), 1e9); // [B, Ts]
    const emb = tf.unstack(this.targetEmbedding.apply(inputs), 1);
    let st = initial;
    const tops: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const q = tf.expandDims(this.att.w1!.apply(st[0]!), 1); // [B, 1, u]
      const scores = tf.add(tf.reshape(this.att.v!.apply(tf.tanh(tf.add(q, keys))), [batch, -1]), penalty);
      const context = tf.matMul(tf.expandDims(tf.softmax(scores), 1), enc); // [B, 1, u]
      const x = tf.concat([tf.expandDims(emb[t]!, 1), context], -1);
      const [h, hT, cT] = this.decoder.apply<tf.Tensor[]>(x, { initialState: st });
      st = [hT as tf.Tensor2D, cT as tf.Tensor2D];
      tops.push(this.att.combine!.apply(tf.concat([context, h!], -1)));
    }
    return { logits: this.output.apply(tf.concat(tops, 1)) as tf.Tensor3D, final: st };
  }

  /**
   * Mean cross-entropy per target token under teacher forcing (the decoder reads `[bos, y₁ … yₙ₋₁]`
   * and predicts `y`); padding (0) in the targets is ignored.
   */
  loss(source: tf.Tensor, target: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      const [batch, steps] = target.shape as [number, number];
      const shifted = tf.concat([tf.fill([batch, 1], this.args.bos), tf.slice(target, [0, 0], [batch, steps - 1])], 1);
      const { states, final, mask } = this.encode(source);
      const { logits } = this.decode(shifted, final, states, mask);
      const ids = tf.cast(target, 'int32');
      const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(ids, this.args.targetVocabSize)), -1));
      const keep = tf.cast(tf.notEqual(ids, 0), 'float32');
      return tf.div(tf.sum(tf.mul(nll, keep)), tf.maximum(tf.sum(keep), 1)) as tf.Scalar;
    });
  }

  /** One optimizer step on a batch; returns the loss before the step. */
  trainStep(source: tf.Tensor, target: tf.Tensor, optimizer: Optimizer): number {
    // The layers build on first use; a forward pass creates the variables the optimizer needs.
    if (this.trainableVariables.length === 0) tf.dispose(this.loss(source, target));
    const value = optimizer.minimize(() => this.loss(source, target), this.trainableVariables);
    const v = value === null ? NaN : value.dataSync()[0]!;
    value?.dispose();
    return v;
  }

  /** Greedy decoding: the most likely token at every step, up to `maxLength` or `eos`. */
  greedy(source: tf.Tensor, { maxLength }: { maxLength: number }): number[][] {
    return tidyValue(() => {
      const batch = source.shape[0]!;
      const { states, final, mask } = this.encode(source);
      let st = final;
      let token = tf.fill([batch, 1], this.args.bos);
      const out: number[][] = Array.from({ length: batch }, () => []);
      const done = new Array<boolean>(batch).fill(false);
      for (let t = 0; t < maxLength && !done.every(Boolean); t++) {
        const { logits, final: next } = this.decode(token, st, states, mask);
        const ids = tf.reshape(tf.argMax(logits, -1), [batch]);
        const v = ids.dataSync();
        v.forEach((id, b) => {
          if (done[b]) return;
          if (id === this.args.eos) done[b] = true;
          else out[b]!.push(id);
        });
        token = tf.cast(tf.reshape(ids, [batch, 1]), 'float32');
        st = next;
      }
      return out;
    });
  }

  /**
   * Beam search: keeps the `beamWidth` most likely partial sequences at every step (scores are
   * summed log-probabilities, divided by length^`lengthPenalty` when ranking finished ones).
   * Returns, per source row, the hypotheses found, best first.
   */
  beamSearch(source: tf.Tensor, { beamWidth = 4, maxLength, lengthPenalty = 0 }: { beamWidth?: number; maxLength: number; lengthPenalty?: number }): Hypothesis[][] {
    if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new Error(`Seq2Seq.beamSearch: beamWidth must be a positive integer. Received: beamWidth=${beamWidth}`);
    const rank = (h: Hypothesis): number => h.logProb / Math.max(1, h.tokens.length) ** lengthPenalty;
    const results: Hypothesis[][] = [];
    for (let b = 0; b < source.shape[0]!; b++) {
      results.push(
        tidyValue(() => {
          const { states, final, mask } = this.encode(tf.slice(source, [b, 0], [1, source.shape[1]!]));
          let beams: { tokens: number[]; logProb: number; row: number }[] = [{ tokens: [], logProb: 0, row: 0 }];
          let st = final;
          const finished: Hypothesis[] = [];
          for (let t = 0; t < maxLength && beams.length > 0; t++) {
            const n = beams.length;
            const rows = tf.tensor1d(beams.map((x) => x.row), 'int32');
            const cur = st.map((s) => tf.gather(s, rows)) as tf.Tensor2D[];
            const tokens = tf.tensor2d(beams.map((x) => [x.tokens.length === 0 ? this.args.bos : x.tokens[x.tokens.length - 1]!]));
            const enc = tf.tile(states, [n, 1, 1]) as tf.Tensor3D;
            const { logits, final: next } = this.decode(tokens, cur, enc, tf.tile(mask, [n, 1]) as tf.Tensor2D);
            const lp = tf.reshape(tf.logSoftmax(logits), [n, -1]).arraySync() as number[][];
            const cands: { tokens: number[]; logProb: number; row: number; token: number }[] = [];
            lp.forEach((row, i) => row.forEach((l, tok) => {
              if (tok === 0) return;
              cands.push({ tokens: beams[i]!.tokens, logProb: beams[i]!.logProb + l, row: i, token: tok });
            }));
            cands.sort((a, c) => c.logProb - a.logProb);
            const kept: typeof beams = [];
            for (const c of cands) {
              if (kept.length >= beamWidth) break;
              if (c.token === this.args.eos) finished.push({ tokens: c.tokens, logProb: c.logProb });
              else kept.push({ tokens: [...c.tokens, c.token], logProb: c.logProb, row: c.row });
            }
            beams = kept;
            st = next;
          }
          const all = [...finished, ...beams.map(({ tokens, logProb }) => ({ tokens, logProb }))];
          return all.sort((a, c) => rank(c) - rank(a)).slice(0, beamWidth);
        }),
      );
    }
    return results;
  }

  /** Frees every weight. */
  dispose(): void {
    for (const p of this.parts) p.dispose();
  }
}

// tf.tidy for functions that return plain values (token lists), not tensors.
function tidyValue<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}
