import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type ActivationFn, type ActivationIdentifier, type ConstraintIdentifier, type InitializerIdentifier, type LayerArgs, type RegularizerIdentifier, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { applyPadding, paddingConfig, resolvePadding } from './base-conv.js';
import { checkDataFormat, convOutputLength, dilateKernel, normalizeTuple, shapeFromChannelsLast, shapeToChannelsLast, withChannelsLast, type DataFormat, type PaddingArg } from './conv-utils.js';
import { activationConfig, resolveActivation, weightConfig, weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of {@link SeparableConv2D}. */
export interface SeparableConv2DArgs extends LayerArgs {
  filters: number;
  kernelSize: number | number[];
  depthMultiplier?: number;
  strides?: number | number[];
  padding?: PaddingArg;
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
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
export class SeparableConv2D extends Layer {
  static override readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly kernelSize: number[];
  readonly depthMultiplier: number;
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | [number, number][];
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  private readonly depthwiseOptions: WeightOptions;
  private readonly pointwiseOptions: WeightOptions;
  private readonly biasOptions: WeightOptions;
  depthwiseKernel: tf.Variable | null = null;
  pointwiseKernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    if (args === undefined || !Number.isInteger(args.filters) || args.filters <= 0) throw new Error(`${where}: filters must be a positive integer. Received: filters=${args?.filters}`);
    this.filters = args.filters;
    this.kernelSize = normalizeTuple(args.kernelSize, 2, 'kernelSize', where);
    this.depthMultiplier = args.depthMultiplier ?? 1;
    if (!Number.isInteger(this.depthMultiplier) || this.depthMultiplier <= 0) throw new Error(`${where}: depthMultiplier must be a positive integer. Received: depthMultiplier=${args.depthMultiplier}`);
    this.strides = normalizeTuple(args.strides, 2, 'strides', where, 1);
    this.dilationRate = normalizeTuple(args.dilationRate, 2, 'dilationRate', where, 1);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) throw new Error(`${where}: strides > 1 cannot be combined with dilationRate > 1`);
    this.padding = resolvePadding(args.padding, 2, where, false) as 'valid' | 'same' | [number, number][];
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseOptions = weightOptions(args.depthwiseInitializer, 'glorotUniform', args.depthwiseRegularizer, args.depthwiseConstraint);
    this.pointwiseOptions = weightOptions(args.pointwiseInitializer, 'glorotUniform', args.pointwiseRegularizer, args.pointwiseConstraint);
    this.biasOptions = weightOptions(args.biasInitializer, 'zeros', args.biasRegularizer, args.biasConstraint);
    this.inputSpec = { ndim: 4 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    const channels = shape[3];
    if (channels === null || channels === undefined) throw new Error(`${this.label}: the channel axis of the input must be known, received shape [${shape.join(', ')}]`);
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, channels, this.depthMultiplier], this.depthwiseOptions);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, channels * this.depthMultiplier, this.filters], this.pointwiseOptions);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasOptions);
    this.inputSpec = { ndim: 4, axes: { [this.dataFormat === 'channelsLast' ? -1 : 1]: channels } };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    const spatial = shape.slice(1, -1).map((n, i) =>
      convOutputLength(n, this.kernelSize[i]!, Array.isArray(this.padding) ? this.padding[i]! : this.padding, this.strides[i]!, this.dilationRate[i]!),
    );
    return shapeFromChannelsLast([shape[0]!, ...spatial, this.filters], this.dataFormat);
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), 2, this.dataFormat, (x) => {
      const { x: xp, pad } = applyPadding(x, this.padding, this.kernelSize, this.dilationRate);
      const k = this.dilationRate.some((d) => d > 1) ? dilateKernel(this.depthwiseKernel!, this.dilationRate) : this.depthwiseKernel!;
      const d = tf.depthwiseConv2d(xp as tf.Tensor4D, k as tf.Tensor4D, this.strides as [number, number], pad);
      let y: tf.Tensor = tf.conv2d(d, this.pointwiseKernel! as tf.Tensor4D, 1, 'valid');
      if (this.bias !== null) y = tf.add(y, this.bias);
      return this.activation(y);
    });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      depthMultiplier: this.depthMultiplier,
      strides: this.strides,
      padding: paddingConfig(this.padding),
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      ...weightConfig('depthwise', this.depthwiseOptions),
      ...weightConfig('pointwise', this.pointwiseOptions),
      ...weightConfig('bias', this.biasOptions),
    };
  }
}
registerLayer(SeparableConv2D);

/** Creates a {@link SeparableConv2D} layer. @example `separableConv2d({ filters: 16, kernelSize: 3 })` */
export function separableConv2d(args: SeparableConv2DArgs): SeparableConv2D {
  return new SeparableConv2D(args);
}
