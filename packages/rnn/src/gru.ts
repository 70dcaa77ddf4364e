import * as tf from '@tensorflow/tfjs-core';
import { type ActivationFn, type ActivationIdentifier } from '@sinew/core';
import { gruSequence } from './gru-sequence.js';
import { gateActivation, hasFusableActivations } from './gate-activation.js';
import { BaseRNN, activationConfig, type BaseRNNArgs, type StepFn } from './base-rnn.js';

/** Arguments of {@link GRU}. */
export interface GRUArgs extends BaseRNNArgs {
  /** Activation of the update and reset gates (Keras default 'sigmoid'; tfjs 'hardSigmoidTfjs'). */
  recurrentActivation?: ActivationIdentifier | ActivationFn | null;
  /**
   * Apply the reset gate after the recurrent product, `r·(h·U_h + b_h)` (true: Keras 3's default,
   * cuDNN's and PyTorch's form, bias `[2, 3·units]`), or before it, `(r·h)·U_h` (false: the original
   * Cho et al. v3 form and tfjs-layers', bias `[3·units]`).
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al. 2014) in Keras's form and gate order z, r, h:
 *
 *   z = σ(x·W_z + h·U_z + b_z),  r = σ(x·W_r + h·U_r + b_r),
 *   ĥ = tanh(x·W_h + r·(h·U_h + b'_h))   (resetAfter)   or   tanh(x·W_h + (r·h)·U_h + b_h),
 *   h_t = z·h_{t-1} + (1 − z)·ĥ.
 *
 * Weights: kernel `[inputDim, 3·units]`, recurrent kernel `[units, 3·units]`, bias `[2, 3·units]`
 * (row 0 input bias, row 1 recurrent bias) with `resetAfter`, else `[3·units]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gru } from '@sinew/rnn';
 * const y = gru({ units: 8, returnSequences: true }).apply(tf.ones([2, 5, 3])); // [2, 5, 8]
 * ```
 */
export class GRU extends BaseRNN {
  static override readonly className: string = 'GRU';
  protected readonly gates = 3;
  readonly stateCount = 1;
  readonly recurrentActivation: ActivationFn;
  readonly resetAfter: boolean;

  constructor(args: GRUArgs) {
    super(args);
    const tfjs = args.defaults === 'tfjs';
    this.recurrentActivation = gateActivation(args);
    this.resetAfter = args.resetAfter ?? !tfjs;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): tf.Tensor | null {
    if (this.bias === null || !this.resetAfter) return this.bias;
    return tf.reshape(tf.slice(this.bias, [0, 0], [1, 3 * this.units]), [3 * this.units]);
  }

  /**
   * Whether the fused whole-sequence op applies in its reset-after form (reset-after, tanh activation,
   * sigmoid gates: Keras's defaults). The reset-before form has a fused op too: see {@link fusedForm}.
   */
  get fusable(): boolean {
    return this.resetAfter && this.fusedForm !== null;
  }

  /** Which fused whole-sequence op applies: with tanh activation and sigmoid gates, the layer's reset form; otherwise none (per-step composite). */
  get fusedForm(): 'resetAfter' | 'resetBefore' | null {
    if (!hasFusableActivations(this.activation, this.recurrentActivation)) return null;
    return this.resetAfter ? 'resetAfter' : 'resetBefore';
  }

  /** Turns the fused sequence op off (for comparisons); the per-step composite is used instead. */
  static useFusedSequence = true;

  protected override runInputSequence(x: tf.Tensor3D, [h0]: tf.Tensor2D[]): { sequence: tf.Tensor3D | null; states: tf.Tensor2D[] } | null {
    if (this.fusedForm === null || !GRU.useFusedSequence) return null;
    const [T, batch] = x.shape;
    const u = this.units;
    const bias = this.bias ?? tf.zeros(this.biasShape());
    const out = gruSequence(x, this.kernel! as tf.Tensor2D, bias, this.recurrentKernel! as tf.Tensor2D, h0!, { allSteps: this.returnSequences, resetAfter: this.resetAfter });
    if (!this.returnSequences) return { sequence: null, states: [tf.reshape(out, [batch, u]) as tf.Tensor2D] };
    const h = tf.reshape(tf.slice(out, [T - 1, 0, 0], [1, batch, u]), [batch, u]) as tf.Tensor2D;
    return { sequence: out, states: [h] };
  }

  protected makeStep(recurrentMask: tf.Tensor | null): StepFn {
    const u = this.units;
    const U = this.recurrentKernel! as tf.Tensor2D;
    const act = this.activation;
    const rec = this.recurrentActivation;
    if (this.resetAfter) {
      const recBias = this.bias === null ? null : tf.reshape(tf.slice(this.bias, [1, 0], [1, 3 * u]), [3 * u]);
      return (xp, [h]) => {
        const hIn = recurrentMask === null ? h! : (tf.mul(h!, recurrentMask) as tf.Tensor2D);
        let hu: tf.Tensor = tf.matMul(hIn, U);
        if (recBias !== null) hu = tf.add(hu, recBias);
        const [xzr, xh] = tf.split(xp, [2 * u, u], 1);
        const [hzr, hh] = tf.split(hu, [2 * u, u], 1);
        const [z, r] = tf.split(rec(tf.add(xzr!, hzr!)), 2, 1);
        const cand = act(tf.add(xh!, tf.mul(r!, hh!)));
        return [tf.add(cand, tf.mul(z!, tf.sub(h!, cand))) as tf.Tensor2D];
      };
    }
    const [Uzr, Uh] = tf.split(U, [2 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
    return (xp, [h]) => {
      const hIn = recurrentMask === null ? h! : (tf.mul(h!, recurrentMask) as tf.Tensor2D);
      const [xzr, xh] = tf.split(xp, [2 * u, u], 1);
      const [z, r] = tf.split(rec(tf.add(xzr!, tf.matMul(hIn, Uzr))), 2, 1);
      const cand = act(tf.add(xh!, tf.matMul(tf.mul(r!, hIn) as tf.Tensor2D, Uh)));
      return [tf.add(cand, tf.mul(z!, tf.sub(h!, cand))) as tf.Tensor2D];
    };
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      recurrentActivation: activationConfig(this.label, this.recurrentActivation),
      resetAfter: this.resetAfter,
    };
  }
}

/** Creates a {@link GRU} layer. @example `gru({ units: 32, resetAfter: false })` */
export function gru(args: GRUArgs): GRU {
  return new GRU(args);
}
