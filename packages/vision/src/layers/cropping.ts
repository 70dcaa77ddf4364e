import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { checkDataFormat, mapSpatialShape, withChannelsLast, type ConvRank, type DataFormat } from './conv-utils.js';
import { normalizePairs } from './padding-utils.js';

/** Arguments of the cropping layers. */
export interface CroppingArgs extends LayerArgs {
  /** n (every side), one n per spatial axis (both sides), or `[before, after]` per axis; default 1. */
  cropping?: number | number[] | [number, number][];
  dataFormat?: DataFormat;
}

/** Cropping of the spatial axes: `[batch, ...spatial, channels]` → `[batch, ...spatial − before − after, channels]`. *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cropping2d } from '@sinew/vision';
 * const y = cropping2d({ cropping: 2 }).apply(tf.ones([1, 8, 8, 1])); // [1, 4, 4, 1]
 * ```
 */
export abstract class BaseCropping extends Layer {
  readonly rank: ConvRank;
  readonly cropping: [number, number][];
  readonly dataFormat: DataFormat;

  constructor(rank: ConvRank, args: CroppingArgs = {}) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    this.rank = rank;
    this.cropping = normalizePairs(args.cropping, rank, 'cropping', where, 1);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.inputSpec = { ndim: rank + 2 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape);
    const crop = (n: number | null, i: number) => {
      if (n === null) return null;
      const out = n - this.cropping[i]![0] - this.cropping[i]![1];
      if (out <= 0) throw new Error(`${this.label}: cropping ${JSON.stringify(this.cropping)} removes all of spatial axis ${i} (size ${n}) of input [${shape.join(', ')}]`);
      return out;
    };
    return mapSpatialShape(shape, this.dataFormat, (lengths) => lengths.map(crop));
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), this.rank, this.dataFormat, (x) => {
      const begin = [0, ...this.cropping.map((c) => c[0]), 0];
      const spatial = this.cropping.map((c, i) => x.shape[i + 1]! - c[0] - c[1]);
      // Checked on the spatial sizes alone: tf.slice reads a size of -1 as 'to the end'.
      if (spatial.some((d) => d <= 0)) throw new Error(`${this.label}: cropping ${JSON.stringify(this.cropping)} removes a whole spatial axis of input [${x.shape.join(', ')}]`);
      return tf.slice(x, begin, [-1, ...spatial, -1]);
    });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => [...p]), dataFormat: this.dataFormat };
  }
}

/**
 * 1D cropping (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cropping1d } from '@sinew/vision';
 * const y = cropping1d({ cropping: [[1, 2]] }).apply(tf.ones([1, 6, 3])); // [1, 3, 3]
 * ```
 */
export class Cropping1D extends BaseCropping {
  static override readonly className = 'Cropping1D';
  constructor(args: CroppingArgs = {}) {
    super(1, args);
  }
}
registerLayer(Cropping1D);

/** Creates a {@link Cropping1D} layer. @example `cropping1d()` */
export function cropping1d(args: CroppingArgs = {}): Cropping1D {
  return new Cropping1D(args);
}

/**
 * 2D cropping (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cropping2d } from '@sinew/vision';
 * const y = cropping2d({ cropping: [[1, 1], [2, 0]] }).apply(tf.ones([1, 6, 6, 3])); // [1, 4, 4, 3]
 * ```
 */
export class Cropping2D extends BaseCropping {
  static override readonly className = 'Cropping2D';
  constructor(args: CroppingArgs = {}) {
    super(2, args);
  }
}
registerLayer(Cropping2D);

/** Creates a {@link Cropping2D} layer. @example `cropping2d()` */
export function cropping2d(args: CroppingArgs = {}): Cropping2D {
  return new Cropping2D(args);
}

/**
 * 3D cropping (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { cropping3d } from '@sinew/vision';
 * const y = cropping3d().apply(tf.ones([1, 4, 4, 4, 1])); // [1, 2, 2, 2, 1]
 * ```
 */
export class Cropping3D extends BaseCropping {
  static override readonly className = 'Cropping3D';
  constructor(args: CroppingArgs = {}) {
    super(3, args);
  }
}
registerLayer(Cropping3D);

/** Creates a {@link Cropping3D} layer. @example `cropping3d()` */
export function cropping3d(args: CroppingArgs = {}): Cropping3D {
  return new Cropping3D(args);
}
