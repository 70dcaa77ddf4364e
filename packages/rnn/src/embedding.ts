import * as tf from '@tensorflow/tfjs-core';
import {
  Layer,
  getConstraint,
  getInitializer,
  getRegularizer,
  serializeConstraint,
  serializeInitializer,
  serializeRegularizer,
  singleInput,
  singleShape,
  type Constraint,
  type ConstraintIdentifier,
  type Initializer,
  type InitializerIdentifier,
  type LayerArgs,
  type Regularizer,
  type RegularizerIdentifier,
  type Shape,
  type Tensors,
} from '@sinew/core';
import { attachMask } from './mask.js';

/** Arguments of {@link Embedding}. */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: indices are in `[0, inputDim)`. */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default: uniform in [-0.05, 0.05] (Keras's 'uniform'). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Treat index 0 as padding: recurrent layers downstream skip those steps. */
  maskZero?: boolean;
}

/**
 * Turns integer indices into dense vectors: a lookup in the table `embeddings` `[inputDim, outputDim]`.
 * With `maskZero`, index 0 marks padding and the output carries a time-step mask that
 * SimpleRNN/LSTM/GRU/Bidirectional read, so padded steps leave the state unchanged.
 *
 * Input `[batch, steps]` of indices (int32 or float holding integers) → `[batch, steps, outputDim]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { embedding } from '@sinew/rnn';
 * const e = embedding({ inputDim: 100, outputDim: 8, maskZero: true });
 * const v = e.apply(tf.tensor2d([[5, 7, 0, 0]], [1, 4], 'int32')); // [1, 4, 8]
 * ```
 */
export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly embeddingsInitializer: Initializer;
  readonly embeddingsRegularizer: Regularizer | null;
  readonly embeddingsConstraint: Constraint | null;
  embeddings: tf.Variable | null = null;

  constructor(args: EmbeddingArgs) {
    super(args);
    for (const k of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args?.[k]) || args[k] <= 0) throw new Error(`Embedding: ${k} must be a positive integer. Received: ${k}=${args?.[k]}`);
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.maskZero = args.maskZero ?? false;
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? { className: 'RandomUniform', config: { minval: -0.05, maxval: 0.05 } });
    this.embeddingsRegularizer = args.embeddingsRegularizer == null ? null : getRegularizer(args.embeddingsRegularizer);
    this.embeddingsConstraint = args.embeddingsConstraint == null ? null : getConstraint(args.embeddingsConstraint);
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer,
      constraint: this.embeddingsConstraint,
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...singleShape(this, inputShape), this.outputDim];
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    const ids = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    const out = tf.gather(this.embeddings!, ids);
    if (this.maskZero && x.rank === 2) {
      const v = ids.dataSync();
      const data = new Uint8Array(v.length);
      for (let i = 0; i < v.length; i++) data[i] = v[i] !== 0 ? 1 : 0;
      attachMask(out, { data, shape: [x.shape[0]!, x.shape[1]!] });
    }
    return out;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      maskZero: this.maskZero,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: this.embeddingsRegularizer && serializeRegularizer(this.embeddingsRegularizer),
      embeddingsConstraint: this.embeddingsConstraint && serializeConstraint(this.embeddingsConstraint),
    };
  }
}

/** Creates an {@link Embedding} layer. @example `embedding({ inputDim: 1000, outputDim: 64, maskZero: true })` */
export function embedding(args: EmbeddingArgs): Embedding {
  return new Embedding(args);
}
