import * as tf from '@tensorflow/tfjs-core';
import { nextSeed } from './seed.js';

/**
 * A float32 tensor of uniform samples in [minval, maxval), seeded by Sinew's generator.
 *
 * @example
 * ```ts
 * import { setSeed, randomUniform } from '@sinew/core';
 * setSeed(0);
 * const u = randomUniform([2, 2], -1, 1);
 * ```
 */
export function randomUniform(shape: number[], minval = 0, maxval = 1): tf.Tensor {
  return tf.randomUniform(shape, minval, maxval, 'float32', nextSeed());
}

/**
 * A float32 tensor of normal samples, seeded by Sinew's generator.
 *
 * @example
 * ```ts
 * import { setSeed, randomNormal } from '@sinew/core';
 * setSeed(0);
 * const n = randomNormal([3], 0, 0.1);
 * ```
 */
export function randomNormal(shape: number[], mean = 0, stddev = 1): tf.Tensor {
  return tf.randomNormal(shape, mean, stddev, 'float32', nextSeed());
}

/**
 * A float32 tensor of normal samples truncated to two standard deviations, seeded by Sinew's generator.
 *
 * @example
 * ```ts
 * import { truncatedNormal } from '@sinew/core';
 * const t = truncatedNormal([4, 4], 0, 0.05);
 * ```
 */
export function truncatedNormal(shape: number[], mean = 0, stddev = 1): tf.Tensor {
  return tf.truncatedNormal(shape, mean, stddev, 'float32', nextSeed());
}
