import * as tf from '@tensorflow/tfjs-core';
import { registerLayer, singleInput, type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier, type Shape, type Tensors } from '@sinew/core';
import { resolvePadding } from './conv-padding.js';
import { BaseConvLayer, type ConvLayerArgs } from './base-conv-layer.js';
import { positiveInteger, withChannelsLast, type PaddingArg } from './conv-utils.js';
import { depthwiseConvolve } from './depthwise-conv2d.js';
import { weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of {@link SeparableConv2D}. */
export interface SeparableConv2DArgs extends ConvLayerArgs {
  filters: number;
  depthMultiplier?: number;
  /** 'valid' (default), 'same', or explicit `[before, after]` per spatial axis. */
  padding?: PaddingArg;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Depthwise-separable 2D convolution: a depthwise convolution (kernel `[kh, kw, channels,
 * depthMultiplier]`) followed by a 1x1 pointwise one (kernel `[1, 1, channels · depthMultiplier,
 * filters]`), bias `[filters]`. Input `[batch, h, w, channels]`, output `[batch, outH, outW, filters]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { separableConv2d } from '@sinew/vision';
 * const y = separableConv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(tf.ones([1, 8, 8, 3])); // [1, 8, 8, 8]
 * ```
 */
export class SeparableConv2D extends BaseConvLayer {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly padding: 'valid' | 'same' | [number, number][];
  private readonly depthwiseOptions: WeightOptions;
  private readonly pointwiseOptions: WeightOptions;
  depthwiseKernel: tf.Variable | null = null;
  pointwiseKernel: tf.Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(2, args, { stridedDilation: false });
    this.filters = positiveInteger(args.filters, 'filters', this.label);
    this.depthMultiplier = positiveInteger(args.depthMultiplier ?? 1, 'depthMultiplier', this.label);
    this.padding = resolvePadding(args.padding, 2, this.label, false);
    this.depthwiseOptions = weightOptions(args.depthwiseInitializer, 'glorotUniform', args.depthwiseRegularizer, args.depthwiseConstraint);
    this.pointwiseOptions = weightOptions(args.pointwiseInitializer, 'glorotUniform', args.pointwiseRegularizer, args.pointwiseConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const channels = this.channelsOf(inputShape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseOptions);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, channels * this.depthMultiplier, this.filters], this.pointwiseOptions);
    this.finishBuild(channels, this.filters);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.windowOutputShape(inputShape, () => this.filters);
  }

  call(inputs: Tensors): tf.Tensor {
    const input = singleInput(this, inputs);
    this.windowOutputLengths(input.shape);
    return withChannelsLast(input, 2, this.dataFormat, (x) => {
      const d = depthwiseConvolve(x, this.depthwiseKernel!, this) as tf.Tensor4D;
      return this.addBiasAndActivate(tf.conv2d(d, this.pointwiseKernel! as tf.Tensor4D, 1, 'valid'));
    });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      depthMultiplier: this.depthMultiplier,
      ...this.windowConfig(),
      ...this.outputConfig({ depthwise: this.depthwiseOptions, pointwise: this.pointwiseOptions }),
    };
  }
}
registerLayer(SeparableConv2D);

/** Creates a {@link SeparableConv2D} layer. @example `separableConv2d({ filters: 16, kernelSize: 3 })` */
export function separableConv2d(args: SeparableConv2DArgs): SeparableConv2D {
  return new SeparableConv2D(args);
}
