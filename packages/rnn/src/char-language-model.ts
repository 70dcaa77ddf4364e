import * as tf from '@tensorflow/tfjs-core';
import { Adam, dense, randomFloat, sequential, sparseCategoricalCrossentropy, type History, type Sequential } from '@sinew/core';
import { embedding } from './embedding.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { timeDistributed } from './time-distributed.js';

/** Arguments of {@link CharLanguageModel}. */
export interface CharLanguageModelArgs {
  /** The characters the model knows (a string or list); index order is the given order. */
  vocabulary: string | string[];
  /** Size of the character embedding (default 16). */
  embeddingDim?: number;
  /** Hidden units per recurrent layer (default 128). */
  units?: number;
  /** Stacked recurrent layers (default 1). */
  layers?: number;
  /** 'lstm' (default) or 'gru'. */
  cell?: 'lstm' | 'gru';
}

/** Options of {@link CharLanguageModel.fit}. */
export interface CharFitOptions {
  /** Characters per training window (default 40). */
  sequenceLength?: number;
  /** Offset between consecutive windows (default sequenceLength / 2). */
  stride?: number;
  epochs?: number;
  batchSize?: number;
  /** Default 0.005 (Adam). */
  learningRate?: number;
  /** Clip the global gradient norm (default 5, as char-rnn does). */
  globalClipNorm?: number;
}

/**
 * A character-level language model (Karpathy's char-rnn, Graves 2013): embedding → recurrent
 * layers → softmax over the next character, trained on windows of text, sampled one character at
 * a time with a temperature (low: conservative, 1: the model's distribution, high: adventurous).
 *
 * @example
 * ```ts
 * import { CharLanguageModel } from '@sinew/rnn';
 * const text = 'hello world. '.repeat(50);
 * const lm = new CharLanguageModel({ vocabulary: [...new Set(text)].join(''), units: 32 });
 * await lm.fit(text, { epochs: 2, sequenceLength: 16 });
 * console.log(lm.sample({ prompt: 'hel', length: 20, temperature: 0.5 }));
 * ```
 */
export class CharLanguageModel {
  readonly vocabulary: string[];
  readonly model: Sequential;
  private readonly index = new Map<string, number>();

  constructor(args: CharLanguageModelArgs) {
    this.vocabulary = typeof args.vocabulary === 'string' ? [...args.vocabulary] : [...args.vocabulary];
    this.vocabulary.forEach((c, i) => {
      if (this.index.has(c)) throw new Error(`CharLanguageModel: the vocabulary lists '${c}' twice`);
      this.index.set(c, i);
    });
    if (this.vocabulary.length < 2) throw new Error(`CharLanguageModel: the vocabulary needs at least 2 characters, received ${this.vocabulary.length}`);
    const { embeddingDim = 16, units = 128, layers = 1, cell = 'lstm' } = args;
    const rnn = cell === 'gru' ? gru : lstm;
    this.model = sequential({
      layers: [
        embedding({ inputDim: this.vocabulary.length, outputDim: embeddingDim }),
        ...Array.from({ length: layers }, () => rnn({ units, returnSequences: true })),
        timeDistributed({ layer: dense({ units: this.vocabulary.length, activation: 'softmax' }) }),
      ],
    });
  }

  /** Character indices of a text. @throws naming the first unknown character. */
  encode(text: string): number[] {
    return [...text].map((c, i) => {
      const id = this.index.get(c);
      if (id === undefined) throw new Error(`CharLanguageModel: character ${JSON.stringify(c)} at position ${i} is not in the vocabulary`);
      return id;
    });
  }

  private windows(text: string, length: number, stride: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const ids = this.encode(text);
    if (ids.length < length + 1) throw new Error(`CharLanguageModel: the text (${ids.length} characters) is shorter than one window (${length + 1})`);
    const xs: number[][] = [];
    const ys: number[][] = [];
    for (let s = 0; s + length + 1 <= ids.length; s += stride) {
      xs.push(ids.slice(s, s + length));
      ys.push(ids.slice(s + 1, s + length + 1));
    }
    return { x: tf.tensor2d(xs), y: tf.tensor2d(ys) };
  }

  /** Trains on a text (next-character prediction on overlapping windows). */
  async fit(text: string, options: CharFitOptions = {}): Promise<History> {
    const { sequenceLength = 40, epochs = 1, batchSize = 32, learningRate = 0.005, globalClipNorm = 5 } = options;
    const stride = options.stride ?? Math.max(1, Math.floor(sequenceLength / 2));
    const { x, y } = this.windows(text, sequenceLength, stride);
    // fit needs the variables to exist: one forward pass builds the layers.
    if (!this.model.built || this.model.trainableVariables.length === 0) tf.tidy(() => void this.model.apply(tf.slice(x, [0, 0], [1, sequenceLength])));
    this.model.compile({ optimizer: new Adam({ learningRate, globalClipNorm }), loss: 'sparseCategoricalCrossentropy' });
    try {
      return await this.model.fit(x, y, { epochs, batchSize, verbose: 0 });
    } finally {
      tf.dispose([x, y]);
    }
  }

  /** Mean cross-entropy in nats per predicted character on a text (uniform guessing gives ln V). */
  evaluate(text: string, sequenceLength = 40): number {
    const { x, y } = this.windows(text, sequenceLength, sequenceLength);
    const loss = tf.tidy(() => tf.mean(sparseCategoricalCrossentropy(y, this.model.apply(x) as tf.Tensor)).dataSync()[0]!);
    tf.dispose([x, y]);
    return loss;
  }

  /**
   * Generates `length` characters after `prompt`, sampling each from softmax(log p / temperature)
   * with Sinew's seeded generator (`setSeed` makes it reproducible). Temperature 0 is greedy.
   */
  sample({ prompt, length, temperature = 1, window = 64 }: { prompt: string; length: number; temperature?: number; window?: number }): string {
    if (!(temperature >= 0)) throw new Error(`CharLanguageModel.sample: temperature must be >= 0. Received: temperature=${temperature}`);
    const ids = this.encode(prompt);
    if (ids.length === 0) throw new Error('CharLanguageModel.sample: the prompt must not be empty');
    let out = '';
    for (let n = 0; n < length; n++) {
      const ctx = ids.slice(-window);
      const probs = tf.tidy(() => {
        const p = this.model.apply(tf.tensor2d([ctx])) as tf.Tensor;
        return tf.reshape(tf.slice(p, [0, ctx.length - 1, 0], [1, 1, this.vocabulary.length]), [-1]).dataSync() as Float32Array;
      });
      const next = pick(probs, temperature);
      ids.push(next);
      out += this.vocabulary[next]!;
    }
    return out;
  }

  /** Frees the weights. */
  dispose(): void {
    this.model.dispose();
  }
}

function pick(probs: Float32Array, temperature: number): number {
  if (temperature === 0) return probs.indexOf(Math.max(...probs));
  const logits = Array.from(probs, (p) => Math.log(Math.max(p, 1e-30)) / temperature);
  const m = Math.max(...logits);
  const w = logits.map((l) => Math.exp(l - m));
  let r = randomFloat() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length; i++) {
    r -= w[i]!;
    if (r <= 0) return i;
  }
  return w.length - 1;
}
