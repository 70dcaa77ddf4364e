import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type LayerArgs, type Shape, type Tensors } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { checkDataFormat, type ConvRank, type DataFormat } from './conv-utils.js';

/** Arguments of the global pooling layers. */
export interface GlobalPoolingArgs extends LayerArgs {
  dataFormat?: DataFormat;
  /** Keep the spatial axes with size 1 (default false). */
  keepdims?: boolean;
}

/**
 * The one global pooling layer behind GlobalMax/GlobalAveragePooling1D/2D/3D: reduces every spatial
 * axis, `[batch, ...spatial, channels]` → `[batch, channels]` (or `[batch, 1, ..., 1, channels]`
 * with `keepdims`).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalAveragePooling2d } from '@sinew/vision';
 * const y = globalAveragePooling2d({ keepdims: true }).apply(tf.ones([2, 5, 5, 3])); // [2, 1, 1, 3]
 * ```
 */
export abstract class BaseGlobalPooling extends Layer {
  readonly rank: ConvRank;
  readonly mode: 'max' | 'avg';
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;

  constructor(rank: ConvRank, mode: 'max' | 'avg', args: GlobalPoolingArgs = {}) {
    super(args);
    this.rank = rank;
    this.mode = mode;
    this.dataFormat = checkDataFormat(args.dataFormat, `${this.className} '${this.name}'`);
    this.keepdims = args.keepdims ?? false;
    this.inputSpec = { ndim: rank + 2 };
  }

  private spatialAxes(): number[] {
    const first = this.dataFormat === 'channelsLast' ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(this, inputShape);
    const axes = this.spatialAxes();
    if (this.keepdims) return shape.map((d, i) => (axes.includes(i) ? 1 : d));
    return shape.filter((_, i) => !axes.includes(i));
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    return this.mode === 'max' ? tf.max(x, this.spatialAxes(), this.keepdims) : tf.mean(x, this.spatialAxes(), this.keepdims);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

/**
 * Global maximum over the 1 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalMaxPooling1d } from '@sinew/vision';
 * const y = globalMaxPooling1d().apply(tf.ones([2, 10, 3])); // [2, 3]
 * ```
 */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'max', args);
  }
}
registerLayer(GlobalMaxPooling1D);

/** Creates a {@link GlobalMaxPooling1D} layer. @example `globalMaxPooling1d()` */
export function globalMaxPooling1d(args: GlobalPoolingArgs = {}): GlobalMaxPooling1D {
  return new GlobalMaxPooling1D(args);
}

/**
 * Global maximum over the 2 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalMaxPooling2d } from '@sinew/vision';
 * const y = globalMaxPooling2d().apply(tf.ones([2, 7, 7, 16])); // [2, 16]
 * ```
 */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'max', args);
  }
}
registerLayer(GlobalMaxPooling2D);

/** Creates a {@link GlobalMaxPooling2D} layer. @example `globalMaxPooling2d()` */
export function globalMaxPooling2d(args: GlobalPoolingArgs = {}): GlobalMaxPooling2D {
  return new GlobalMaxPooling2D(args);
}

/**
 * Global maximum over the 3 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalMaxPooling3d } from '@sinew/vision';
 * const y = globalMaxPooling3d().apply(tf.ones([2, 4, 4, 4, 8])); // [2, 8]
 * ```
 */
export class GlobalMaxPooling3D extends BaseGlobalPooling {
  static override readonly className = 'GlobalMaxPooling3D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(3, 'max', args);
  }
}
registerLayer(GlobalMaxPooling3D);

/** Creates a {@link GlobalMaxPooling3D} layer. @example `globalMaxPooling3d()` */
export function globalMaxPooling3d(args: GlobalPoolingArgs = {}): GlobalMaxPooling3D {
  return new GlobalMaxPooling3D(args);
}

/**
 * Global mean over the 1 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalAveragePooling1d } from '@sinew/vision';
 * const y = globalAveragePooling1d().apply(tf.ones([2, 10, 3])); // [2, 3]
 * ```
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, 'avg', args);
  }
}
registerLayer(GlobalAveragePooling1D);

/** Creates a {@link GlobalAveragePooling1D} layer. @example `globalAveragePooling1d()` */
export function globalAveragePooling1d(args: GlobalPoolingArgs = {}): GlobalAveragePooling1D {
  return new GlobalAveragePooling1D(args);
}

/**
 * Global mean over the 2 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalAveragePooling2d } from '@sinew/vision';
 * const y = globalAveragePooling2d().apply(tf.ones([2, 7, 7, 16])); // [2, 16]
 * ```
 */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
registerLayer(GlobalAveragePooling2D);

/** Creates a {@link GlobalAveragePooling2D} layer. @example `globalAveragePooling2d()` */
export function globalAveragePooling2d(args: GlobalPoolingArgs = {}): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(args);
}

/**
 * Global mean over the 3 spatial axis/axes: `[batch, ...spatial, channels]` → `[batch, channels]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { globalAveragePooling3d } from '@sinew/vision';
 * const y = globalAveragePooling3d().apply(tf.ones([2, 4, 4, 4, 8])); // [2, 8]
 * ```
 */
export class GlobalAveragePooling3D extends BaseGlobalPooling {
  static override readonly className = 'GlobalAveragePooling3D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(3, 'avg', args);
  }
}
registerLayer(GlobalAveragePooling3D);

/** Creates a {@link GlobalAveragePooling3D} layer. @example `globalAveragePooling3d()` */
export function globalAveragePooling3d(args: GlobalPoolingArgs = {}): GlobalAveragePooling3D {
  return new GlobalAveragePooling3D(args);
}
