import * as tf from '@tensorflow/tfjs-core';
import { type ActivationFn, type ActivationIdentifier } from '@sinew/core';
import { lstmSequence } from './lstm-sequence.js';
import { gateActivation, hasFusableActivations } from './gate-activation.js';
import { BaseRNN, activationConfig, type BaseRNNArgs, type StepFn } from './base-rnn.js';

/** Arguments of {@link LSTM}. */
export interface LSTMArgs extends BaseRNNArgs {
  /** Activation of the input, forget and output gates (Keras default 'sigmoid'; tfjs 'hardSigmoidTfjs'). */
  recurrentActivation?: ActivationIdentifier | ActivationFn | null;
  /** Initialize the forget gate's bias to 1 (Jozefowicz et al. 2015; Keras default true, tfjs false). */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory layer (Hochreiter & Schmidhuber 1997) in Keras's form and gate order
 * i, f, c, o:
 *
 *   i = σ(x·W_i + h·U_i + b_i), f = σ(…_f), g = tanh(…_c), o = σ(…_o),
 *   c_t = f·c_{t-1} + i·g,  h_t = o·tanh(c_t).
 *
 * Weights: kernel `[inputDim, 4·units]`, recurrent kernel `[units, 4·units]`, bias `[4·units]`
 * (blocks in the order i, f, c, o). States `[h, c]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { lstm } from '@sinew/rnn';
 * const layer = lstm({ units: 8 });
 * const y = layer.apply(tf.ones([4, 10, 3])); // [4, 8]
 * ```
 */
export class LSTM extends BaseRNN {
  static override readonly className: string = 'LSTM';
  protected readonly gates = 4;
  readonly stateCount = 2;
  readonly recurrentActivation: ActivationFn;
  readonly unitForgetBias: boolean;

  constructor(args: LSTMArgs) {
    super(args);
    const tfjs = args.defaults === 'tfjs';
    this.recurrentActivation = gateActivation(args);
    this.unitForgetBias = args.unitForgetBias ?? !tfjs;
  }

  protected override initialBias(shape: number[]): tf.Tensor {
    if (!this.unitForgetBias) return super.initialBias(shape);
    const u = this.units;
    return tf.tidy(() => tf.concat([this.biasInitializer.apply([u]), tf.ones([u]), this.biasInitializer.apply([2 * u])]));
  }

  /** Whether the fused whole-sequence op applies (tanh activation and sigmoid gates, Keras's defaults). */
  get fusable(): boolean {
    return hasFusableActivations(this.activation, this.recurrentActivation);
  }

  protected override runInputSequence(x: tf.Tensor3D, [h0, c0]: tf.Tensor2D[]): { sequence: tf.Tensor3D | null; states: tf.Tensor2D[] } | null {
    if (!this.fusable || !LSTM.useFusedSequence) return null;
    const T = x.shape[0];
    const [batch, u] = [x.shape[1], this.units];
    const bias = (this.bias ?? tf.zeros([4 * u])) as tf.Tensor1D;
    // The final c is only read as a returned or carried state; otherwise the op leaves it out (and the
    // states hold h alone, which the caller then never reads past).
    const finalC = this.returnState || this.stateful;
    const packed = lstmSequence(x, this.kernel! as tf.Tensor2D, bias, this.recurrentKernel! as tf.Tensor2D, h0!, c0!, { allSteps: this.returnSequences, finalC });
    if (!finalC) {
      const h = this.returnSequences ? tf.reshape(tf.slice(packed, [T - 1, 0, 0], [1, batch, u]), [batch, u]) : tf.reshape(packed, [batch, u]);
      return { sequence: this.returnSequences ? packed : null, states: [h as tf.Tensor2D] };
    }
    // One split rather than several slices: on wasm each Slice copies its whole input.
    if (!this.returnSequences) {
      const [h, c] = tf.split(packed, 2, 0).map((s) => tf.reshape(s, [batch, u]) as tf.Tensor2D);
      return { sequence: null, states: [h!, c!] };
    }
    const [sequence, c] = tf.split(packed, [T, 1], 0) as [tf.Tensor3D, tf.Tensor3D];
    const h = tf.reshape(tf.slice(sequence, [T - 1, 0, 0], [1, batch, u]), [batch, u]) as tf.Tensor2D;
    return { sequence, states: [h, tf.reshape(c, [batch, u]) as tf.Tensor2D] };
  }

  /** Turns the fused sequence op off (for comparisons); the per-step composite is used instead. */
  static useFusedSequence = true;

  protected makeStep(recurrentMask: tf.Tensor | null): StepFn {
    const U = this.recurrentKernel! as tf.Tensor2D;
    const act = this.activation;
    const rec = this.recurrentActivation;
    return (xp, [h, c]) => {
      const hIn = recurrentMask === null ? h! : (tf.mul(h!, recurrentMask) as tf.Tensor2D);
      const z = tf.add(xp, tf.matMul(hIn, U));
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      const cNew = tf.add(tf.mul(rec(zf!), c!), tf.mul(rec(zi!), act(zc!))) as tf.Tensor2D;
      const hNew = tf.mul(rec(zo!), act(cNew)) as tf.Tensor2D;
      return [hNew, cNew];
    };
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      recurrentActivation: activationConfig(this.label, this.recurrentActivation),
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/** Creates an {@link LSTM} layer. @example `lstm({ units: 32, returnSequences: true })` */
export function lstm(args: LSTMArgs): LSTM {
  return new LSTM(args);
}
