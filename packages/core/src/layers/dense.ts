import * as tf from '@tensorflow/tfjs-core';
import { activationName, getActivation, type ActivationIdentifier } from '../activations/get-activation.js';
import type { ActivationFn } from '../activations/activations.js';
import { serializeConstraint, type Constraint, getConstraint, type ConstraintIdentifier } from '../constraints/constraint.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../initializers/get-initializer.js';
import type { Initializer } from '../initializers/initializer.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { Layer, singleInput, singleShape, type LayerArgs, type Tensors } from '../engine/layer.js';
import type { Shape } from '../engine/symbolic-tensor.js';

/** Arguments of {@link Dense}. */
export interface DenseArgs extends LayerArgs {
  /** Output size (positive integer). */
  units: number;
  /** Activation name or function (default linear). */
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/** Serializes an activation argument, failing clearly for custom functions. */
export function activationConfig(layer: string, fn: ActivationFn): string {
  const name = activationName(fn);
  if (name === null) throw new Error(`${layer}: a custom activation function cannot be serialized; pass an activation name or use a registered layer`);
  return name;
}

/**
 * Densely connected layer `activation(x · kernel + bias)`; kernel `[inputDim, units]`, bias `[units]`
 * (Keras's layout). Inputs of rank > 2 are contracted on the last axis.
 *
 * Input `[batch, ..., inputDim]` → output `[batch, ..., units]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense } from '@sinew/core';
 * const layer = dense({ units: 3, activation: 'relu' });
 * const y = layer.apply(tf.ones([2, 5])); // [2, 3]
 * ```
 */
export class Dense extends Layer {
  static override readonly className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;
  /** The activation when the fused matmul kernel can apply it ('linear' or 'relu'), else null. */
  private readonly fusedActivation: 'linear' | 'relu' | null;

  constructor(args: DenseArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new Error(`Dense: units must be a positive integer. Received: units=${args?.units}`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation);
    const name = activationName(this.activation);
    this.fusedActivation = name === 'linear' || name === 'relu' ? name : null;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = args.kernelRegularizer == null ? null : getRegularizer(args.kernelRegularizer);
    this.biasRegularizer = args.biasRegularizer == null ? null : getRegularizer(args.biasRegularizer);
    this.kernelConstraint = args.kernelConstraint == null ? null : getConstraint(args.kernelConstraint);
    this.biasConstraint = args.biasConstraint == null ? null : getConstraint(args.biasConstraint);
    this.inputSpec = { minNdim: 2 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape);
    const inputDim = shape[shape.length - 1];
    if (shape.length < 2) throw new Error(`${this.label}: expected input of rank >= 2, received shape [${shape.join(', ')}]`);
    if (inputDim === null || inputDim === undefined) throw new Error(`${this.label}: the last axis of the input must be known, received shape [${shape.join(', ')}]`);
    this.kernel = this.addWeight('kernel', [inputDim, this.units], {
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.units], {
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
        constraint: this.biasConstraint,
      });
    }
    this.inputSpec = { minNdim: 2, axes: { [-1]: inputDim } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape);
    return [...shape.slice(0, -1), this.units];
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1]!]);
    // Outside a gradient tape (predict, evaluate) one fused kernel does matmul, bias and activation.
    // Under a tape the separate ops are cheaper: tfjs's fused op then differentiates through a custom
    // gradient that reshapes to rank 3 and back, more kernels per step than it saves (measured).
    const fuse = this.fusedActivation !== null && tf.engine().state.gradientDepth === 0;
    let y: tf.Tensor;
    if (fuse) {
      y = tf.fused.matMul({ a: flat, b: this.kernel!, bias: this.bias ?? undefined, activation: this.fusedActivation! });
    } else {
      y = tf.matMul(flat, this.kernel!);
      if (this.bias !== null) y = tf.add(y, this.bias);
    }
    if (x.rank !== 2) y = tf.reshape(y, [...x.shape.slice(0, -1), this.units]);
    return fuse ? y : this.activation(y);
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer && serializeRegularizer(this.kernelRegularizer),
      biasRegularizer: this.biasRegularizer && serializeRegularizer(this.biasRegularizer),
      kernelConstraint: this.kernelConstraint && serializeConstraint(this.kernelConstraint),
      biasConstraint: this.biasConstraint && serializeConstraint(this.biasConstraint),
    };
  }
}

/** Creates a {@link Dense} layer. @example `dense({ units: 10, activation: 'softmax' })` */
export function dense(args: DenseArgs): Dense {
  return new Dense(args);
}
