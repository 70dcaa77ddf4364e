import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { f32, savedAt, single, zerosFor } from './util.js';

/**
 * `y = f(x)` with `dx = dy · f'(x)`. The derivative is always written from the saved input, never from
 * the saved output: the engine saves a detached copy of an output, so a derivative built from it would
 * silently drop terms from second-order gradients (grad of grad).
 */
export function unaryFromInput(kernelName: string, derivative: (x: Tensor, dy: Tensor) => Tensor): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = savedAt(saved, 1, kernelName) as [Tensor];
      return { x: () => f32(derivative(f32(x), f32(single(dy)))) };
    },
  };
}

/** A piecewise-constant (or non-numeric-output) unary kernel: zero gradient. */
export function unaryZero(kernelName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (_dy, saved) => {
      const [x] = savedAt(saved, 1, kernelName) as [Tensor];
      return { x: () => zerosFor(x) };
    },
  };
}

/** 1 / sqrt(1 - x²), the common factor of asin and acos. */
const invSqrtOneMinusSquare = (x: Tensor): Tensor => tf.rsqrt(tf.sub(1, tf.square(x)));

/** Gradients of the elementwise unary math kernels. */
export const unaryGradients: GradConfig[] = [
  unaryFromInput('Neg', (_x, dy) => tf.neg(dy)),
  unaryFromInput('Abs', (x, dy) => tf.mul(dy, tf.sign(x))),
  unaryFromInput('Square', (x, dy) => tf.mul(dy, tf.mul(2, x))),
  unaryFromInput('Sqrt', (x, dy) => tf.div(dy, tf.mul(2, tf.sqrt(x)))),
  // d/dx x^(-1/2) = -1/2 · x^(-3/2)
  unaryFromInput('Rsqrt', (x, dy) => tf.mul(dy, tf.mul(-0.5, tf.pow(x, -1.5)))),
  unaryFromInput('Reciprocal', (x, dy) => tf.neg(tf.div(dy, tf.square(x)))),
  unaryFromInput('Exp', (x, dy) => tf.mul(dy, tf.exp(x))),
  unaryFromInput('Expm1', (x, dy) => tf.mul(dy, tf.exp(x))),
  unaryFromInput('Log', (x, dy) => tf.div(dy, x)),
  unaryFromInput('Log1p', (x, dy) => tf.div(dy, tf.add(1, x))),
  unaryFromInput('Sin', (x, dy) => tf.mul(dy, tf.cos(x))),
  unaryFromInput('Cos', (x, dy) => tf.mul(dy, tf.neg(tf.sin(x)))),
  unaryFromInput('Tan', (x, dy) => tf.div(dy, tf.square(tf.cos(x)))),
  unaryFromInput('Asin', (x, dy) => tf.mul(dy, invSqrtOneMinusSquare(x))),
  unaryFromInput('Acos', (x, dy) => tf.neg(tf.mul(dy, invSqrtOneMinusSquare(x)))),
  unaryFromInput('Atan', (x, dy) => tf.div(dy, tf.add(1, tf.square(x)))),
  unaryFromInput('Sinh', (x, dy) => tf.mul(dy, tf.cosh(x))),
  unaryFromInput('Cosh', (x, dy) => tf.mul(dy, tf.sinh(x))),
  unaryFromInput('Asinh', (x, dy) => tf.mul(dy, tf.rsqrt(tf.add(tf.square(x), 1)))),
  unaryFromInput('Acosh', (x, dy) => tf.mul(dy, tf.rsqrt(tf.sub(tf.square(x), 1)))),
  unaryFromInput('Atanh', (x, dy) => tf.div(dy, tf.sub(1, tf.square(x)))),
  // erf'(x) = 2/√π · exp(-x²)
  unaryFromInput('Erf', (x, dy) => tf.mul(dy, tf.mul(2 / Math.sqrt(Math.PI), tf.exp(tf.neg(tf.square(x)))))),
  ...['Sign', 'Floor', 'Ceil', 'Round', 'Step', 'IsNan', 'IsInf', 'IsFinite', 'LogicalNot', 'ZerosLike', 'OnesLike'].map(
    unaryZero,
  ),
];

/** Kernels that pass the gradient through unchanged (up to dtype and shape). */
export const passThroughGradients: GradConfig[] = [
  {
    kernelName: 'Identity',
    gradFunc: (dy) => ({ x: () => f32(single(dy)).clone() }),
  },
  {
    // A cast between float types is the identity; a cast to int or bool is piecewise constant, so no
    // gradient flows through it (as in TensorFlow). Int inputs still receive a float32 gradient.
    kernelName: 'Cast',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'Cast') as [Tensor];
      const toFloat = attrs.dtype === 'float32' || attrs.dtype === 'complex64';
      return { x: () => (toFloat ? f32(single(dy)).clone() : zerosFor(x)) };
    },
  },
  {
    kernelName: 'ClipByValue',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'ClipByValue') as [Tensor];
      const { clipValueMin, clipValueMax } = attrs as { clipValueMin: number; clipValueMax: number };
      return {
        x: () => {
          const inside = tf.logicalAnd(tf.greaterEqual(x, clipValueMin), tf.lessEqual(x, clipValueMax));
          return tf.where(inside, f32(single(dy)), tf.zerosLike(f32(single(dy))));
        },
      };
    },
  },
];
