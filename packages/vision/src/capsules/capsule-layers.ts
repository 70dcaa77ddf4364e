import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type InitializerIdentifier, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { Conv2D } from '../layers/conv2d.js';
import { positiveInteger } from '../layers/conv-utils.js';
import { squash } from './squash.js';

/** Arguments of {@link PrimaryCaps}. */
export interface PrimaryCapsArgs extends LayerArgs {
  /** Capsule types per position (the paper's 32). */
  numCapsules: number;
  /** Length of each capsule vector (the paper's 8). */
  dimCapsule: number;
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: 'valid' | 'same';
}

/**
 * The primary capsules of a CapsNet: a convolution with `numCapsules · dimCapsule` filters whose
 * output is cut into vectors and squashed. Input `[batch, h, w, channels]`, output
 * `[batch, h' · w' · numCapsules, dimCapsule]`. Weights: the convolution's kernel and bias.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { primaryCaps } from '@sinew/vision';
 * const caps = primaryCaps({ numCapsules: 8, dimCapsule: 4, kernelSize: 3, strides: 2 }).apply(tf.ones([1, 9, 9, 16])); // [1, 128, 4]
 * ```
 */
export class PrimaryCaps extends Layer {
  static override readonly className = 'PrimaryCaps';
  readonly numCapsules: number;
  readonly dimCapsule: number;
  readonly kernelSize: number | number[];
  readonly strides: number | number[];
  readonly padding: 'valid' | 'same';
  private conv: Conv2D | null = null;

  constructor(args: PrimaryCapsArgs) {
    super(args);
    this.numCapsules = positiveInteger(args?.numCapsules, 'numCapsules', this.label);
    this.dimCapsule = positiveInteger(args?.dimCapsule, 'dimCapsule', this.label);
    this.kernelSize = args.kernelSize;
    this.strides = args.strides ?? 1;
    this.padding = args.padding ?? 'valid';
    this.inputSpec = { ndim: 4 };
  }

  private makeConv(): Conv2D {
    return new Conv2D({ name: `${this.name}_conv`, filters: this.numCapsules * this.dimCapsule, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding });
  }

  override build(inputShape: Shape | Shape[]): void {
    this.conv = this.trackLayer(this.makeConv());
    this.conv.ensureBuilt(singleShape(this, inputShape));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (this.conv ?? this.makeConv()).computeOutputShape(singleShape(this, inputShape));
    const n = s[1] == null || s[2] == null ? null : s[1] * s[2] * this.numCapsules;
    return [s[0]!, n, this.dimCapsule];
  }

  call(inputs: Tensors): tf.Tensor {
    const y = this.conv!.apply(singleInput(this, inputs)) as tf.Tensor;
    return squash(tf.reshape(y, [y.shape[0]!, -1, this.dimCapsule]));
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), numCapsules: this.numCapsules, dimCapsule: this.dimCapsule, kernelSize: this.kernelSize, strides: this.strides, padding: this.padding };
  }
}
registerLayer(PrimaryCaps);

/** Creates a {@link PrimaryCaps} layer. @example `primaryCaps({ numCapsules: 32, dimCapsule: 8, kernelSize: 9, strides: 2 })` */
export function primaryCaps(args: PrimaryCapsArgs): PrimaryCaps {
  return new PrimaryCaps(args);
}

/** Arguments of {@link CapsuleLayer}. */
export interface CapsuleLayerArgs extends LayerArgs {
  /** Output capsules (one per class in a CapsNet's DigitCaps). */
  numCapsules: number;
  /** Length of each output capsule (the paper's 16). */
  dimCapsule: number;
  /** Iterations of routing by agreement (default 3, the paper's). */
  routings?: number;
  kernelInitializer?: InitializerIdentifier;
}

/**
 * A fully connected capsule layer with dynamic routing by agreement (Sabour et al. 2017,
 * Procedure 1). Each input capsule i predicts each output capsule j, `û_{j|i} = W_ij u_i`; routing
 * logits b start at 0 and for `routings` iterations `c = softmax_j(b)`, `s_j = Σ_i c_ij û_{j|i}`,
 * `v_j = squash(s_j)`, `b_ij += û_{j|i} · v_j` (not after the last). Input
 * `[batch, inCapsules, inDim]`, weight `W` `[inCapsules, numCapsules, dimCapsule, inDim]`, output
 * `[batch, numCapsules, dimCapsule]`. Gradients flow through every routing iteration, as in the paper.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { capsuleLayer } from '@sinew/vision';
 * const digits = capsuleLayer({ numCapsules: 10, dimCapsule: 16, routings: 3 }).apply(tf.randomNormal([2, 32, 8])); // [2, 10, 16]
 * ```
 */
export class CapsuleLayer extends Layer {
  static override readonly className = 'CapsuleLayer';
  readonly numCapsules: number;
  readonly dimCapsule: number;
  readonly routings: number;
  readonly kernelInitializer: InitializerIdentifier;
  kernel: tf.Variable | null = null;

  constructor(args: CapsuleLayerArgs) {
    super(args);
    this.numCapsules = positiveInteger(args?.numCapsules, 'numCapsules', this.label);
    this.dimCapsule = positiveInteger(args?.dimCapsule, 'dimCapsule', this.label);
    this.routings = positiveInteger(args.routings ?? 3, 'routings', this.label);
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.inputSpec = { ndim: 3 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const [, inCaps, inDim] = singleShape(this, inputShape);
    if (inCaps == null || inDim == null) throw new Error(`${this.label}: the number and length of input capsules must be known, received shape [${singleShape(this, inputShape).join(', ')}]`);
    this.kernel = this.addWeight('kernel', [inCaps, this.numCapsules, this.dimCapsule, inDim], { initializer: this.kernelInitializer });
    this.inputSpec = { ndim: 3, axes: { 1: inCaps, 2: inDim } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [singleShape(this, inputShape)[0]!, this.numCapsules, this.dimCapsule];
  }

  /** The predictions û `[batch, inCapsules, numCapsules, dimCapsule]` of every input capsule. */
  predictions(u: tf.Tensor): tf.Tensor {
    const [b, inCaps, inDim] = u.shape as [number, number, number];
    const [J, O] = [this.numCapsules, this.dimCapsule];
    // One batched matmul over the input capsules: [I, J·O, D] x [I, D, b] -> [I, J·O, b].
    const w = tf.reshape(this.kernel!, [inCaps, J * O, inDim]) as tf.Tensor3D;
    const uT = tf.transpose(u, [1, 2, 0]) as tf.Tensor3D;
    return tf.transpose(tf.reshape(tf.matMul(w, uT), [inCaps, J, O, b]), [3, 0, 1, 2]);
  }

  call(inputs: Tensors): tf.Tensor {
    const uHat = this.predictions(singleInput(this, inputs));
    const [b, inCaps, J, O] = uHat.shape as [number, number, number, number];
    // Weighted sums and agreements as batched matmuls over (example, output capsule): their gradients
    // are matmuls too, where broadcast-multiply-and-sum would backpropagate through slow Tile kernels.
    const uT = tf.reshape(tf.transpose(uHat, [0, 2, 1, 3]), [b * J, inCaps, O]) as tf.Tensor3D;
    let logits: tf.Tensor = tf.zeros([b, inCaps, J]);
    let v: tf.Tensor | null = null;
    for (let r = 0; r < this.routings; r++) {
      const c = tf.reshape(tf.transpose(tf.softmax(logits, -1), [0, 2, 1]), [b * J, 1, inCaps]) as tf.Tensor3D;
      v = squash(tf.reshape(tf.matMul(c, uT), [b, J, O]));
      if (r < this.routings - 1) {
        const agreement = tf.matMul(uT, tf.reshape(v, [b * J, O, 1]) as tf.Tensor3D);
        logits = tf.add(logits, tf.transpose(tf.reshape(agreement, [b, J, inCaps]), [0, 2, 1]));
      }
    }
    return v!;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), numCapsules: this.numCapsules, dimCapsule: this.dimCapsule, routings: this.routings, kernelInitializer: typeof this.kernelInitializer === 'string' ? this.kernelInitializer : 'glorotUniform' };
  }
}
registerLayer(CapsuleLayer);

/** Creates a {@link CapsuleLayer}. @example `capsuleLayer({ numCapsules: 10, dimCapsule: 16, routings: 3 })` */
export function capsuleLayer(args: CapsuleLayerArgs): CapsuleLayer {
  return new CapsuleLayer(args);
}

/**
 * The length of each capsule vector (a CapsNet's class probabilities): `[batch, caps, dim]` →
 * `[batch, caps]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { capsuleLength } from '@sinew/vision';
 * const p = capsuleLength().apply(tf.ones([2, 10, 16])); // [2, 10], each 4
 * ```
 */
export class CapsuleLength extends Layer {
  static override readonly className = 'CapsuleLength';
  constructor(args: LayerArgs = {}) {
    super(args);
    this.inputSpec = { ndim: 3 };
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return singleShape(this, inputShape).slice(0, 2);
  }
  call(inputs: Tensors): tf.Tensor {
    return tf.sqrt(tf.add(tf.sum(tf.square(singleInput(this, inputs)), -1), 1e-9));
  }
}
registerLayer(CapsuleLength);

/** Creates a {@link CapsuleLength} layer. @example `capsuleLength()` */
export function capsuleLength(args: LayerArgs = {}): CapsuleLength {
  return new CapsuleLength(args);
}

/**
 * Keeps one capsule and zeroes the others, flattened for the reconstruction decoder: with two
 * inputs `[capsules [b, J, O], oneHot [b, J]]` the true class's capsule (training), with one input
 * the longest capsule (inference). Output `[batch, J · O]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { capsuleMask } from '@sinew/vision';
 * const masked = capsuleMask().apply([tf.ones([2, 10, 16]), tf.oneHot([3, 7], 10)]); // [2, 160]
 * ```
 */
export class CapsuleMask extends Layer {
  static override readonly className = 'CapsuleMask';
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    return [s[0]!, s[1] == null || s[2] == null ? null : s[1] * s[2]];
  }
  call(inputs: Tensors): tf.Tensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const caps = list[0]!;
    if (caps.rank !== 3) throw new Error(`${this.label}: expected capsules [batch, capsules, dim], received shape [${caps.shape.join(', ')}]`);
    const mask = list.length > 1 ? list[1]! : tf.oneHot(tf.argMax(tf.sum(tf.square(caps), -1), -1), caps.shape[1]!);
    return tf.reshape(tf.mul(caps, tf.expandDims(tf.cast(mask, 'float32'), -1)), [caps.shape[0]!, -1]);
  }
}
registerLayer(CapsuleMask);

/** Creates a {@link CapsuleMask} layer. @example `capsuleMask()` */
export function capsuleMask(args: LayerArgs = {}): CapsuleMask {
  return new CapsuleMask(args);
}
