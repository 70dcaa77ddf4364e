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
import { registerLayer } from '@sinew/core';
import { applyPadding, paddingConfig, resolvePadding } from './base-conv.js';
import { checkDataFormat, convOutputLength, dilateKernel, normalizeTuple, shapeFromChannelsLast, shapeToChannelsLast, withChannelsLast, type DataFormat, type PaddingArg } from './conv-utils.js';
import { activationConfig, resolveActivation, weightConfig, weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of {@link DepthwiseConv2D}. */
export interface DepthwiseConv2DArgs extends LayerArgs {
  kernelSize: number | number[];
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  strides?: number | number[];
  padding?: PaddingArg;
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
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
export class DepthwiseConv2D extends Layer {
  static override readonly className = 'DepthwiseConv2D';
  readonly kernelSize: number[];
  readonly depthMultiplier: number;
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | [number, number][];
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  protected readonly depthwiseOptions: WeightOptions;
  protected readonly biasOptions: WeightOptions;
  depthwiseKernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    this.kernelSize = normalizeTuple(args?.kernelSize, 2, 'kernelSize', where);
    this.depthMultiplier = args.depthMultiplier ?? 1;
    if (!Number.isInteger(this.depthMultiplier) || this.depthMultiplier <= 0) {
      throw new Error(`${where}: depthMultiplier must be a positive integer. Received: depthMultiplier=${args.depthMultiplier}`);
    }
    this.strides = normalizeTuple(args.strides, 2, 'strides', where, 1);
    this.dilationRate = normalizeTuple(args.dilationRate, 2, 'dilationRate', where, 1);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new Error(`${where}: strides > 1 cannot be combined with dilationRate > 1`);
    }
    this.padding = resolvePadding(args.padding, 2, where, false) as 'valid' | 'same' | [number, number][];
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseOptions = weightOptions(args.depthwiseInitializer, 'glorotUniform', args.depthwiseRegularizer, args.depthwiseConstraint);
    this.biasOptions = weightOptions(args.biasInitializer, 'zeros', args.biasRegularizer, args.biasConstraint);
    this.inputSpec = { ndim: 4 };
  }

  protected channelsOf(shape: Shape): number {
    const c = shapeToChannelsLast(shape, this.dataFormat)[shape.length - 1];
    if (c === null || c === undefined) throw new Error(`${this.label}: the channel axis of the input must be known, received shape [${shape.join(', ')}]`);
    return c;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(this, inputShape);
    const channels = this.channelsOf(shape);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseOptions);
    if (this.useBias) this.bias = this.addWeight('bias', [channels * this.depthMultiplier], this.biasOptions);
    this.inputSpec = { ndim: 4, axes: { [this.dataFormat === 'channelsLast' ? -1 : 1]: channels } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    const spatial = shape.slice(1, -1).map((n, i) =>
      convOutputLength(n, this.kernelSize[i]!, Array.isArray(this.padding) ? this.padding[i]! : this.padding, this.strides[i]!, this.dilationRate[i]!),
    );
    const c = shape[shape.length - 1];
    return shapeFromChannelsLast([shape[0]!, ...spatial, c === null || c === undefined ? null : c * this.depthMultiplier], this.dataFormat);
  }

  /** The depthwise convolution of channels-last `x` (no bias, no activation). */
  protected depthwise(x: tf.Tensor): tf.Tensor {
    const { x: xp, pad } = applyPadding(x, this.padding, this.kernelSize, this.dilationRate);
    const k = this.dilationRate.some((d) => d > 1) ? dilateKernel(this.depthwiseKernel!, this.dilationRate) : this.depthwiseKernel!;
    return tf.depthwiseConv2d(xp as tf.Tensor4D, k as tf.Tensor4D, this.strides as [number, number], pad);
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), 2, this.dataFormat, (x) => {
      let y = this.depthwise(x);
      if (this.bias !== null) y = tf.add(y, this.bias);
      return this.activation(y);
    });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      depthMultiplier: this.depthMultiplier,
      strides: this.strides,
      padding: paddingConfig(this.padding),
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      ...weightConfig('depthwise', this.depthwiseOptions),
      ...weightConfig('bias', this.biasOptions),
    };
  }
}
registerLayer(DepthwiseConv2D);

/** Creates a {@link DepthwiseConv2D} layer. @example `depthwiseConv2d({ kernelSize: 3 })` */
export function depthwiseConv2d(args: DepthwiseConv2DArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}
