import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { f32, savedAt, single, unbroadcast, zerosFor } from './util.js';

type Partial2 = (dy: Tensor, a: Tensor, b: Tensor) => Tensor;

/** A broadcasting binary kernel `y = f(a, b)`: each partial is taken at the broadcast shape, then summed back. */
function binary(kernelName: string, da: Partial2, db: Partial2): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a0, b0] = savedAt(saved, 2, kernelName) as [Tensor, Tensor];
      const g = f32(single(dy));
      return {
        a: () => unbroadcast(da(g, f32(a0), f32(b0)), a0.shape),
        b: () => unbroadcast(db(g, f32(a0), f32(b0)), b0.shape),
      };
    },
  };
}

/** Binary kernels whose output is piecewise constant (or boolean): zero gradient for both inputs. */
function binaryZero(kernelName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = savedAt(saved, 2, kernelName) as [Tensor, Tensor];
      return { a: () => zerosFor(a), b: () => zerosFor(b) };
    },
  };
}

/** Gradients of the elementwise binary arithmetic kernels, with numpy-style broadcasting. */
export const arithmeticGradients: GradConfig[] = [
  binary('Add', (dy) => dy, (dy) => dy),
  binary('Sub', (dy) => dy, (dy) => tf.neg(dy)),
  binary('Multiply', (dy, _a, b) => tf.mul(dy, b), (dy, a) => tf.mul(dy, a)),
  // y = a / b: dy/da = 1/b, dy/db = -a/b².
  binary(
    'RealDiv',
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  ),
  // y = a - b·floor(a/b): piecewise, dy/da = 1 and dy/db = -floor(a/b) away from the jumps.
  binary('Mod', (dy) => dy, (dy, a, b) => tf.mul(dy, tf.neg(tf.floor(tf.div(a, b))))),
  binary(
    'SquaredDifference',
    (dy, a, b) => tf.mul(dy, tf.mul(2, tf.sub(a, b))),
    (dy, a, b) => tf.mul(dy, tf.mul(-2, tf.sub(a, b))),
  ),
  // Ties go to `a`, as in TensorFlow, so exactly one input receives the gradient.
  binary(
    'Maximum',
    (dy, a, b) => tf.mul(dy, f32(tf.greaterEqual(a, b))),
    (dy, a, b) => tf.mul(dy, f32(tf.less(a, b))),
  ),
  binary(
    'Minimum',
    (dy, a, b) => tf.mul(dy, f32(tf.lessEqual(a, b))),
    (dy, a, b) => tf.mul(dy, f32(tf.greater(a, b))),
  ),
  // atan2(a, b): ∂/∂a = b/(a²+b²), ∂/∂b = -a/(a²+b²).
  binary(
    'Atan2',
    (dy, a, b) => tf.div(tf.mul(dy, b), tf.add(tf.square(a), tf.square(b))),
    (dy, a, b) => tf.div(tf.mul(dy, tf.neg(a)), tf.add(tf.square(a), tf.square(b))),
  ),
  {
    // y = a^b: ∂/∂a = b·a^(b-1); ∂/∂b = y·ln a, defined only where a > 0 (zero elsewhere, as TensorFlow).
    kernelName: 'Pow',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a0, b0] = savedAt(saved, 2, 'Pow') as [Tensor, Tensor];
      const g = f32(single(dy));
      return {
        a: () => {
          const a = f32(a0);
          const b = f32(b0);
          return unbroadcast(tf.mul(g, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a0.shape);
        },
        b: () => {
          const a = f32(a0);
          const positive = tf.greater(a, 0);
          const logA = tf.where(positive, tf.log(tf.where(positive, a, tf.onesLike(a))), tf.zerosLike(a));
          return unbroadcast(tf.mul(g, tf.mul(tf.pow(a, f32(b0)), logA)), b0.shape);
        },
      };
    },
  },
  binaryZero('FloorDiv'),
  {
    kernelName: 'AddN',
    saveAllInputs: true,
    gradFunc: (dy, saved) => {
      const g = f32(single(dy));
      const out: Record<string, () => Tensor> = {};
      saved.forEach((_t, i) => {
        out[i] = () => g.clone();
      });
      return out;
    },
  },
  // Comparisons and logical ops have boolean outputs: nothing flows back.
  ...['Equal', 'NotEqual', 'Greater', 'GreaterEqual', 'Less', 'LessEqual', 'LogicalAnd', 'LogicalOr'].map(
    binaryZero,
  ),
];
