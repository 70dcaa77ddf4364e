import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { unbroadcast } from './util.js';

/** Activations a fused kernel (`_FusedMatMul`, `FusedConv2D`, `FusedDepthwiseConv2D`) may apply. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'prelu';

/**
 * An `inputsToSave` list for kernels with optional inputs (bias, prelu weights). The engine saves
 * `inputsToSave.map(name => inputs[name])` and cannot clone an absent input, so this list drops the
 * absent ones from what is saved; the gradient then tells them apart by count and the activation attr.
 */
export function presentInputs(names: string[]): string[] {
  const list = [...names];
  Object.defineProperty(list, 'map', {
    value: <U>(fn: (name: string, i: number, all: string[]) => U): U[] =>
      names.map(fn).filter((t) => t !== undefined && t !== null),
  });
  return list;
}

/** The optional saved inputs of a fused kernel, after its two required ones. */
export function splitOptional(
  rest: Tensor[],
  activation: FusedActivation,
): { bias: Tensor | undefined; prelu: Tensor | undefined } {
  if (rest.length >= 2) return { bias: rest[0], prelu: rest[1] };
  if (rest.length === 1) return activation === 'prelu' ? { bias: undefined, prelu: rest[0] } : { bias: rest[0], prelu: undefined };
  return { bias: undefined, prelu: undefined };
}

/**
 * Pulls `dy` back through a fused activation, given the pre-activation `z`. Returns the gradient at z and,
 * for prelu, at its weights.
 */
export function activationBackward(
  dy: Tensor,
  z: Tensor,
  activation: FusedActivation,
  leakyreluAlpha: number | undefined,
  prelu: Tensor | undefined,
): { dz: Tensor; dPrelu?: Tensor } {
  switch (activation) {
    case 'linear':
      return { dz: dy };
    case 'relu':
      return { dz: tf.mul(dy, tf.cast(tf.greater(z, 0), 'float32')) };
    case 'relu6':
      return { dz: tf.mul(dy, tf.cast(tf.logicalAnd(tf.greater(z, 0), tf.less(z, 6)), 'float32')) };
    case 'elu':
      return { dz: tf.mul(dy, tf.where(tf.greater(z, 0), tf.onesLike(z), tf.exp(z))) };
    case 'sigmoid': {
      const s = tf.sigmoid(z);
      return { dz: tf.mul(dy, tf.mul(s, tf.sub(1, s))) };
    }
    case 'leakyrelu':
      return { dz: tf.where(tf.greater(z, 0), dy, tf.mul(dy, leakyreluAlpha ?? 0.2)) };
    case 'prelu': {
      if (prelu === undefined) throw new Error("Sinew gradient: fused activation 'prelu' without preluActivationWeights");
      const positive = tf.greater(z, 0);
      return {
        dz: tf.where(positive, dy, tf.mul(dy, prelu)),
        dPrelu: unbroadcast(tf.where(positive, tf.zerosLike(dy), tf.mul(dy, z)), prelu.shape),
      };
    }
    default:
      throw new Error(`Sinew gradient: unknown fused activation '${String(activation)}'`);
  }
}
