import * as tf from '@tensorflow/tfjs-core';
import {
  Layer,
  singleInput,
  singleShape,
  type ActivationFn,
  type ActivationIdentifier,
  type ConstraintIdentifier,
  type InitializerIdentifier,
  type LayerArgs,
  type RegularizerIdentifier,
  type Shape,
  type Tensors,
} from '@sinew/core';
import {
  checkDataFormat,
  dilateKernel,
  convOutputLength,
  explicitPadding,
  normalizeTuple,
  shapeFromChannelsLast,
  shapeToChannelsLast,
  withChannelsLast,
  type ConvRank,
  type DataFormat,
  type PaddingArg,
} from './conv-utils.js';
import { activationConfig, resolveActivation, weightConfig, weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of the convolution layers (Keras's vocabulary). */
export interface ConvArgs extends LayerArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: one number for every spatial axis, or one per axis. */
  kernelSize: number | number[];
  /** Step of the window (default 1). */
  strides?: number | number[];
  /** 'valid' (default), 'same', 'causal' (Conv1D only), or explicit `[before, after]` per spatial axis. */
  padding?: PaddingArg;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing of the kernel taps (default 1); strides and dilation cannot both exceed 1. */
  dilationRate?: number | number[];
  /** Split input and output channels into this many independent groups (default 1). */
  groups?: number;
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/** Stores the padding argument in JSON-safe form. */
export function paddingConfig(p: 'valid' | 'same' | 'causal' | [number, number][]): unknown {
  return typeof p === 'string' ? p : p.map((x) => [...x]);
}

/**
 * Resolves a padding argument: keeps 'valid'/'same'/'causal', turns numbers and pairs into explicit
 * `[before, after]` lists.
 */
export function resolvePadding(padding: PaddingArg | undefined, rank: number, layer: string, allowCausal: boolean): 'valid' | 'same' | 'causal' | [number, number][] {
  const p = padding ?? 'valid';
  if (p === 'valid' || p === 'same') return p;
  if (p === 'causal') {
    if (!allowCausal) throw new Error(`${layer}: padding 'causal' is only available for 1D convolutions`);
    return p;
  }
  if (typeof p === 'string') throw new Error(`${layer}: padding must be 'valid', 'same', 'causal' or explicit [before, after] pairs. Received: padding='${p}'`);
  return explicitPadding(p, rank, layer);
}

/**
 * Pads `x` (channels last) for an explicit or causal padding and returns the tf padding to use
 * afterwards ('valid' after explicit padding).
 */
export function applyPadding(
  x: tf.Tensor,
  padding: 'valid' | 'same' | 'causal' | [number, number][],
  kernelSize: number[],
  dilation: number[],
): { x: tf.Tensor; pad: 'valid' | 'same' } {
  if (padding === 'valid' || padding === 'same') return { x, pad: padding };
  const pairs: [number, number][] =
    padding === 'causal' ? [[(kernelSize[0]! - 1) * dilation[0]!, 0]] : padding;
  return { x: tf.pad(x, [[0, 0], ...pairs, [0, 0]]), pad: 'valid' };
}

/**
 * The one convolution behind Conv1D, Conv2D and Conv3D: channels-last input
 * `[batch, ...spatial, channels]`, kernel `[...kernelSize, channels / groups, filters]` and bias
 * `[filters]` (Keras's layout), output `[batch, ...outSpatial, filters]` with, per axis,
 * `out = floor((n + padBefore + padAfter − k_eff) / s) + 1` ('valid' and explicit padding) or
 * `ceil(n / s)` ('same').
 *
 * Subclasses fix the rank. Groups run as `groups` convolutions over channel slices, concatenated.
 *
 * @example
 * ```ts
 * import { BaseConv, conv1d, conv2d } from '@sinew/vision';
 * const layers: BaseConv[] = [conv1d({ filters: 2, kernelSize: 3 }), conv2d({ filters: 2, kernelSize: 3, groups: 2 })];
 * layers.map((l) => l.rank); // [1, 2]
 * ```
 */
export abstract class BaseConv extends Layer {
  readonly rank: ConvRank;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | 'causal' | [number, number][];
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly groups: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  protected readonly kernelOptions: WeightOptions;
  protected readonly biasOptions: WeightOptions;
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  constructor(rank: ConvRank, args: ConvArgs) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    if (args === undefined || !Number.isInteger(args.filters) || args.filters <= 0) {
      throw new Error(`${where}: filters must be a positive integer. Received: filters=${args?.filters}`);
    }
    this.rank = rank;
    this.filters = args.filters;
    this.kernelSize = normalizeTuple(args.kernelSize, rank, 'kernelSize', where);
    this.strides = normalizeTuple(args.strides, rank, 'strides', where, 1);
    this.dilationRate = normalizeTuple(args.dilationRate, rank, 'dilationRate', where, 1);
    this.padding = resolvePadding(args.padding, rank, where, rank === 1);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.groups = args.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0 || this.filters % this.groups !== 0) {
      throw new Error(`${where}: groups must be a positive integer that divides filters (${this.filters}). Received: groups=${args.groups}`);
    }
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new Error(`${where}: strides > 1 cannot be combined with dilationRate > 1. Received: strides=${JSON.stringify(this.strides)}, dilationRate=${JSON.stringify(this.dilationRate)}`);
    }
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelOptions = weightOptions(args.kernelInitializer, 'glorotUniform', args.kernelRegularizer, args.kernelConstraint);
    this.biasOptions = weightOptions(args.biasInitializer, 'zeros', args.biasRegularizer, args.biasConstraint);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The channel count of a (batch-included) input shape, whatever the data format. */
  protected channelsOf(shape: Shape): number {
    const c = this.dataFormat === 'channelsLast' ? shape[shape.length - 1] : shape[1];
    if (c === null || c === undefined) {
      throw new Error(`${this.label}: the channel axis of the input must be known, received shape [${shape.join(', ')}]`);
    }
    return c;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape);
    if (shape.length !== this.rank + 2) {
      throw new Error(`${this.label}: expected input of rank ${this.rank + 2} [batch, ${this.dataFormat === 'channelsLast' ? 'spatial..., channels' : 'channels, spatial...'}], received shape [${shape.join(', ')}]`);
    }
    const channels = this.channelsOf(shape);
    if (channels % this.groups !== 0) {
      throw new Error(`${this.label}: the input's ${channels} channels are not divisible by groups=${this.groups}`);
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, channels / this.groups, this.filters], this.kernelOptions);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasOptions);
    const channelAxis = this.dataFormat === 'channelsLast' ? -1 : 1;
    this.inputSpec = { ndim: this.rank + 2, axes: { [channelAxis]: channels } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    const spatial = shape.slice(1, -1).map((n, i) =>
      convOutputLength(n, this.kernelSize[i]!, Array.isArray(this.padding) ? this.padding[i]! : this.padding, this.strides[i]!, this.dilationRate[i]!),
    );
    return shapeFromChannelsLast([shape[0]!, ...spatial, this.filters], this.dataFormat);
  }

  /** One convolution of channels-last `x` with `kernel` (no groups, no bias). */
  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    const { x: xp, pad } = applyPadding(x, this.padding, this.kernelSize, this.dilationRate);
    // Dilation runs as a plain convolution with zeros between the kernel taps: tfjs-core's own
    // Conv2D gradient rejects dilations > 1, and this works with every backend's gradients.
    const k = this.dilationRate.some((d) => d > 1) ? dilateKernel(kernel, this.dilationRate) : kernel;
    if (this.rank === 1) {
      // tfjs's conv1d is a conv2d over a height-1 image; doing it here keeps explicit padding uniform.
      const x4 = tf.expandDims(xp, 1) as tf.Tensor4D;
      const k4 = tf.expandDims(k, 0) as tf.Tensor4D;
      return tf.squeeze(tf.conv2d(x4, k4, [1, this.strides[0]!], pad, 'NHWC'), [1]);
    }
    if (this.rank === 2) return tf.conv2d(xp as tf.Tensor4D, k as tf.Tensor4D, this.strides as [number, number], pad, 'NHWC');
    return tf.conv3d(xp as tf.Tensor5D, k as tf.Tensor5D, this.strides as [number, number, number], pad, 'NDHWC');
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    return withChannelsLast(x, this.rank, this.dataFormat, (xl) => {
      let y: tf.Tensor;
      if (this.groups === 1) {
        y = this.convolve(xl, this.kernel!);
      } else {
        const xs = tf.split(xl, this.groups, xl.rank - 1);
        const ks = tf.split(this.kernel!, this.groups, this.kernel!.rank - 1);
        y = tf.concat(xs.map((xi, g) => this.convolve(xi, ks[g]!)), xl.rank - 1);
      }
      if (this.bias !== null) y = tf.add(y, this.bias);
      return this.activation(y);
    });
  }

  override getConfig(): Record<string, any> {
    const config: Record<string, any> = {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: paddingConfig(this.padding),
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      groups: this.groups,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      ...weightConfig('kernel', this.kernelOptions),
      ...weightConfig('bias', this.biasOptions),
    };
    return config;
  }
}
