import * as tf from '@tensorflow/tfjs-core';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/get-initializer.js';
import type { Initializer } from '../initializers/initializer.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { Layer, singleInput, singleShape, type LayerArgs, type Tensors } from '../engine/layer.js';
import type { Shape } from '../engine/symbolic-tensor.js';

/** Arguments of {@link LayerNormalization}. */
export interface LayerNormalizationArgs extends LayerArgs {
  /** Axis or axes normalized over (default -1). */
  axis?: number | number[];
  /** Added to the variance (default 1e-3, Keras's). */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/**
 * Layer normalization (Ba et al., 2016): each sample is normalized over `axis` with its own mean and
 * variance, then scaled by gamma and shifted by beta (shape: the normalized axes). Same in training
 * and inference.
 *
 * @example
 * ```ts
 * layerNormalization().apply(tf.randomNormal([2, 5])); // each row: mean 0, variance ~1
 * ```
 */
export class LayerNormalization extends Layer {
  static override readonly className = 'LayerNormalization';
  readonly axis: number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly betaInit: Initializer;
  private readonly gammaInit: Initializer;
  private readonly betaReg: Regularizer | null;
  private readonly gammaReg: Regularizer | null;
  gamma: tf.Variable | null = null;
  beta: tf.Variable | null = null;

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.axis = Array.isArray(args.axis) ? [...args.axis] : [args.axis ?? -1];
    if (this.axis.length === 0 || this.axis.some((a) => !Number.isInteger(a))) {
      throw new Error(`LayerNormalization: axis must be an integer or a non-empty list of integers. Received: axis=${JSON.stringify(args.axis)}`);
    }
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw new Error(`LayerNormalization: epsilon must be positive. Received: epsilon=${args.epsilon}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInit = getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInit = getInitializer(args.gammaInitializer ?? 'ones');
    this.betaReg = args.betaRegularizer == null ? null : getRegularizer(args.betaRegularizer);
    this.gammaReg = args.gammaRegularizer == null ? null : getRegularizer(args.gammaRegularizer);
  }

  private axes(rank: number): number[] {
    const out = this.axis.map((a) => (a < 0 ? rank + a : a)).sort((p, q) => p - q);
    if (out.some((a) => a <= 0 || a >= rank)) throw new Error(`${this.label}: axis ${JSON.stringify(this.axis)} is out of range for an input of rank ${rank}`);
    return out;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = singleShape(this, inputShape);
    const axes = this.axes(s.length);
    const shape = axes.map((a) => s[a]);
    if (shape.some((d) => d === null || d === undefined)) throw new Error(`${this.label}: the normalized axes must be known, received shape [${s.join(', ')}]`);
    if (this.scale) this.gamma = this.addWeight('gamma', shape as number[], { initializer: this.gammaInit, regularizer: this.gammaReg });
    if (this.center) this.beta = this.addWeight('beta', shape as number[], { initializer: this.betaInit, regularizer: this.betaReg });
    this.inputSpec = { ndim: s.length };
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    const axes = this.axes(x.rank);
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const { mean, variance } = tf.moments(x, axes, true);
    let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
    if (this.gamma !== null) y = tf.mul(y, tf.reshape(this.gamma, bshape));
    if (this.beta !== null) y = tf.add(y, tf.reshape(this.beta, bshape));
    return y;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      axis: this.axis.length === 1 ? this.axis[0] : this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.betaInit),
      gammaInitializer: serializeInitializer(this.gammaInit),
      betaRegularizer: this.betaReg && serializeRegularizer(this.betaReg),
      gammaRegularizer: this.gammaReg && serializeRegularizer(this.gammaReg),
    };
  }
}

/** Creates a {@link LayerNormalization}. @example `layerNormalization({ epsilon: 1e-5 })` */
export const layerNormalization = (args: LayerNormalizationArgs = {}): LayerNormalization => new LayerNormalization(args);
