import * as tf from '@tensorflow/tfjs-core';
import { getConstraint, serializeConstraint, type Constraint, type ConstraintIdentifier } from '../constraints/constraint.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/get-initializer.js';
import type { Initializer } from '../initializers/initializer.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { Layer, singleInput, singleShape, type LayerArgs, type Tensors } from '../engine/layer.js';
import type { Shape } from '../engine/symbolic-tensor.js';

/** Arguments of {@link BatchNormalization} (Keras's defaults). */
export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis (default -1, channels last). */
  axis?: number;
  /** Moving-average momentum (default 0.99). */
  momentum?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015) with Keras's defaults: momentum 0.99, epsilon 1e-3.
 *
 * Training (`{ training: true }` on a trainable layer): normalizes with the batch's mean and
 * (biased) variance over every axis but `axis`, and updates the moving statistics
 * `moving = momentum · moving + (1 − momentum) · batch`. Inference, or a frozen layer (Keras 3's
 * rule): uses the moving statistics. Weights, in Keras's order: gamma, beta (trainable),
 * movingMean, movingVariance (non-trainable), each of shape `[features]`.
 *
 * @example
 * ```ts
 * const bn = batchNormalization();
 * const y = bn.apply(tf.randomNormal([8, 4]), { training: true });
 * ```
 */
export class BatchNormalization extends Layer {
  static override readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  private readonly regs: Record<'beta' | 'gamma', Regularizer | null>;
  private readonly cons: Record<'beta' | 'gamma', Constraint | null>;
  gamma: tf.Variable | null = null;
  beta: tf.Variable | null = null;
  movingMean: tf.Variable | null = null;
  movingVariance: tf.Variable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (!Number.isInteger(this.axis)) throw new Error(`BatchNormalization: axis must be an integer. Received: axis=${args.axis}`);
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new Error(`BatchNormalization: momentum must be in [0, 1]. Received: momentum=${args.momentum}`);
    if (!(this.epsilon > 0)) throw new Error(`BatchNormalization: epsilon must be positive. Received: epsilon=${args.epsilon}`);
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.inits = {
      beta: getInitializer(args.betaInitializer ?? 'zeros'),
      gamma: getInitializer(args.gammaInitializer ?? 'ones'),
      movingMean: getInitializer(args.movingMeanInitializer ?? 'zeros'),
      movingVariance: getInitializer(args.movingVarianceInitializer ?? 'ones'),
    };
    this.regs = {
      beta: args.betaRegularizer == null ? null : getRegularizer(args.betaRegularizer),
      gamma: args.gammaRegularizer == null ? null : getRegularizer(args.gammaRegularizer),
    };
    this.cons = {
      beta: args.betaConstraint == null ? null : getConstraint(args.betaConstraint),
      gamma: args.gammaConstraint == null ? null : getConstraint(args.gammaConstraint),
    };
  }

  private resolvedAxis(rank: number): number {
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a <= 0 || a >= rank) throw new Error(`${this.label}: axis ${this.axis} is not a feature axis of an input of rank ${rank}`);
    return a;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = singleShape(this, inputShape);
    const a = this.resolvedAxis(s.length);
    const dim = s[a];
    if (dim === null || dim === undefined) throw new Error(`${this.label}: axis ${this.axis} of the input must be known, received shape [${s.join(', ')}]`);
    if (this.scale) this.gamma = this.addWeight('gamma', [dim], { initializer: this.inits.gamma, regularizer: this.regs.gamma, constraint: this.cons.gamma });
    if (this.center) this.beta = this.addWeight('beta', [dim], { initializer: this.inits.beta, regularizer: this.regs.beta, constraint: this.cons.beta });
    this.movingMean = this.addWeight('moving_mean', [dim], { initializer: this.inits.movingMean, trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [dim], { initializer: this.inits.movingVariance, trainable: false });
    this.inputSpec = { ndim: s.length, axes: { [a]: dim } };
  }

  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    const a = this.resolvedAxis(x.rank);
    const reduce = [...Array(x.rank).keys()].filter((i) => i !== a);
    const bshape = x.shape.map((d, i) => (i === a ? d : 1));
    let mean: tf.Tensor;
    let variance: tf.Tensor;
    if (training && this.trainable) {
      const m = tf.moments(x, reduce);
      mean = m.mean;
      variance = m.variance;
      const mom = this.momentum;
      // The moving statistics are state, not part of the differentiated function.
      const newMean = tf.add(tf.mul(this.movingMean!, mom), tf.mul(mean, 1 - mom));
      const newVar = tf.add(tf.mul(this.movingVariance!, mom), tf.mul(variance, 1 - mom));
      this.movingMean!.assign(newMean);
      this.movingVariance!.assign(newVar);
    } else {
      mean = this.movingMean!;
      variance = this.movingVariance!;
    }
    const inv = tf.rsqrt(tf.add(tf.reshape(variance, bshape), this.epsilon));
    let y = tf.mul(tf.sub(x, tf.reshape(mean, bshape)), inv);
    if (this.gamma !== null) y = tf.mul(y, tf.reshape(this.gamma, bshape));
    if (this.beta !== null) y = tf.add(y, tf.reshape(this.beta, bshape));
    return y;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeInitializer(this.inits.beta),
      gammaInitializer: serializeInitializer(this.inits.gamma),
      movingMeanInitializer: serializeInitializer(this.inits.movingMean),
      movingVarianceInitializer: serializeInitializer(this.inits.movingVariance),
      betaRegularizer: this.regs.beta && serializeRegularizer(this.regs.beta),
      gammaRegularizer: this.regs.gamma && serializeRegularizer(this.regs.gamma),
      betaConstraint: this.cons.beta && serializeConstraint(this.cons.beta),
      gammaConstraint: this.cons.gamma && serializeConstraint(this.cons.gamma),
    };
  }
}

/** Creates a {@link BatchNormalization}. @example `batchNormalization({ momentum: 0.9 })` */
export const batchNormalization = (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args);
