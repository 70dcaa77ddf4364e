import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { validOrSame } from '../layers/conv-padding.js';
import { convOutputLength, knownChannels } from '../layers/conv-utils.js';
import { namedKernel1d, namedKernel2d, type NamedKernel1D, type NamedKernel2D } from './kernels.js';

/** Arguments of {@link Filter2D}. */
export interface Filter2DArgs extends LayerArgs {
  /** One kernel or a bank of kernels of one shape: names ('gaussian', 'sobelX', ...) or rows of numbers. */
  kernels: NamedKernel2D | number[][] | (NamedKernel2D | number[][])[];
  /** Window of the named box, Gaussian and LoG kernels (default 3). */
  size?: number;
  /** Standard deviation of the named Gaussian and LoG kernels. */
  sigma?: number;
  /** 'same' (default) or 'valid'. */
  padding?: 'valid' | 'same';
}

function isBank2d(k: Filter2DArgs['kernels']): k is (NamedKernel2D | number[][])[] {
  return Array.isArray(k) && (typeof k[0] === 'string' || (Array.isArray(k[0]) && Array.isArray(k[0][0])));
}

/**
 * Classic filters as a layer: every input channel is correlated with each kernel of the bank
 * (a depthwise convolution initialised with the kernels). Fixed by default (`trainable: false`);
 * with `trainable: true` the kernels are the starting point of learning. Input
 * `[batch, h, w, channels]`, kernel weight `[kh, kw, channels, bank]`, output
 * `[batch, h', w', channels · bank]` (channel `c · bank + j` is channel c through kernel j).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { filter2d } from '@sinew/vision';
 * const edges = filter2d({ kernels: ['sobelX', 'sobelY'] });
 * const y = edges.apply(tf.randomUniform([1, 28, 28, 1])); // [1, 28, 28, 2]
 * ```
 */
export class Filter2D extends Layer {
  static override readonly className = 'Filter2D';
  /** The resolved kernels, `[bank][kh][kw]`. */
  readonly kernels: number[][][];
  readonly padding: 'valid' | 'same';
  kernel: tf.Variable | null = null;

  constructor(args: Filter2DArgs) {
    super({ ...args, trainable: args?.trainable ?? false });
    const where = `${this.className} '${this.name}'`;
    if (args?.kernels === undefined) throw new Error(`${where}: kernels is required`);
    const bank = isBank2d(args.kernels) ? args.kernels : [args.kernels as NamedKernel2D | number[][]];
    this.kernels = bank.map((k) => namedKernel2d(k, args.size ?? 3, args.sigma));
    const [h, w] = [this.kernels[0]!.length, this.kernels[0]![0]!.length];
    if (this.kernels.some((k) => k.length !== h || k[0]!.length !== w)) {
      throw new Error(`${where}: every kernel of the bank must have the same shape; received ${this.kernels.map((k) => `[${k.length}, ${k[0]!.length}]`).join(', ')}`);
    }
    this.padding = validOrSame(args.padding, where, 'same');
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = knownChannels(singleShape(this, inputShape), 'channelsLast', this.label);
    const [h, w, m] = [this.kernels[0]!.length, this.kernels[0]![0]!.length, this.kernels.length];
    this.kernel = this.addWeight('kernel', [h, w, c, m], { initializer: 'zeros' });
    const values = new Float32Array(h * w * c * m);
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) for (let ch = 0; ch < c; ch++) for (let b = 0; b < m; b++) values[((i * w + j) * c + ch) * m + b] = this.kernels[b]![i]![j]!;
    tf.tidy(() => this.kernel!.assign(tf.tensor4d(values, [h, w, c, m])));
    this.inputSpec = { ndim: 4, axes: { [-1]: c } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    const [h, w] = [this.kernels[0]!.length, this.kernels[0]![0]!.length];
    return [s[0]!, convOutputLength(s[1]!, h, this.padding, 1), convOutputLength(s[2]!, w, this.padding, 1), s[3] == null ? null : s[3] * this.kernels.length];
  }

  call(inputs: Tensors): tf.Tensor {
    return tf.depthwiseConv2d(singleInput(this, inputs) as tf.Tensor4D, this.kernel! as tf.Tensor4D, 1, this.padding);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), kernels: this.kernels, padding: this.padding };
  }
}
registerLayer(Filter2D);

/** Creates a {@link Filter2D} layer. @example `filter2d({ kernels: 'gaussian', size: 5, sigma: 1 })` */
export function filter2d(args: Filter2DArgs): Filter2D {
  return new Filter2D(args);
}

/** Arguments of {@link Filter1D}. */
export interface Filter1DArgs extends LayerArgs {
  /** One kernel or a bank: 'box', 'gaussian' or lists of numbers, all of one length. */
  kernels: NamedKernel1D | number[] | (NamedKernel1D | number[])[];
  size?: number;
  sigma?: number;
  padding?: 'valid' | 'same';
}

/**
 * Classic 1D filters (box, Gaussian, any taps) as a fixed or learnable layer over sequences:
 * input `[batch, steps, channels]`, output `[batch, steps', channels · bank]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { filter1d } from '@sinew/vision';
 * const smooth = filter1d({ kernels: 'gaussian', size: 5, sigma: 1 });
 * const y = smooth.apply(tf.randomNormal([2, 50, 1])); // [2, 50, 1]
 * ```
 */
export class Filter1D extends Layer {
  static override readonly className = 'Filter1D';
  readonly kernels: number[][];
  readonly padding: 'valid' | 'same';
  kernel: tf.Variable | null = null;

  constructor(args: Filter1DArgs) {
    super({ ...args, trainable: args?.trainable ?? false });
    const where = `${this.className} '${this.name}'`;
    if (args?.kernels === undefined) throw new Error(`${where}: kernels is required`);
    const k = args.kernels;
    const bank = Array.isArray(k) && (typeof k[0] === 'string' || Array.isArray(k[0])) ? (k as (NamedKernel1D | number[])[]) : [k as NamedKernel1D | number[]];
    this.kernels = bank.map((x) => namedKernel1d(x, args.size ?? 3, args.sigma));
    if (this.kernels.some((x) => x.length !== this.kernels[0]!.length)) throw new Error(`${where}: every kernel of the bank must have the same length`);
    this.padding = validOrSame(args.padding, where, 'same');
    this.inputSpec = { ndim: 3 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const c = knownChannels(singleShape(this, inputShape), 'channelsLast', this.label);
    const [w, m] = [this.kernels[0]!.length, this.kernels.length];
    this.kernel = this.addWeight('kernel', [w, c, m], { initializer: 'zeros' });
    const values = new Float32Array(w * c * m);
    for (let j = 0; j < w; j++) for (let ch = 0; ch < c; ch++) for (let b = 0; b < m; b++) values[(j * c + ch) * m + b] = this.kernels[b]![j]!;
    tf.tidy(() => this.kernel!.assign(tf.tensor3d(values, [w, c, m])));
    this.inputSpec = { ndim: 3, axes: { [-1]: c } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    return [s[0]!, convOutputLength(s[1]!, this.kernels[0]!.length, this.padding, 1), s[2] == null ? null : s[2] * this.kernels.length];
  }

  call(inputs: Tensors): tf.Tensor {
    const x = tf.expandDims(singleInput(this, inputs), 1) as tf.Tensor4D;
    return tf.squeeze(tf.depthwiseConv2d(x, tf.expandDims(this.kernel!, 0) as tf.Tensor4D, 1, this.padding), [1]);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), kernels: this.kernels, padding: this.padding };
  }
}
registerLayer(Filter1D);

/** Creates a {@link Filter1D} layer. @example `filter1d({ kernels: 'box', size: 5 })` */
export function filter1d(args: Filter1DArgs): Filter1D {
  return new Filter1D(args);
}
