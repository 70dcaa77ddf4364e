import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { validOrSame } from './conv-padding.js';
import { checkDataFormat, mapSpatialShape, normalizeTuple, windowOutputLengths, withChannelsLast, type ConvRank, type DataFormat } from './conv-utils.js';

/** Arguments of the pooling layers. */
export interface PoolingArgs extends LayerArgs {
  /** Window size (default 2 on every spatial axis). */
  poolSize?: number | number[];
  /** Step (default: poolSize). */
  strides?: number | number[] | null;
  /** 'valid' (default) or 'same'; 'same' averages only over the real (unpadded) values. */
  padding?: 'valid' | 'same';
  dataFormat?: DataFormat;
}

/**
 * The one pooling layer behind Max/AveragePooling1D/2D/3D: input `[batch, ...spatial, channels]`,
 * output `[batch, ...outSpatial, channels]` with the convolution output-length rule.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maxPooling2d } from '@sinew/vision';
 * const y = maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(tf.ones([1, 7, 7, 4])); // [1, 4, 4, 4]
 * ```
 */
export abstract class BasePooling extends Layer {
  readonly rank: ConvRank;
  readonly mode: 'max' | 'avg';
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;

  constructor(rank: ConvRank, mode: 'max' | 'avg', args: PoolingArgs = {}) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    this.rank = rank;
    this.mode = mode;
    this.poolSize = normalizeTuple(args.poolSize, rank, 'poolSize', where, 2);
    this.strides = args.strides == null ? [...this.poolSize] : normalizeTuple(args.strides, rank, 'strides', where);
    this.padding = validOrSame(args.padding, where);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.inputSpec = { ndim: rank + 2 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape);
    return mapSpatialShape(shape, this.dataFormat, () => this.outputLengths(shape));
  }

  /** Spatial output lengths for a `dataFormat` input shape; fails when the window does not fit (tfjs would return a negative dimension). */
  protected outputLengths(inputShape: readonly (number | null)[]): (number | null)[] {
    return windowOutputLengths(this.label, inputShape, this.dataFormat, this.poolSize, this.padding, this.strides);
  }

  call(inputs: Tensors): tf.Tensor {
    const input = singleInput(this, inputs);
    this.outputLengths(input.shape);
    return withChannelsLast(input, this.rank, this.dataFormat, (x) => {
      const max = this.mode === 'max';
      if (this.rank === 1) {
        const x4 = tf.expandDims(x, 1) as tf.Tensor4D;
        const size: [number, number] = [1, this.poolSize[0]!];
        const strides: [number, number] = [1, this.strides[0]!];
        return tf.squeeze(max ? tf.maxPool(x4, size, strides, this.padding) : tf.avgPool(x4, size, strides, this.padding), [1]);
      }
      if (this.rank === 2) {
        const size = this.poolSize as [number, number];
        const strides = this.strides as [number, number];
        return max ? tf.maxPool(x as tf.Tensor4D, size, strides, this.padding) : tf.avgPool(x as tf.Tensor4D, size, strides, this.padding);
      }
      const size = this.poolSize as [number, number, number];
      const strides = this.strides as [number, number, number];
      return max ? tf.maxPool3d(x as tf.Tensor5D, size, strides, this.padding) : tf.avgPool3d(x as tf.Tensor5D, size, strides, this.padding);
    });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat };
  }
}
