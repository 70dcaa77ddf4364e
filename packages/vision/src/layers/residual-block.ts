import * as tf from '@tensorflow/tfjs-core';
import {
  BatchNormalization,
  Layer,
  getActivation,
  singleInput,
  singleShape,
  type ActivationFn,
  type ActivationIdentifier,
  type LayerArgs,
  type Shape,
  type Tensors,
} from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { Conv2D } from './conv2d.js';
import { knownChannels, positiveInteger } from './conv-utils.js';
import { activationConfig } from './weight-options.js';

/** Arguments of {@link ResidualBlock}. */
export interface ResidualBlockArgs extends LayerArgs {
  /** Output channels. */
  filters: number;
  /** Window of both 3x3-style convolutions (default 3). */
  kernelSize?: number;
  /** Stride of the first convolution and of the projection shortcut (default 1). */
  strides?: number;
  /** Batch normalization after each convolution (default true). */
  batchNorm?: boolean;
  /** Activation after the first convolution and after the sum (default 'relu'). */
  activation?: ActivationIdentifier | ActivationFn;
  /** Always project the shortcut with a 1x1 convolution (default: only when shape changes). */
  projectShortcut?: boolean;
}

/**
 * The basic residual block of He et al. (2016): `act(F(x) + shortcut(x))` with
 * `F = conv → BN → act → conv → BN` ('same' padding) and `shortcut` the identity, or a strided 1x1
 * convolution (+ BN) when the stride or channel count changes. Input `[batch, h, w, c]`, output
 * `[batch, ceil(h / s), ceil(w / s), filters]`. Weights (Keras order): conv1 kernel and bias, bn1
 * (gamma, beta, moving mean, moving variance), conv2, bn2, then the projection's.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { residualBlock } from '@sinew/vision';
 * const y = residualBlock({ filters: 16, strides: 2 }).apply(tf.ones([2, 8, 8, 8])); // [2, 4, 4, 16]
 * ```
 */
export class ResidualBlock extends Layer {
  static override readonly className = 'ResidualBlock';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly batchNorm: boolean;
  readonly activation: ActivationFn;
  readonly projectShortcut: boolean;
  private conv1: Conv2D | null = null;
  private bn1: BatchNormalization | null = null;
  private conv2: Conv2D | null = null;
  private bn2: BatchNormalization | null = null;
  private projection: Conv2D | null = null;
  private projectionBn: BatchNormalization | null = null;

  constructor(args: ResidualBlockArgs) {
    super(args);
    this.filters = positiveInteger(args?.filters, 'filters', this.label);
    this.kernelSize = positiveInteger(args.kernelSize ?? 3, 'kernelSize', this.label);
    this.strides = positiveInteger(args.strides ?? 1, 'strides', this.label);
    this.batchNorm = args.batchNorm ?? true;
    this.activation = getActivation(args.activation ?? 'relu');
    this.projectShortcut = args.projectShortcut ?? false;
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape);
    const channels = knownChannels(shape, 'channelsLast', this.label);
    const useBias = !this.batchNorm;
    const n = this.name;
    this.conv1 = this.trackLayer(new Conv2D({ name: `${n}_conv1`, filters: this.filters, kernelSize: this.kernelSize, strides: this.strides, padding: 'same', useBias, kernelInitializer: 'heNormal' }));
    this.conv1.ensureBuilt(shape);
    const mid: Shape = [null, ...this.conv1.computeOutputShape(shape).slice(1)];
    if (this.batchNorm) (this.bn1 = this.trackLayer(new BatchNormalization({ name: `${n}_bn1` }))).ensureBuilt(mid);
    this.conv2 = this.trackLayer(new Conv2D({ name: `${n}_conv2`, filters: this.filters, kernelSize: this.kernelSize, padding: 'same', useBias, kernelInitializer: 'heNormal' }));
    this.conv2.ensureBuilt(mid);
    if (this.batchNorm) (this.bn2 = this.trackLayer(new BatchNormalization({ name: `${n}_bn2` }))).ensureBuilt(mid);
    if (this.projectShortcut || this.strides !== 1 || channels !== this.filters) {
      this.projection = this.trackLayer(new Conv2D({ name: `${n}_shortcut`, filters: this.filters, kernelSize: 1, strides: this.strides, useBias }));
      this.projection.ensureBuilt(shape);
      if (this.batchNorm) (this.projectionBn = this.trackLayer(new BatchNormalization({ name: `${n}_shortcut_bn` }))).ensureBuilt(mid);
    }
    this.inputSpec = { ndim: 4, axes: { [-1]: channels } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    const out = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.ceil(n / this.strides));
    return [s[0] ?? null, out(s[1]), out(s[2]), this.filters];
  }

  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    const opts = { training };
    const norm = (bn: BatchNormalization | null, t: tf.Tensor) => (bn === null ? t : (bn.apply(t, opts) as tf.Tensor));
    let h = norm(this.bn1, this.conv1!.apply(x) as tf.Tensor);
    h = this.activation(h);
    h = norm(this.bn2, this.conv2!.apply(h) as tf.Tensor);
    const shortcut = this.projection === null ? x : norm(this.projectionBn, this.projection.apply(x) as tf.Tensor);
    return this.activation(tf.add(h, shortcut));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      batchNorm: this.batchNorm,
      activation: activationConfig(this.label, this.activation),
      projectShortcut: this.projectShortcut,
    };
  }
}
registerLayer(ResidualBlock);

/** Creates a {@link ResidualBlock}. @example `residualBlock({ filters: 32, strides: 2 })` */
export function residualBlock(args: ResidualBlockArgs): ResidualBlock {
  return new ResidualBlock(args);
}
