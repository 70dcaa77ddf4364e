import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { axesOf, f32, inversePermutation, keepDimsShape, savedAt, single, zerosFor } from './util.js';

/** Reshapes an upstream gradient to keepDims form and broadcasts it over the reduced axes of `x`. */
function spread(dy: Tensor, x: Tensor, axes: number[]): Tensor {
  return tf.broadcastTo(tf.reshape(f32(dy), keepDimsShape(x.shape, axes)), x.shape);
}

/** Max/Min: the gradient goes to every element equal to the extremum (ties share it, as in tfjs). */
function extremum(kernelName: string, axisAttr: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, kernelName) as [Tensor];
      const axes = axesOf(attrs[axisAttr] as number | number[], x.shape);
      return {
        x: () => {
          // The extremum is recomputed rather than saved (the engine saves outputs detached from the tape).
          const y = kernelName === 'Max' ? tf.max(x, axes, true) : tf.min(x, axes, true);
          const hit = tf.cast(tf.equal(x, y), 'float32');
          return tf.mul(hit, spread(single(dy), x, axes));
        },
      };
    },
  };
}

/** Gradients of the reduction and scan kernels. */
export const reductionGradients: GradConfig[] = [
  {
    kernelName: 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'Sum') as [Tensor];
      const axes = axesOf(attrs.axis as number | number[], x.shape);
      return { x: () => spread(single(dy), x, axes) };
    },
  },
  {
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'Mean') as [Tensor];
      const axes = axesOf(attrs.axis as number | number[], x.shape);
      const count = axes.reduce((n, a) => n * (x.shape[a] as number), 1);
      return { x: () => tf.div(spread(single(dy), x, axes), count) };
    },
  },
  extremum('Max', 'reductionIndices'),
  extremum('Min', 'axis'),
  {
    // ∂(Π xⱼ)/∂xᵢ = Π_{j≠i} xⱼ, computed as (exclusive prefix product) · (exclusive suffix product) so that
    // zeros in x are handled exactly, with no division.
    kernelName: 'Prod',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x0] = savedAt(saved, 1, 'Prod') as [Tensor];
      const axes = axesOf(attrs.axis as number | number[], x0.shape);
      return {
        x: () => {
          const x = f32(x0);
          const kept = x.shape.map((_d, i) => i).filter((i) => !axes.includes(i));
          const perm = [...kept, ...axes];
          const outer = kept.reduce((n, a) => n * (x.shape[a] as number), 1);
          const inner = axes.reduce((n, a) => n * (x.shape[a] as number), 1);
          const xt = tf.transpose(x, perm);
          const x2 = tf.reshape(xt, [outer, inner]);
          const others = tf.mul(tf.cumprod(x2, 1, true, false), tf.cumprod(x2, 1, true, true));
          const g2 = tf.mul(others, tf.reshape(f32(single(dy)), [outer, 1]));
          return tf.transpose(tf.reshape(g2, xt.shape), inversePermutation(perm));
        },
      };
    },
  },
  {
    // A cumulative sum's adjoint is the cumulative sum in the opposite direction (exclusivity unchanged).
    kernelName: 'Cumsum',
    gradFunc: (dy, _saved, attrs) => {
      const { axis, exclusive, reverse } = attrs as { axis: number; exclusive: boolean; reverse: boolean };
      return { x: () => tf.cumsum(f32(single(dy)), axis, exclusive, !reverse) };
    },
  },
  ...['ArgMax', 'ArgMin'].map(
    (kernelName): GradConfig => ({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (_dy, saved) => {
        const [x] = savedAt(saved, 1, kernelName) as [Tensor];
        return { x: () => zerosFor(x) };
      },
    }),
  ),
];
