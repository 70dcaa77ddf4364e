import * as tf from '@tensorflow/tfjs-core';
import {
  Layer,
  singleShape,
  type ActivationFn,
  type ActivationIdentifier,
  type ConstraintIdentifier,
  type InitializerIdentifier,
  type LayerArgs,
  type RegularizerIdentifier,
  type Shape,
} from '@sinew/core';
import { paddingConfig, type ConvPadding } from './conv-padding.js';
import { channelAxis, checkDataFormat, knownChannels, mapSpatialShape, normalizeTuple, windowOutputLengths, type ConvRank, type DataFormat } from './conv-utils.js';
import { activationConfig, resolveActivation, weightConfig, weightOptions, type WeightOptions } from './weight-options.js';

/** The arguments every convolution layer shares: the window, the data format, and the bias and activation at the end. */
export interface ConvLayerArgs extends LayerArgs {
  /** Window size: one number for every spatial axis, or one per axis. */
  kernelSize: number | number[];
  /** Step of the window (default 1). */
  strides?: number | number[];
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing of the kernel taps (default 1); strides and dilation cannot both exceed 1 (except in transposed convolutions). */
  dilationRate?: number | number[];
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * What every convolution layer (regular, transposed, depthwise, separable) shares: the window
 * (`kernelSize`, `strides`, `dilationRate`, one entry per spatial axis), the data format, the input
 * channel lookup, and the `bias` `[outChannels]` and activation applied last. Subclasses resolve
 * their padding and own their kernels and convolution; they compute on channels-last tensors.
 *
 * @example
 * ```ts
 * import { depthwiseConv2d, conv1dTranspose } from '@sinew/vision';
 * depthwiseConv2d({ kernelSize: 3, strides: 2 }).strides; // [2, 2]
 * conv1dTranspose({ filters: 2, kernelSize: 5 }).kernelSize; // [5]
 * ```
 */
export abstract class BaseConvLayer extends Layer {
  readonly rank: ConvRank;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  /** Resolved and checked by each kind of convolution (which modes it accepts differs). */
  abstract readonly padding: ConvPadding;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  protected readonly biasOptions: WeightOptions;
  bias: tf.Variable | null = null;

  /** `stridedDilation: false` rejects strides > 1 together with dilationRate > 1 (as Keras does for convolutions). */
  constructor(rank: ConvRank, args: ConvLayerArgs, { stridedDilation }: { stridedDilation: boolean }) {
    super(args);
    this.rank = rank;
    this.kernelSize = normalizeTuple(args?.kernelSize, rank, 'kernelSize', this.label);
    this.strides = normalizeTuple(args.strides, rank, 'strides', this.label, 1);
    this.dilationRate = normalizeTuple(args.dilationRate, rank, 'dilationRate', this.label, 1);
    if (!stridedDilation && this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new Error(`${this.label}: strides > 1 cannot be combined with dilationRate > 1. Received: strides=${JSON.stringify(this.strides)}, dilationRate=${JSON.stringify(this.dilationRate)}`);
    }
    this.dataFormat = checkDataFormat(args.dataFormat, this.label);
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.biasOptions = weightOptions(args.biasInitializer, 'zeros', args.biasRegularizer, args.biasConstraint);
    this.inputSpec = { ndim: rank + 2 };
  }

  /** The channel count of a (batch-included) input shape, whatever the data format; it must be known. */
  protected channelsOf(shape: Shape | Shape[]): number {
    return knownChannels(singleShape(this, shape), this.dataFormat, this.label);
  }

  /**
   * The end of every `build`: adds the bias `[outChannels]` (after the kernels, Keras's weight order)
   * and fixes the input's channel axis to `channels`.
   */
  protected finishBuild(channels: number, outChannels: number): void {
    if (this.useBias) this.bias = this.addWeight('bias', [outChannels], this.biasOptions);
    this.inputSpec = { ndim: this.rank + 2, axes: { [channelAxis(this.dataFormat)]: channels } };
  }

  /**
   * The output shape of a (forward) convolution with this window and padding for `inputShape`;
   * `channels` maps the input channel count to the output's.
   */
  protected windowOutputShape(inputShape: Shape | Shape[], channels: (c: number | null) => number | null): Shape {
    const shape = singleShape(this, inputShape);
    return mapSpatialShape(shape, this.dataFormat, () => this.windowOutputLengths(shape), channels);
  }

  /**
   * The spatial output lengths of this (forward) window over a `dataFormat` input shape; fails, naming
   * the layer and the shapes, when the window does not fit (tfjs would return a negative dimension).
   */
  protected windowOutputLengths(inputShape: readonly (number | null)[]): (number | null)[] {
    return windowOutputLengths(this.label, inputShape, this.dataFormat, this.kernelSize, this.padding, this.strides, this.dilationRate);
  }

  /** Adds the bias (when there is one) to channels-last `y` and applies the activation. */
  protected addBiasAndActivate(y: tf.Tensor): tf.Tensor {
    return this.activation(this.bias === null ? y : tf.add(y, this.bias));
  }

  /** The window's config entries (padding in JSON-safe form). */
  protected windowConfig(): Record<string, unknown> {
    return { kernelSize: this.kernelSize, strides: this.strides, padding: paddingConfig(this.padding), dataFormat: this.dataFormat, dilationRate: this.dilationRate };
  }

  /** The closing config entries: activation, useBias, then the kernels' weight entries and the bias's. */
  protected outputConfig(kernels: Record<string, WeightOptions>): Record<string, unknown> {
    const config: Record<string, unknown> = { activation: activationConfig(this.label, this.activation), useBias: this.useBias };
    for (const [prefix, options] of [...Object.entries(kernels), ['bias', this.biasOptions] as const]) Object.assign(config, weightConfig(prefix, options));
    return config;
  }
}
