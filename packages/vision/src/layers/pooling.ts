import { registerLayer } from '@sinew/core';
import { BasePooling, type PoolingArgs } from './base-pooling.js';

/**
 * 1D maximum pooling: input `[batch, steps, channels]`, the maximum of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maxPooling1d } from '@sinew/vision';
 * const y = maxPooling1d().apply(tf.ones([2, 10, 3])); // [2, 5, 3]
 * ```
 */
export class MaxPooling1D extends BasePooling {
  static override readonly className = 'MaxPooling1D';
  constructor(args: PoolingArgs = {}) {
    super(1, 'max', args);
  }
}
registerLayer(MaxPooling1D);

/** Creates a {@link MaxPooling1D} layer. @example `maxPooling1d({ poolSize: 2 })` */
export function maxPooling1d(args: PoolingArgs = {}): MaxPooling1D {
  return new MaxPooling1D(args);
}

/**
 * 2D maximum pooling: input `[batch, h, w, channels]`, the maximum of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maxPooling2d } from '@sinew/vision';
 * const y = maxPooling2d().apply(tf.ones([1, 28, 28, 8])); // [1, 14, 14, 8]
 * ```
 */
export class MaxPooling2D extends BasePooling {
  static override readonly className = 'MaxPooling2D';
  constructor(args: PoolingArgs = {}) {
    super(2, 'max', args);
  }
}
registerLayer(MaxPooling2D);

/** Creates a {@link MaxPooling2D} layer. @example `maxPooling2d({ poolSize: 2 })` */
export function maxPooling2d(args: PoolingArgs = {}): MaxPooling2D {
  return new MaxPooling2D(args);
}

/**
 * 3D maximum pooling: input `[batch, d, h, w, channels]`, the maximum of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { maxPooling3d } from '@sinew/vision';
 * const y = maxPooling3d().apply(tf.ones([1, 4, 4, 4, 2])); // [1, 2, 2, 2, 2]
 * ```
 */
export class MaxPooling3D extends BasePooling {
  static override readonly className = 'MaxPooling3D';
  constructor(args: PoolingArgs = {}) {
    super(3, 'max', args);
  }
}
registerLayer(MaxPooling3D);

/** Creates a {@link MaxPooling3D} layer. @example `maxPooling3d({ poolSize: 2 })` */
export function maxPooling3d(args: PoolingArgs = {}): MaxPooling3D {
  return new MaxPooling3D(args);
}

/**
 * 1D mean pooling: input `[batch, steps, channels]`, the mean of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { averagePooling1d } from '@sinew/vision';
 * const y = averagePooling1d().apply(tf.ones([2, 10, 3])); // [2, 5, 3]
 * ```
 */
export class AveragePooling1D extends BasePooling {
  static override readonly className = 'AveragePooling1D';
  constructor(args: PoolingArgs = {}) {
    super(1, 'avg', args);
  }
}
registerLayer(AveragePooling1D);

/** Creates a {@link AveragePooling1D} layer. @example `averagePooling1d({ poolSize: 2 })` */
export function averagePooling1d(args: PoolingArgs = {}): AveragePooling1D {
  return new AveragePooling1D(args);
}

/**
 * 2D mean pooling: input `[batch, h, w, channels]`, the mean of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { averagePooling2d } from '@sinew/vision';
 * const y = averagePooling2d().apply(tf.ones([1, 28, 28, 8])); // [1, 14, 14, 8]
 * ```
 */
export class AveragePooling2D extends BasePooling {
  static override readonly className = 'AveragePooling2D';
  constructor(args: PoolingArgs = {}) {
    super(2, 'avg', args);
  }
}
registerLayer(AveragePooling2D);

/** Creates a {@link AveragePooling2D} layer. @example `averagePooling2d({ poolSize: 2 })` */
export function averagePooling2d(args: PoolingArgs = {}): AveragePooling2D {
  return new AveragePooling2D(args);
}

/**
 * 3D mean pooling: input `[batch, d, h, w, channels]`, the mean of each window (default 2, strides = window).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { averagePooling3d } from '@sinew/vision';
 * const y = averagePooling3d().apply(tf.ones([1, 4, 4, 4, 2])); // [1, 2, 2, 2, 2]
 * ```
 */
export class AveragePooling3D extends BasePooling {
  static override readonly className = 'AveragePooling3D';
  constructor(args: PoolingArgs = {}) {
    super(3, 'avg', args);
  }
}
registerLayer(AveragePooling3D);

/** Creates a {@link AveragePooling3D} layer. @example `averagePooling3d({ poolSize: 2 })` */
export function averagePooling3d(args: PoolingArgs = {}): AveragePooling3D {
  return new AveragePooling3D(args);
}
