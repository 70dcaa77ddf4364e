import * as tf from '@tensorflow/tfjs-core';
import { Adam, nextSeed, randomFloat, type Optimizer } from '@sinew/core';

/** Arguments of {@link Word2Vec}. */
export interface Word2VecArgs {
  /** 'skipgram' (predict each context word from the centre word) or 'cbow' (predict the centre from the mean of its context). Default 'skipgram'. */
  mode?: 'skipgram' | 'cbow';
  /** Vector size (default 50). */
  embeddingDim?: number;
  /** Context words on each side (default 2). */
  window?: number;
  /** Negative samples per positive pair, drawn from the unigram distribution to the 3/4 (default 5). */
  negatives?: number;
  /** Subsampling threshold t of frequent words (default 1e-3; 0 disables): a word of frequency f is kept with probability √(t/f) + t/f, as in word2vec's C code. */
  subsample?: number;
  /** Words seen fewer times are dropped from the vocabulary (default 1). */
  minCount?: number;
}

/** A neighbour found by {@link Word2Vec.nearest} or {@link Word2Vec.analogy}. */
export interface Neighbour {
  word: string;
  /** Cosine similarity. */
  similarity: number;
}

/**
 * word2vec (Mikolov et al. 2013): learns word vectors from a token stream with skip-gram or CBOW,
 * negative sampling (the loss `−log σ(u_o·v) − Σ_k log σ(−u_k·v)`, noise words from the unigram
 * distribution raised to 3/4) and subsampling of frequent words; then answers nearest-neighbour and
 * analogy (`a : b :: c : ?`, by `b − a + c`) queries by cosine similarity. Random draws come from
 * Sinew's seeded generator.
 *
 * @example
 * ```ts
 * import { Word2Vec } from '@sinew/rnn';
 * const tokens = 'he is a king she is a queen he is a man she is a woman '.repeat(20).trim().split(' ');
 * const w2v = new Word2Vec({ embeddingDim: 16, window: 2, subsample: 0 });
 * await w2v.fit(tokens, { epochs: 5 });
 * w2v.nearest('king', 3); // [{ word, similarity }, ...]
 * w2v.analogy('man', 'king', 'woman'); // [{ word: 'queen', ... }] once the corpus is large enough
 * ```
 */
export class Word2Vec {
  readonly mode: 'skipgram' | 'cbow';
  readonly embeddingDim: number;
  readonly window: number;
  readonly negatives: number;
  readonly subsample: number;
  readonly minCount: number;
  /** Index 0 is padding; words start at 1. */
  vocabulary: string[] = [];
  counts: number[] = [];
  /** Input (word) vectors `[vocab, dim]`: the embeddings queries use. */
  inputVectors: tf.Variable | null = null;
  /** Output (context) vectors `[vocab, dim]`. */
  outputVectors: tf.Variable | null = null;
  private index = new Map<string, number>();
  private noiseCdf: Float64Array = new Float64Array(0);

  constructor(args: Word2VecArgs = {}) {
    this.mode = args.mode ?? 'skipgram';
    if (this.mode !== 'skipgram' && this.mode !== 'cbow') throw new Error(`Word2Vec: mode must be 'skipgram' or 'cbow'. Received: mode=${String(this.mode)}`);
    this.embeddingDim = args.embeddingDim ?? 50;
    this.window = args.window ?? 2;
    this.negatives = args.negatives ?? 5;
    this.subsample = args.subsample ?? 1e-3;
    this.minCount = args.minCount ?? 1;
    for (const k of ['embeddingDim', 'window', 'minCount'] as const) {
      if (!Number.isInteger(this[k]) || this[k] < 1) throw new Error(`Word2Vec: ${k} must be a positive integer. Received: ${k}=${this[k]}`);
    }
    if (!Number.isInteger(this.negatives) || this.negatives < 0) throw new Error(`Word2Vec: negatives must be a non-negative integer. Received: negatives=${this.negatives}`);
  }

  /** Builds the vocabulary and initializes the vectors (uniform ±0.5/dim input, zero output, as word2vec does). */
  buildVocabulary(tokens: readonly string[]): void {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const words = [...counts.entries()].filter(([, c]) => c >= this.minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (words.length < 2) throw new Error(`Word2Vec: the corpus has ${words.length} word(s) seen at least minCount=${this.minCount} times; need 2 or more`);
    this.vocabulary = ['', ...words.map(([w]) => w)];
    this.counts = [0, ...words.map(([, c]) => c)];
    this.index = new Map(this.vocabulary.map((w, i) => [w, i]));
    this.index.delete('');
    const weights = this.counts.map((c, i) => (i === 0 ? 0 : c ** 0.75));
    const total = weights.reduce((a, b) => a + b, 0);
    this.noiseCdf = new Float64Array(weights.length);
    let acc = 0;
    weights.forEach((w, i) => (this.noiseCdf[i] = acc += w / total));
    this.inputVectors?.dispose();
    this.outputVectors?.dispose();
    const d = this.embeddingDim;
    this.inputVectors = tf.variable(tf.randomUniform([this.vocabulary.length, d], -0.5 / d, 0.5 / d, 'float32', nextSeed()));
    this.outputVectors = tf.variable(tf.zeros([this.vocabulary.length, d]));
  }

  private noise(): number {
    const r = randomFloat();
    let lo = 1;
    let hi = this.noiseCdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.noiseCdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The training examples of one pass, after subsampling (drawn anew on each call): skip-gram
   * `inputs[i] = [centre]`, `targets[i]` = a context word; CBOW `inputs[i]` = the context (0-padded
   * to 2·window), `targets[i]` = the centre.
   */
  examples(tokens: readonly string[]): { inputs: number[][]; targets: number[] } {
    if (this.vocabulary.length === 0) this.buildVocabulary(tokens);
    const total = this.counts.reduce((a, b) => a + b, 0);
    const ids: number[] = [];
    for (const t of tokens) {
      const id = this.index.get(t);
      if (id === undefined) continue;
      if (this.subsample > 0) {
        const f = this.counts[id]! / total;
        const keep = Math.sqrt(this.subsample / f) + this.subsample / f;
        if (keep < 1 && randomFloat() > keep) continue;
      }
      ids.push(id);
    }
    const inputs: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const ctx: number[] = [];
      for (let j = i - this.window; j <= i + this.window; j++) if (j !== i && j >= 0 && j < ids.length) ctx.push(ids[j]!);
      if (ctx.length === 0) continue;
      if (this.mode === 'skipgram') for (const c of ctx) {
        inputs.push([ids[i]!]);
        targets.push(c);
      }
      else {
        while (ctx.length < 2 * this.window) ctx.push(0);
        inputs.push(ctx);
        targets.push(ids[i]!);
      }
    }
    return { inputs, targets };
  }

  /**
   * Trains on a token stream (sentences may be concatenated). Builds the vocabulary on first use.
   *
   * @returns the mean negative-sampling loss of each epoch.
   */
  async fit(tokens: readonly string[], { epochs = 5, batchSize = 256, optimizer }: { epochs?: number; batchSize?: number; optimizer?: Optimizer } = {}): Promise<number[]> {
    if (this.inputVectors === null) this.buildVocabulary(tokens);
    const opt = optimizer ?? new Adam({ learningRate: 0.01 });
    const vars = [this.inputVectors!, this.outputVectors!];
    const history: number[] = [];
    for (let e = 0; e < epochs; e++) {
      const { inputs, targets } = this.examples(tokens);
      let sum = 0;
      let n = 0;
      for (let s = 0; s < targets.length; s += batchSize) {
        const inBatch = inputs.slice(s, s + batchSize);
        const tBatch = targets.slice(s, s + batchSize);
        const samples = tBatch.map((t) => [t, ...Array.from({ length: this.negatives }, () => this.noise())]);
        const loss = opt.minimize(() => this.loss(inBatch, samples), vars);
        sum += loss!.dataSync()[0]! * tBatch.length;
        n += tBatch.length;
        loss!.dispose();
      }
      history.push(sum / Math.max(n, 1));
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
    return history;
  }

  private loss(inputs: number[][], samples: number[][]): tf.Scalar {
    return tf.tidy(() => {
      const ids = tf.tensor2d(inputs, undefined, 'int32');
      const rows = tf.gather(this.inputVectors!, ids); // [B, k, d]
      let v: tf.Tensor;
      if (this.mode === 'skipgram') v = tf.squeeze(rows, [1]);
      else {
        const m = tf.expandDims(tf.cast(tf.greater(ids, 0), 'float32'), 2);
        v = tf.div(tf.sum(tf.mul(rows, m), 1), tf.sum(m, 1));
      }
      const u = tf.gather(this.outputVectors!, tf.tensor2d(samples, undefined, 'int32')); // [B, 1 + neg, d]
      const dots = tf.sum(tf.mul(u, tf.expandDims(v, 1)), 2); // [B, 1 + neg]
      const sign = tf.concat([tf.ones([1]), tf.fill([this.negatives], -1)]);
      // −log σ(x) = softplus(−x); tf.logSigmoid's custom gradient reads a tensor tidy has freed.
      return tf.mean(tf.sum(tf.softplus(tf.neg(tf.mul(dots, sign))), 1)) as tf.Scalar;
    });
  }

  /** The vector of a word (a copy). @throws for a word outside the vocabulary. */
  vector(word: string): Float32Array {
    return tf.tidy(() => tf.gather(this.trained(), [this.id(word)]).dataSync() as Float32Array);
  }

  private trained(): tf.Variable {
    if (this.inputVectors === null) throw new Error('Word2Vec: call fit() (or buildVocabulary()) first');
    return this.inputVectors;
  }

  private id(word: string): number {
    const id = this.index.get(word);
    if (id === undefined) throw new Error(`Word2Vec: '${word}' is not in the vocabulary (${this.vocabulary.length - 1} words)`);
    return id;
  }

  private closest(query: tf.Tensor1D, k: number, exclude: Set<number>): Neighbour[] {
    const sims = tf.tidy(() => {
      const w = this.trained();
      const norms = tf.norm(w, 2, 1);
      return tf.div(tf.squeeze(tf.matMul(w, tf.reshape(query, [-1, 1])), [1]), tf.maximum(tf.mul(norms, tf.norm(query)), 1e-12)).dataSync();
    });
    const order = Array.from(sims.keys()).filter((i) => i !== 0 && !exclude.has(i)).sort((a, b) => sims[b]! - sims[a]!);
    return order.slice(0, k).map((i) => ({ word: this.vocabulary[i]!, similarity: sims[i]! }));
  }

  /** The `k` words closest to a word (itself excluded) by cosine similarity. */
  nearest(word: string, k = 5): Neighbour[] {
    const id = this.id(word);
    const q = tf.tidy(() => tf.reshape(tf.gather(this.trained(), [id]), [-1]) as tf.Tensor1D);
    const out = this.closest(q, k, new Set([id]));
    q.dispose();
    return out;
  }

  /** Answers `a : b :: c : ?` with the words closest to `b − a + c` (a, b, c excluded). */
  analogy(a: string, b: string, c: string, k = 1): Neighbour[] {
    const ids = [this.id(a), this.id(b), this.id(c)];
    const q = tf.tidy(() => {
      // Unit-normalize first, as word2vec's compute-accuracy does.
      const v = tf.gather(this.trained(), ids);
      const n = tf.div(v, tf.norm(v, 2, 1, true));
      const [va, vb, vc] = tf.unstack(n);
      return tf.add(tf.sub(vb!, va!), vc!) as tf.Tensor1D;
    });
    const out = this.closest(q, k, new Set(ids));
    q.dispose();
    return out;
  }

  /** Frees the vectors. */
  dispose(): void {
    this.inputVectors?.dispose();
    this.outputVectors?.dispose();
    this.inputVectors = null;
    this.outputVectors = null;
  }
}
