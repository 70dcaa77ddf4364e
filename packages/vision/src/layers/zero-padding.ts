import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { checkDataFormat, mapSpatialShape, withChannelsLast, type ConvRank, type DataFormat } from './conv-utils.js';
import { normalizePairs } from './padding-utils.js';

/** Arguments of the zero-padding layers. */
export interface ZeroPaddingArgs extends LayerArgs {
  /** n (every side), one n per spatial axis (both sides), or `[before, after]` per axis; default 1. */
  padding?: number | number[] | [number, number][];
  dataFormat?: DataFormat;
}

/** Zero padding on the spatial axes: `[batch, ...spatial, channels]` → `[batch, ...spatial + before + after, channels]`. *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { zeroPadding2d } from '@sinew/vision';
 * const y = zeroPadding2d({ padding: [[0, 1], [2, 0]] }).apply(tf.ones([1, 4, 4, 1])); // [1, 5, 6, 1]
 * ```
 */
export abstract class BaseZeroPadding extends Layer {
  readonly rank: ConvRank;
  readonly padding: [number, number][];
  readonly dataFormat: DataFormat;

  constructor(rank: ConvRank, args: ZeroPaddingArgs = {}) {
    super(args);
    const where = `${this.className} '${this.name}'`;
    this.rank = rank;
    this.padding = normalizePairs(args.padding, rank, 'padding', where, 1);
    this.dataFormat = checkDataFormat(args.dataFormat, where);
    this.inputSpec = { ndim: rank + 2 };
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const pad = (n: number | null, [before, after]: [number, number]) => (n === null ? null : n + before + after);
    return mapSpatialShape(singleShape(this, inputShape), this.dataFormat, (lengths) => lengths.map((n, i) => pad(n, this.padding[i]!)));
  }

  call(inputs: Tensors): tf.Tensor {
    return withChannelsLast(singleInput(this, inputs), this.rank, this.dataFormat, (x) => tf.pad(x, [[0, 0], ...this.padding, [0, 0]]));
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]), dataFormat: this.dataFormat };
  }
}

/**
 * 1D zero padding (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { zeroPadding1d } from '@sinew/vision';
 * const y = zeroPadding1d({ padding: [[2, 0]] }).apply(tf.ones([1, 5, 3])); // [1, 7, 3]
 * ```
 */
export class ZeroPadding1D extends BaseZeroPadding {
  static override readonly className = 'ZeroPadding1D';
  constructor(args: ZeroPaddingArgs = {}) {
    super(1, args);
  }
}
registerLayer(ZeroPadding1D);

/** Creates a {@link ZeroPadding1D} layer. @example `zeroPadding1d()` */
export function zeroPadding1d(args: ZeroPaddingArgs = {}): ZeroPadding1D {
  return new ZeroPadding1D(args);
}

/**
 * 2D zero padding (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { zeroPadding2d } from '@sinew/vision';
 * const y = zeroPadding2d({ padding: [1, 2] }).apply(tf.ones([1, 4, 4, 3])); // [1, 6, 8, 3]
 * ```
 */
export class ZeroPadding2D extends BaseZeroPadding {
  static override readonly className = 'ZeroPadding2D';
  constructor(args: ZeroPaddingArgs = {}) {
    super(2, args);
  }
}
registerLayer(ZeroPadding2D);

/** Creates a {@link ZeroPadding2D} layer. @example `zeroPadding2d()` */
export function zeroPadding2d(args: ZeroPaddingArgs = {}): ZeroPadding2D {
  return new ZeroPadding2D(args);
}

/**
 * 3D zero padding (`[batch, ...spatial, channels]`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { zeroPadding3d } from '@sinew/vision';
 * const y = zeroPadding3d().apply(tf.ones([1, 2, 2, 2, 1])); // [1, 4, 4, 4, 1]
 * ```
 */
export class ZeroPadding3D extends BaseZeroPadding {
  static override readonly className = 'ZeroPadding3D';
  constructor(args: ZeroPaddingArgs = {}) {
    super(3, args);
  }
}
registerLayer(ZeroPadding3D);

/** Creates a {@link ZeroPadding3D} layer. @example `zeroPadding3d()` */
export function zeroPadding3d(args: ZeroPaddingArgs = {}): ZeroPadding3D {
  return new ZeroPadding3D(args);
}
