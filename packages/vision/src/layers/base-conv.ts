import * as tf from '@tensorflow/tfjs-core';
import {
  singleInput,
  singleShape,
  type ConstraintIdentifier,
  type InitializerIdentifier,
  type RegularizerIdentifier,
  type Shape,
  type Tensors,
} from '@sinew/core';
import { BaseConvLayer, type ConvLayerArgs } from './base-conv-layer.js';
import {
  dilateKernel,
  positiveInteger,
  withChannelsLast,
  type ConvRank,
  type PaddingArg,
} from './conv-utils.js';
import { applyPadding, resolvePadding, type ConvPadding } from './conv-padding.js';
import { weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of the convolution layers (Keras's vocabulary). */
export interface ConvArgs extends ConvLayerArgs {
  /** Number of output channels. */
  filters: number;
  /** 'valid' (default), 'same', 'causal' (Conv1D only), or explicit `[before, after]` per spatial axis. */
  padding?: PaddingArg;
  /** Split input and output channels into this many independent groups (default 1). */
  groups?: number;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
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
export abstract class BaseConv extends BaseConvLayer {
  readonly filters: number;
  readonly padding: ConvPadding;
  readonly groups: number;
  protected readonly kernelOptions: WeightOptions;
  kernel: tf.Variable | null = null;

  constructor(rank: ConvRank, args: ConvArgs) {
    super(rank, args, { stridedDilation: false });
    this.filters = positiveInteger(args.filters, 'filters', this.label);
    this.padding = resolvePadding(args.padding, rank, this.label, rank === 1);
    this.groups = args.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0 || this.filters % this.groups !== 0) {
      throw new Error(`${this.label}: groups must be a positive integer that divides filters (${this.filters}). Received: groups=${args.groups}`);
    }
    this.kernelOptions = weightOptions(args.kernelInitializer, 'glorotUniform', args.kernelRegularizer, args.kernelConstraint);
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
    this.finishBuild(channels, this.filters);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.windowOutputShape(inputShape, () => this.filters);
  }

  /** One convolution of channels-last `x` with `kernel` (no groups, no bias). */
  protected convolve(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    const { x: xp, pad } = applyPadding(x, this.padding, this.kernelSize, this.dilationRate);
    // Dilation runs as a plain convolution with zeros between the kernel taps: tfjs-core's own
    // Conv2D gradient rejects dilations > 1, and this works with every backend's gradients.
    const k = dilateKernel(kernel, this.dilationRate);
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
    this.windowOutputLengths(x.shape);
    return withChannelsLast(x, this.rank, this.dataFormat, (xl) => {
      if (this.groups === 1) return this.addBiasAndActivate(this.convolve(xl, this.kernel!));
      const xs = tf.split(xl, this.groups, xl.rank - 1);
      const ks = tf.split(this.kernel!, this.groups, this.kernel!.rank - 1);
      const y = tf.concat(xs.map((xi, g) => this.convolve(xi, ks[g]!)), xl.rank - 1);
      return this.addBiasAndActivate(y);
    });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...this.windowConfig(),
      groups: this.groups,
      ...this.outputConfig({ kernel: this.kernelOptions }),
    };
  }
}
