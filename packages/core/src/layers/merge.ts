import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerArgs, type Tensors } from '../engine/layer.js';
import { shapeText, type Shape } from '../engine/symbolic-tensor.js';

function asList(layer: Layer, inputs: Tensors | Shape | Shape[], min = 2): unknown[] {
  if (!Array.isArray(inputs) || inputs.length < min || (inputs.length > 0 && !(inputs[0] instanceof tf.Tensor) && !Array.isArray(inputs[0]))) {
    throw new Error(`${layer.className} '${layer.name}': expected a list of at least ${min} inputs`);
  }
  return inputs;
}

/** The broadcast of shapes (numpy rules; null is unknown). */
function broadcastShapes(layer: Layer, shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    let d: number | null = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i];
      if (v === undefined || v === 1) continue;
      if (v === null) {
        if (d === 1) d = null;
        continue;
      }
      if (d !== 1 && d !== null && d !== v) {
        throw new Error(`${layer.className} '${layer.name}': inputs have incompatible shapes ${shapes.map(shapeText).join(' and ')}`);
      }
      d = v;
    }
    out.push(d);
  }
  return out;
}

/**
 * The base of elementwise merge layers: a list of inputs of broadcast-compatible shapes → one output.
 *
 * @example
 * ```ts
 * class Diff2 extends ElementwiseMerge {
 *   static override readonly className = 'Diff2';
 *   protected merge(xs: tf.Tensor[]) { return tf.squaredDifference(xs[0]!, xs[1]!); }
 * }
 * ```
 */
export abstract class ElementwiseMerge extends Layer {
  protected readonly exactlyTwo: boolean = false;
  protected abstract merge(xs: tf.Tensor[]): tf.Tensor;
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = asList(this, inputShape) as Shape[];
    if (this.exactlyTwo && shapes.length !== 2) throw new Error(`${this.label}: expected exactly 2 inputs, received ${shapes.length}`);
    return broadcastShapes(this, shapes);
  }
  call(inputs: Tensors): tf.Tensor {
    const xs = asList(this, inputs) as tf.Tensor[];
    if (this.exactlyTwo && xs.length !== 2) throw new Error(`${this.label}: expected exactly 2 inputs, received ${xs.length}`);
    broadcastShapes(this, xs.map((x) => x.shape));
    return this.merge(xs);
  }
}

/** Sums its inputs. `add().apply([a, b])`. @example `const y = add().apply([a, b]);` */
export class Add extends ElementwiseMerge {
  static override readonly className = 'Add';
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return xs.reduce((p, q) => tf.add(p, q));
  }
}
/** `a - b` (exactly two inputs). @example `subtract().apply([a, b])` */
export class Subtract extends ElementwiseMerge {
  static override readonly className = 'Subtract';
  protected override readonly exactlyTwo = true;
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return tf.sub(xs[0]!, xs[1]!);
  }
}
/** Elementwise product. @example `multiply().apply([a, b])` */
export class Multiply extends ElementwiseMerge {
  static override readonly className = 'Multiply';
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return xs.reduce((p, q) => tf.mul(p, q));
  }
}
/** Elementwise mean. @example `average().apply([a, b])` */
export class Average extends ElementwiseMerge {
  static override readonly className = 'Average';
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return tf.div(xs.reduce((p, q) => tf.add(p, q)), xs.length);
  }
}
/** Elementwise maximum. @example `maximum().apply([a, b])` */
export class Maximum extends ElementwiseMerge {
  static override readonly className = 'Maximum';
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return xs.reduce((p, q) => tf.maximum(p, q));
  }
}
/** Elementwise minimum. @example `minimum().apply([a, b])` */
export class Minimum extends ElementwiseMerge {
  static override readonly className = 'Minimum';
  protected merge(xs: tf.Tensor[]): tf.Tensor {
    return xs.reduce((p, q) => tf.minimum(p, q));
  }
}

/**
 * Concatenates inputs along `axis` (default -1); the other axes must match.
 *
 * @example
 * ```ts
 * concatenate().apply([tf.ones([2, 3]), tf.ones([2, 4])]); // [2, 7]
 * ```
 */
export class Concatenate extends Layer {
  static override readonly className = 'Concatenate';
  readonly axis: number;
  constructor(args: LayerArgs & { axis?: number } = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new Error(`Concatenate: axis must be an integer. Received: axis=${args.axis}`);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = asList(this, inputShape) as Shape[];
    const rank = shapes[0]!.length;
    const a = this.axis < 0 ? rank + this.axis : this.axis;
    if (a <= 0 || a >= rank) throw new Error(`${this.label}: axis ${this.axis} is out of range for inputs of rank ${rank}`);
    for (const s of shapes) {
      if (s.length !== rank || s.some((d, i) => i !== a && d !== null && shapes[0]![i] !== null && d !== shapes[0]![i])) {
        throw new Error(`${this.label}: inputs must match except along axis ${this.axis}, received ${shapes.map(shapeText).join(', ')}`);
      }
    }
    const out = [...shapes[0]!];
    out[a] = shapes.some((s) => s[a] === null) ? null : shapes.reduce((n, s) => n + (s[a] as number), 0);
    return out;
  }
  call(inputs: Tensors): tf.Tensor {
    const xs = asList(this, inputs) as tf.Tensor[];
    this.computeOutputShape(xs.map((x) => x.shape));
    return tf.concat(xs, this.axis < 0 ? xs[0]!.rank + this.axis : this.axis);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * Per-sample dot product of two inputs along `axes` (one axis, or one per input), optionally
 * of L2-normalized inputs (cosine similarity). Supports inputs of rank 2 and 3.
 * `[b, n]·[b, n]` → `[b, 1]`; `[b, m, n]·[b, n, q]` with `axes: [2, 1]` → `[b, m, q]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dot } from '@sinew/core';
 * const a = tf.tensor2d([[1, 0], [1, 1]]);
 * const b = tf.tensor2d([[0, 1], [2, 2]]);
 * dot({ axes: 1, normalize: true }).apply([a, b]); // cosine similarity, [batch, 1]: [[0], [1]]
 * ```
 */
export class Dot extends Layer {
  static override readonly className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;
  constructor(args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }) {
    super(args);
    const ax = args?.axes;
    if (!(Number.isInteger(ax) || (Array.isArray(ax) && ax.length === 2 && ax.every(Number.isInteger)))) {
      throw new Error(`Dot: axes must be an integer or a pair of integers. Received: axes=${JSON.stringify(ax)}`);
    }
    this.axes = Array.isArray(ax) ? [ax[0], ax[1]] : ax;
    this.normalize = args.normalize ?? false;
  }
  private resolve(r1: number, r2: number): [number, number] {
    if (r1 < 2 || r1 > 3 || r2 < 2 || r2 > 3) throw new Error(`${this.label}: inputs must have rank 2 or 3, received ranks ${r1} and ${r2}`);
    const [a, b] = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    const ra = a < 0 ? r1 + a : a;
    const rb = b < 0 ? r2 + b : b;
    if (ra <= 0 || ra >= r1 || rb <= 0 || rb >= r2) throw new Error(`${this.label}: axes ${JSON.stringify(this.axes)} out of range for ranks ${r1} and ${r2}`);
    return [ra, rb];
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [s1, s2] = asList(this, inputShape) as Shape[];
    const [a, b] = this.resolve(s1!.length, s2!.length);
    if (s1![a] !== null && s2![b] !== null && s1![a] !== s2![b]) {
      throw new Error(`${this.label}: contracted axes differ in size: ${shapeText(s1!)} axis ${a} vs ${shapeText(s2!)} axis ${b}`);
    }
    const rest = [...s1!.filter((_, i) => i !== 0 && i !== a), ...s2!.filter((_, i) => i !== 0 && i !== b)];
    return [s1![0] ?? null, ...(rest.length === 0 ? [1] : rest)];
  }
  call(inputs: Tensors): tf.Tensor {
    let [x, y] = asList(this, inputs) as tf.Tensor[];
    this.computeOutputShape([x!.shape, y!.shape]);
    const [a, b] = this.resolve(x!.rank, y!.rank);
    if (this.normalize) {
      x = tf.div(x!, tf.maximum(tf.norm(x!, 2, a, true), 1e-12));
      y = tf.div(y!, tf.maximum(tf.norm(y!, 2, b, true), 1e-12));
    }
    // Rank-2 inputs become [b, n, 1] so that one batched matMul covers every case.
    const x3 = x!.rank === 2 ? tf.expandDims(x!, 2) : x!;
    const y3 = y!.rank === 2 ? tf.expandDims(y!, 2) : y!;
    const out = tf.matMul(x3 as tf.Tensor3D, y3 as tf.Tensor3D, a === 2 ? false : true, b === 1 ? false : true);
    const target = this.computeOutputShape([x!.shape, y!.shape]).slice(1) as number[];
    return tf.reshape(out, [x!.shape[0]!, ...target]);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), axes: this.axes, normalize: this.normalize };
  }
}

/** Creates an {@link Add}. @example `add().apply([a, b])` */
export const add = (args: LayerArgs = {}): Add => new Add(args);
/** Creates a {@link Subtract}. @example `subtract().apply([a, b])` */
export const subtract = (args: LayerArgs = {}): Subtract => new Subtract(args);
/** Creates a {@link Multiply}. @example `multiply().apply([a, b])` */
export const multiply = (args: LayerArgs = {}): Multiply => new Multiply(args);
/** Creates an {@link Average}. @example `average().apply([a, b])` */
export const average = (args: LayerArgs = {}): Average => new Average(args);
/** Creates a {@link Maximum}. @example `maximum().apply([a, b])` */
export const maximum = (args: LayerArgs = {}): Maximum => new Maximum(args);
/** Creates a {@link Minimum}. @example `minimum().apply([a, b])` */
export const minimum = (args: LayerArgs = {}): Minimum => new Minimum(args);
/** Creates a {@link Concatenate}. @example `concatenate({ axis: 1 })` */
export const concatenate = (args: LayerArgs & { axis?: number } = {}): Concatenate => new Concatenate(args);
/** Creates a {@link Dot}. @example `dot({ axes: 1 })` */
export const dot = (args: LayerArgs & { axes: number | [number, number]; normalize?: boolean }): Dot => new Dot(args);
