import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { checkDataFormat, mapSpatialShape, normalizeTuple, withChannelsLast, type ConvRank, type DataFormat } from './conv-utils.js';

/** Arguments of the up-sampling layers. */
export interface UpSamplingArgs extends LayerArgs {
  /** Repeat factor per spatial axis (default 2). */
  size?: number | number[];
  dataFormat?: DataFormat;
  /** 'nearest' (default) or, for UpSampling2D only, 'bilinear' (half-pixel centres, as Keras 3). */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Repeats every element `size[a]` times along spatial axis a (nearest neighbour). A broadcast
 * multiply by ones, not `tile`: tfjs-core's Tile gradient stops at rank 4, and this runs at rank 6
 * for volumes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { repeatSpatial } from '@sinew/vision';
 * repeatSpatial(tf.tensor3d([1, 2], [1, 2, 1]), [2]).print(); // [[[1], [1], [2], [2]]]
 * ```
 */
export function repeatSpatial(x: tf.Tensor, size: number[]): tf.Tensor {
  let y = x;
  size.forEach((s, a) => {
    if (s === 1) return;
    const axis = a + 1;
    const shape = y.shape;
    const expanded = tf.expandDims(y, axis + 1);
    const tiled = tf.mul(expanded, tf.ones(expanded.shape.map((d, i) => (i === axis + 1 ? s : d))));
    y = tf.reshape(tiled, shape.map((d, i) => (i === axis ? d * s : d)));
  });
  return y;
}

/** Up-sampling of the spatial axes: `[batch, ...spatial, channels]` → `[batch, ...spatial · size, channels]`. *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { upSampling2d } from '@sinew/vision';
 * const y = upSampling2d({ size: 2, interpolation: 'bilinear' }).apply(tf.ones([1, 4, 4, 1])); // [1, 8, 8, 1]
 * ```
 */
export abstract class BaseUpSampling extends Layer {
  readonly rank: ConvRank;
  readonly size: number[];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(rank: ConvRank, args: UpSamplingArgs = {}) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    this.rank = rank;
    this.size = normalizeTuple(args.size, rank, 'size', where, 2);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.interpolation = args.interpolation ?? 'nearest';
    if (this.interpolation !== 'nearest' && !(this.interpolation === 'bilinear' && rank === 2)) {
      throw new Error(`${where}: interpolation must be 'nearest'${rank === 2 ? " or 'bilinear'" : ''}. Received: interpolation=${JSON.stringify(args.interpolation)}`);
    }
    this.inputSpec = { ndim: rank + 2 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return mapSpatialShape(singleShape(this, inputShape), this.dataFormat, (lengths) => lengths.map((n, i) => (n === null ? null : n * this.size[i]!)));
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), this.rank, this.dataFormat, (x) => {
      if (this.interpolation === 'bilinear') {
        const [h, w] = [x.shape[1]! * this.size[0]!, x.shape[2]! * this.size[1]!];
        return tf.image.resizeBilinear(x as tf.Tensor4D, [h, w], false, true);
      }
      return repeatSpatial(x, this.size);
    });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}

/**
 * 1D nearest-neighbour up-sampling (2D also bilinear).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { upSampling1d } from '@sinew/vision';
 * const y = upSampling1d({ size: 3 }).apply(tf.ones([1, 4, 2])); // [1, 12, 2]
 * ```
 */
export class UpSampling1D extends BaseUpSampling {
  static override readonly className = 'UpSampling1D';
  constructor(args: UpSamplingArgs = {}) {
    super(1, args);
  }
}
registerLayer(UpSampling1D);

/** Creates a {@link UpSampling1D} layer. @example `upSampling1d()` */
export function upSampling1d(args: UpSamplingArgs = {}): UpSampling1D {
  return new UpSampling1D(args);
}

/**
 * 2D nearest-neighbour up-sampling (2D also bilinear).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { upSampling2d } from '@sinew/vision';
 * const y = upSampling2d({ size: [2, 3] }).apply(tf.ones([1, 4, 4, 2])); // [1, 8, 12, 2]
 * ```
 */
export class UpSampling2D extends BaseUpSampling {
  static override readonly className = 'UpSampling2D';
  constructor(args: UpSamplingArgs = {}) {
    super(2, args);
  }
}
registerLayer(UpSampling2D);

/** Creates a {@link UpSampling2D} layer. @example `upSampling2d()` */
export function upSampling2d(args: UpSamplingArgs = {}): UpSampling2D {
  return new UpSampling2D(args);
}

/**
 * 3D nearest-neighbour up-sampling (2D also bilinear).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { upSampling3d } from '@sinew/vision';
 * const y = upSampling3d().apply(tf.ones([1, 2, 2, 2, 1])); // [1, 4, 4, 4, 1]
 * ```
 */
export class UpSampling3D extends BaseUpSampling {
  static override readonly className = 'UpSampling3D';
  constructor(args: UpSamplingArgs = {}) {
    super(3, args);
  }
}
registerLayer(UpSampling3D);

/** Creates a {@link UpSampling3D} layer. @example `upSampling3d()` */
export function upSampling3d(args: UpSamplingArgs = {}): UpSampling3D {
  return new UpSampling3D(args);
}
