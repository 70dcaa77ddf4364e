import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { activationGradients } from './activations.js';
import { arithmeticGradients } from './arithmetic.js';
import { convGradients } from './conv.js';
import { einsumGradients } from './einsum.js';
import { imageGradients } from './image.js';
import { matMulGradients } from './matmul.js';
import { normalizationGradients } from './normalization.js';
import { poolingGradients } from './pooling.js';
import { reductionGradients } from './reductions.js';
import { shapeGradients } from './shape.js';
import { passThroughGradients, unaryGradients } from './unary.js';

/**
 * Every gradient Sinew provides, one config per tfjs kernel name, written from the derivatives (not
 * copied from tfjs). Read-only: register them with {@link registerGradients}.
 *
 * @example
 * ```ts
 * import { sinewGradients } from '@sinew/backend';
 * const kernels = sinewGradients.map((g) => g.kernelName);
 * console.log(kernels.length, kernels.includes('Conv2D')); // 116 true
 * ```
 */
export const sinewGradients: readonly GradConfig[] = [
  ...arithmeticGradients,
  ...unaryGradients,
  ...passThroughGradients,
  ...activationGradients,
  ...reductionGradients,
  ...shapeGradients,
  ...matMulGradients,
  ...convGradients,
  ...poolingGradients,
  ...normalizationGradients,
  ...imageGradients,
  ...einsumGradients,
];

/**
 * Registers Sinew's gradient for every kernel that has none yet, and returns the kernel names it
 * registered. A gradient already present (tfjs's own in a bundle that includes them, or a user's custom
 * one) is never replaced. Importing `@sinew/backend` calls this once; calling it again is harmless.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerGradients } from '@sinew/backend';
 * registerGradients();
 * const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2])); // [2, 4]
 * ```
 */
export function registerGradients(configs: readonly GradConfig[] = sinewGradients): string[] {
  const registered: string[] = [];
  for (const config of configs) {
    if (tf.getGradient(config.kernelName) != null) continue;
    tf.registerGradient(config);
    registered.push(config.kernelName);
  }
  return registered;
}
