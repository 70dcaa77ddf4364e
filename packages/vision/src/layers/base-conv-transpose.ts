import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type ActivationFn, type ActivationIdentifier, type ConstraintIdentifier, type InitializerIdentifier, type LayerArgs, type RegularizerIdentifier, type Shape, type Tensors } from '@sinew/core';
import { checkDataFormat, deconvOutputLength, dilateKernel, normalizeTuple, shapeFromChannelsLast, shapeToChannelsLast, withChannelsLast, type ConvRank, type DataFormat } from './conv-utils.js';
import { activationConfig, resolveActivation, weightConfig, weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of the transposed convolution layers. */
export interface ConvTransposeArgs extends LayerArgs {
  filters: number;
  kernelSize: number | number[];
  strides?: number | number[];
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Extra rows/columns at the end of each spatial axis; each must be smaller than its stride. */
  outputPadding?: number | number[] | null;
  dataFormat?: DataFormat;
  dilationRate?: number | number[];
  activation?: ActivationIdentifier | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * The one transposed convolution behind Conv1DTranspose, Conv2DTranspose and Conv3DTranspose (the
 * adjoint of a convolution: each input pixel adds itself times the kernel to a window of the output).
 * Input `[batch, ...spatial, channels]`, kernel `[...kernelSize, filters, channels]` (Keras's layout),
 * bias `[filters]`, output `[batch, ...outSpatial, filters]` with, per axis, valid
 * `n·s + max(k_eff − s, 0)`, same `n·s`, or with output padding p `(n − 1)·s + k_eff − 2·pad + p`
 * (see {@link deconvOutputLength}).
 *
 * @example
 * ```ts
 * import { conv2dTranspose } from '@sinew/vision';
 * conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 1 }).outputLengths([4, 4]); // [10, 10]
 * ```
 */
export abstract class BaseConvTranspose extends Layer {
  readonly rank: ConvRank;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly outputPadding: number[] | null;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  protected readonly kernelOptions: WeightOptions;
  protected readonly biasOptions: WeightOptions;
  kernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  constructor(rank: ConvRank, args: ConvTransposeArgs) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    if (args === undefined || !Number.isInteger(args.filters) || args.filters <= 0) throw new Error(`${where}: filters must be a positive integer. Received: filters=${args?.filters}`);
    this.rank = rank;
    this.filters = args.filters;
    this.kernelSize = normalizeTuple(args.kernelSize, rank, 'kernelSize', where);
    this.strides = normalizeTuple(args.strides, rank, 'strides', where, 1);
    this.dilationRate = normalizeTuple(args.dilationRate, rank, 'dilationRate', where, 1);
    const padding = args.padding ?? 'valid';
    if (padding !== 'valid' && padding !== 'same') throw new Error(`${where}: padding must be 'valid' or 'same'. Received: padding=${JSON.stringify(args.padding)}`);
    this.padding = padding;
    if (args.outputPadding == null) {
      this.outputPadding = null;
    } else {
      const op = typeof args.outputPadding === 'number' ? new Array<number>(rank).fill(args.outputPadding) : [...args.outputPadding];
      if (op.length !== rank || op.some((p, i) => !Number.isInteger(p) || p < 0 || p >= this.strides[i]!)) {
        throw new Error(`${where}: outputPadding must be ${rank} non-negative integers each smaller than its stride (${JSON.stringify(this.strides)}). Received: outputPadding=${JSON.stringify(args.outputPadding)}`);
      }
      this.outputPadding = op;
    }
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.activation = resolveActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelOptions = weightOptions(args.kernelInitializer, 'glorotUniform', args.kernelRegularizer, args.kernelConstraint);
    this.biasOptions = weightOptions(args.biasInitializer, 'zeros', args.biasRegularizer, args.biasConstraint);
    this.inputSpec = { ndim: rank + 2 };
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    const channels = shape[shape.length - 1];
    if (channels === null || channels === undefined) throw new Error(`${this.label}: the channel axis of the input must be known, received shape [${shape.join(', ')}]`);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], this.kernelOptions);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasOptions);
    this.inputSpec = { ndim: this.rank + 2, axes: { [this.dataFormat === 'channelsLast' ? -1 : 1]: channels } };
  }

  /** Output lengths of the spatial axes for input lengths `n`. */
  outputLengths(n: (number | null)[]): (number | null)[] {
    return n.map((len, i) => deconvOutputLength(len, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!, this.outputPadding?.[i] ?? null));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = shapeToChannelsLast(singleShape(this, inputShape), this.dataFormat);
    return shapeFromChannelsLast([shape[0]!, ...this.outputLengths(shape.slice(1, -1)), this.filters], this.dataFormat);
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), this.rank, this.dataFormat, (x) => {
      const batch = x.shape[0]!;
      const lengths = this.outputLengths(x.shape.slice(1, -1)) as number[];
      // Dilation as zeros between taps: tfjs's transposed convolutions have no dilation argument.
      const k = this.dilationRate.some((d) => d > 1) ? dilateKernel(this.kernel!, this.dilationRate) : this.kernel!;
      let y: tf.Tensor;
      if (this.rank === 1) {
        const y4 = tf.conv2dTranspose(tf.expandDims(x, 1) as tf.Tensor4D, tf.expandDims(k, 0) as tf.Tensor4D, [batch, 1, lengths[0]!, this.filters], [1, this.strides[0]!], this.padding);
        y = tf.squeeze(y4, [1]);
      } else if (this.rank === 2) {
        y = tf.conv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, [batch, lengths[0]!, lengths[1]!, this.filters], this.strides as [number, number], this.padding);
      } else {
        y = tf.conv3dTranspose(x as tf.Tensor5D, k as tf.Tensor5D, [batch, lengths[0]!, lengths[1]!, lengths[2]!, this.filters], this.strides as [number, number, number], this.padding);
      }
      if (this.bias !== null) y = tf.add(y, this.bias);
      return this.activation(y);
    });
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      ...weightConfig('kernel', this.kernelOptions),
      ...weightConfig('bias', this.biasOptions),
    };
  }
}
