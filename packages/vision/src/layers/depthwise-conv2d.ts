import * as tf from '@tensorflow/tfjs-core';
import { registerLayer, singleInput, type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier, type Shape, type Tensors } from '@sinew/core';
import { applyPadding, resolvePadding } from './conv-padding.js';
import { BaseConvLayer, type ConvLayerArgs } from './base-conv-layer.js';
import { dilateKernel, positiveInteger, withChannelsLast, type PaddingArg } from './conv-utils.js';
import { weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of {@link DepthwiseConv2D}. */
export interface DepthwiseConv2DArgs extends ConvLayerArgs {
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** 'valid' (default), 'same', or explicit `[before, after]` per spatial axis. */
  padding?: PaddingArg;
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

/** The window and padding of a depthwise convolution (the part of a layer that {@link depthwiseConvolve} reads). */
export interface DepthwiseWindow {
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly dilationRate: number[];
  readonly padding: 'valid' | 'same' | [number, number][];
}

/** The depthwise convolution of channels-last `x` with `kernel` `[kh, kw, channels, depthMultiplier]` (no bias, no activation). */
export function depthwiseConvolve(x: tf.Tensor, kernel: tf.Tensor, w: DepthwiseWindow): tf.Tensor {
  const { x: xp, pad } = applyPadding(x, w.padding, w.kernelSize, w.dilationRate);
  const k = dilateKernel(kernel, w.dilationRate);
  return tf.depthwiseConv2d(xp as tf.Tensor4D, k as tf.Tensor4D, w.strides as [number, number], pad);
}

/**
 * Depthwise 2D convolution: each input channel is convolved with its own `depthMultiplier` filters.
 * Input `[batch, h, w, channels]`, depthwise kernel `[kh, kw, channels, depthMultiplier]`, bias
 * `[channels · depthMultiplier]`, output `[batch, outH, outW, channels · depthMultiplier]` (output
 * channel `c · depthMultiplier + m`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { depthwiseConv2d } from '@sinew/vision';
 * const y = depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }).apply(tf.ones([1, 8, 8, 3])); // [1, 6, 6, 6]
 * ```
 */
export class DepthwiseConv2D extends BaseConvLayer {
  static override readonly className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly padding: 'valid' | 'same' | [number, number][];
  protected readonly depthwiseOptions: WeightOptions;
  depthwiseKernel: tf.Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(2, args, { stridedDilation: false });
    this.depthMultiplier = positiveInteger(args.depthMultiplier ?? 1, 'depthMultiplier', this.label);
    this.padding = resolvePadding(args.padding, 2, this.label, false);
    this.depthwiseOptions = weightOptions(args.depthwiseInitializer, 'glorotUniform', args.depthwiseRegularizer, args.depthwiseConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const channels = this.channelsOf(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseOptions);
    this.finishBuild(channels, channels * this.depthMultiplier);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.windowOutputShape(inputShape, (c) => (c === null ? null : c * this.depthMultiplier));
  }

  /** The depthwise convolution of channels-last `x` (no bias, no activation). */
  protected depthwise(x: tf.Tensor): tf.Tensor {
    return depthwiseConvolve(x, this.depthwiseKernel!, this);
  }

  call(inputs: Tensors): tf.Tensor {
    const input = singleInput(this, inputs);
    this.windowOutputLengths(input.shape);
    return withChannelsLast(input, 2, this.dataFormat, (x) => this.addBiasAndActivate(this.depthwise(x)));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      ...this.windowConfig(),
      ...this.outputConfig({ depthwise: this.depthwiseOptions }),
    };
  }
}
registerLayer(DepthwiseConv2D);

/** Creates a {@link DepthwiseConv2D} layer. @example `depthwiseConv2d({ kernelSize: 3 })` */
export function depthwiseConv2d(args: DepthwiseConv2DArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}
