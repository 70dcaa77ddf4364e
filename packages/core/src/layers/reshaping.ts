import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Tensors } from '../engine/layer.js';
import { shapeText, type Shape } from '../engine/symbolic-tensor.js';

function prod(dims: (number | null)[]): number | null {
  let n = 1;
  for (const d of dims) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/**
 * Flattens all axes but the batch axis: `[batch, d1, ..., dn]` → `[batch, d1·...·dn]`.
 *
 * @example
 * ```ts
 * flatten().apply(tf.ones([2, 3, 4])); // [2, 12]
 * ```
 */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';
  constructor(args: LayerArgs = {}) {
    super(args);
    this.inputSpec = { minNdim: 1 };
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    return [s[0] ?? null, prod(s.slice(1))];
  }
  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    return tf.reshape(x, [x.shape[0]!, -1]);
  }
}

/** Arguments of {@link Reshape}. */
export interface ReshapeArgs extends LayerArgs {
  /** Target shape without the batch axis; one entry may be -1 (inferred). */
  targetShape: number[];
}

/**
 * Reshapes each sample: `[batch, ...]` → `[batch, ...targetShape]`.
 *
 * @example
 * ```ts
 * reshape({ targetShape: [2, -1] }).apply(tf.ones([5, 6])); // [5, 2, 3]
 * ```
 */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  readonly targetShape: number[];
  constructor(args: ReshapeArgs) {
    super(args);
    const t = args?.targetShape;
    if (!Array.isArray(t) || t.some((d) => !Number.isInteger(d) || (d <= 0 && d !== -1)) || t.filter((d) => d === -1).length > 1) {
      throw new Error(`Reshape: targetShape must be positive integers with at most one -1. Received: targetShape=${JSON.stringify(t)}`);
    }
    this.targetShape = [...t];
  }
  private resolve(inputShape: Shape): Shape {
    const total = prod(inputShape.slice(1));
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (total === null) return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const unknown = this.targetShape.indexOf(-1);
    if ((unknown < 0 && known !== total) || (unknown >= 0 && total % known !== 0)) {
      throw new Error(`${this.label}: cannot reshape input of shape ${shapeText(inputShape)} (${total} values per sample) to [${this.targetShape.join(', ')}]`);
    }
    return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? total / known : d))];
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.resolve(singleShape(this, inputShape));
  }
  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    const s = this.resolve(x.shape);
    return tf.reshape(x, [x.shape[0]!, ...s.slice(1).map((d) => d ?? -1)]);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

/** Arguments of {@link Permute}. */
export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1..rank-1 (the batch axis stays first), Keras's 1-based convention. */
  dims: number[];
}

/**
 * Permutes the non-batch axes: `dims: [2, 1]` turns `[batch, a, b]` into `[batch, b, a]`.
 *
 * @example
 * ```ts
 * permute({ dims: [2, 1] }).apply(tf.ones([4, 2, 3])); // [4, 3, 2]
 * ```
 */
export class Permute extends Layer {
  static override readonly className = 'Permute';
  readonly dims: number[];
  constructor(args: PermuteArgs) {
    super(args);
    const d = args?.dims;
    const sorted = Array.isArray(d) ? [...d].sort((a, b) => a - b) : [];
    if (!Array.isArray(d) || d.length === 0 || sorted.some((v, i) => v !== i + 1)) {
      throw new Error(`Permute: dims must be a permutation of 1..${Array.isArray(d) ? d.length : 'n'}. Received: dims=${JSON.stringify(d)}`);
    }
    this.dims = [...d];
    this.inputSpec = { ndim: d.length + 1 };
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }
  call(inputs: Tensors): tf.Tensor {
    return tf.transpose(singleInput(this, inputs), [0, ...this.dims]);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), dims: this.dims };
  }
}

/**
 * Repeats a vector `n` times: `[batch, features]` → `[batch, n, features]`.
 *
 * @example
 * ```ts
 * repeatVector({ n: 3 }).apply(tf.ones([2, 4])); // [2, 3, 4]
 * ```
 */
export class RepeatVector extends Layer {
  static override readonly className = 'RepeatVector';
  readonly n: number;
  constructor(args: LayerArgs & { n: number }) {
    super(args);
    if (!Number.isInteger(args?.n) || args.n <= 0) throw new Error(`RepeatVector: n must be a positive integer. Received: n=${args?.n}`);
    this.n = args.n;
    this.inputSpec = { ndim: 2 };
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    return [s[0] ?? null, this.n, s[1] ?? null];
  }
  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    return tf.tile(tf.expandDims(x, 1), [1, this.n, 1]);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), n: this.n };
  }
}

/**
 * Returns its input unchanged (a placeholder, or a named tap point in a graph).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { identity } from '@sinew/core';
 * const x = tf.ones([2, 3]);
 * identity().apply(x); // x itself
 * ```
 */
export class Identity extends Layer {
  static override readonly className = 'Identity';
  call(inputs: Tensors): Tensors {
    return Array.isArray(inputs) ? inputs.map((t) => tf.clone(t)) : tf.clone(inputs);
  }
}

/** Creates a {@link Flatten}. @example `flatten()` */
export const flatten = (args: LayerArgs = {}): Flatten => new Flatten(args);
/** Creates a {@link Reshape}. @example `reshape({ targetShape: [28, 28, 1] })` */
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
/** Creates a {@link Permute}. @example `permute({ dims: [2, 1] })` */
export const permute = (args: PermuteArgs): Permute => new Permute(args);
/** Creates a {@link RepeatVector}. @example `repeatVector({ n: 4 })` */
export const repeatVector = (args: LayerArgs & { n: number }): RepeatVector => new RepeatVector(args);
/** Creates an {@link Identity} layer. @example `identity()` */
export const identity = (args: LayerArgs = {}): Identity => new Identity(args);
