import * as tf from '@tensorflow/tfjs-core';
import { singleInput, singleShape, type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier, type Shape, type Tensors } from '@sinew/core';
import { BaseConvLayer, type ConvLayerArgs } from './base-conv-layer.js';
import { validOrSame } from './conv-padding.js';
import { deconvOutputLength, dilateKernel, mapSpatialShape, positiveInteger, withChannelsLast, type ConvRank } from './conv-utils.js';
import { weightOptions, type WeightOptions } from './weight-options.js';

/** Arguments of the transposed convolution layers. */
export interface ConvTransposeArgs extends ConvLayerArgs {
  filters: number;
  /** 'valid' (default) or 'same'. */
  padding?: 'valid' | 'same';
  /** Extra rows/columns at the end of each spatial axis; each must be smaller than its stride. */
  outputPadding?: number | number[] | null;
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
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
export abstract class BaseConvTranspose extends BaseConvLayer {
  readonly filters: number;
  readonly padding: 'valid' | 'same';
  readonly outputPadding: number[] | null;
  protected readonly kernelOptions: WeightOptions;
  kernel: tf.Variable | null = null;

  constructor(rank: ConvRank, args: ConvTransposeArgs) {
    super(rank, args, { stridedDilation: true });
    this.filters = positiveInteger(args.filters, 'filters', this.label);
    this.padding = validOrSame(args.padding, this.label);
    if (args.outputPadding == null) {
      this.outputPadding = null;
    } else {
      const op = typeof args.outputPadding === 'number' ? new Array<number>(rank).fill(args.outputPadding) : [...args.outputPadding];
      if (op.length !== rank || op.some((p, i) => !Number.isInteger(p) || p < 0 || p >= this.strides[i]!)) {
        throw new Error(`${this.label}: outputPadding must be ${rank} non-negative integers each smaller than its stride (${JSON.stringify(this.strides)}). Received: outputPadding=${JSON.stringify(args.outputPadding)}`);
      }
      this.outputPadding = op;
    }
    this.kernelOptions = weightOptions(args.kernelInitializer, 'glorotUniform', args.kernelRegularizer, args.kernelConstraint);
  }

  override build(inputShape: Shape | Shape[]): void {
    const channels = this.channelsOf(inputShape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], this.kernelOptions);
    this.finishBuild(channels, this.filters);
  }

  /** Output lengths of the spatial axes for input lengths `n`. */
  outputLengths(n: (number | null)[]): (number | null)[] {
    return n.map((len, i) => deconvOutputLength(len, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!, this.outputPadding?.[i] ?? null));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return mapSpatialShape(singleShape(this, inputShape), this.dataFormat, (n) => this.outputLengths(n), () => this.filters);
  }

  /** The transposed convolution of channels-last `x` (no bias, no activation). */
  protected convolveTranspose(x: tf.Tensor): tf.Tensor {
    const batch = x.shape[0]!;
    const lengths = this.outputLengths(x.shape.slice(1, -1)) as number[];
    // Dilation as zeros between taps: tfjs's transposed convolutions have no dilation argument.
    const k = dilateKernel(this.kernel!, this.dilationRate);
    if (this.rank === 1) {
      const y4 = tf.conv2dTranspose(tf.expandDims(x, 1) as tf.Tensor4D, tf.expandDims(k, 0) as tf.Tensor4D, [batch, 1, lengths[0]!, this.filters], [1, this.strides[0]!], this.padding);
      return tf.squeeze(y4, [1]);
    }
    if (this.rank === 2) {
      return tf.conv2dTranspose(x as tf.Tensor4D, k as tf.Tensor4D, [batch, lengths[0]!, lengths[1]!, this.filters], this.strides as [number, number], this.padding);
    }
    return tf.conv3dTranspose(x as tf.Tensor5D, k as tf.Tensor5D, [batch, lengths[0]!, lengths[1]!, lengths[2]!, this.filters], this.strides as [number, number, number], this.padding);
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), this.rank, this.dataFormat, (x) => this.addBiasAndActivate(this.convolveTranspose(x)));
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      ...this.windowConfig(),
      outputPadding: this.outputPadding,
      ...this.outputConfig({ kernel: this.kernelOptions }),
    };
  }
}
