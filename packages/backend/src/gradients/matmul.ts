import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { activationBackward, presentInputs, splitOptional, type FusedActivation } from './fused.js';
import { f32, savedAt, single, unbroadcast } from './util.js';

/**
 * Gradients of y = op(a)·op(b) where op transposes the last two axes when asked. Batch axes broadcast,
 * so each gradient is summed back to its input's shape.
 */
function matMulBackward(
  dy: Tensor,
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { da: () => Tensor; db: () => Tensor } {
  const mm = (p: Tensor, q: Tensor, tp: boolean, tq: boolean): Tensor => tf.matMul(p, q, tp, tq);
  if (!transposeA && !transposeB) {
    return { da: () => unbroadcast(mm(dy, b, false, true), a.shape), db: () => unbroadcast(mm(a, dy, true, false), b.shape) };
  }
  if (!transposeA && transposeB) {
    return { da: () => unbroadcast(mm(dy, b, false, false), a.shape), db: () => unbroadcast(mm(dy, a, true, false), b.shape) };
  }
  if (transposeA && !transposeB) {
    return { da: () => unbroadcast(mm(b, dy, false, true), a.shape), db: () => unbroadcast(mm(a, dy, false, false), b.shape) };
  }
  return { da: () => unbroadcast(mm(b, dy, true, true), a.shape), db: () => unbroadcast(mm(dy, a, true, true), b.shape) };
}

/** Gradients of the matrix-multiply kernels. */
export const matMulGradients: GradConfig[] = [
  {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = savedAt(saved, 2, 'BatchMatMul') as [Tensor, Tensor];
      const { da, db } = matMulBackward(
        f32(single(dy)),
        f32(a),
        f32(b),
        Boolean(attrs.transposeA),
        Boolean(attrs.transposeB),
      );
      return { a: da, b: db };
    },
  },
  {
    // The pre-activation is recomputed rather than saved: tfjs 4.22 only dispatches this kernel under a
    // tape when it is called directly (its op differentiates through a custom gradient instead).
    kernelName: '_FusedMatMul',
    inputsToSave: presentInputs(['a', 'b', 'bias', 'preluActivationWeights']),
    gradFunc: (dy, saved, attrs) => {
      const [a, b, ...rest] = savedAt(saved, 2, '_FusedMatMul') as [Tensor, Tensor, ...Tensor[]];
      const activation = ((attrs.activation as string | undefined) ?? 'linear') as FusedActivation;
      const { bias, prelu } = splitOptional(rest, activation);
      const transposeA = Boolean(attrs.transposeA);
      const transposeB = Boolean(attrs.transposeB);
      const backward = () => {
        let z = tf.matMul(a, b, transposeA, transposeB);
        if (bias !== undefined) z = tf.add(z, bias);
        return activationBackward(f32(single(dy)), z, activation, attrs.leakyreluAlpha as number | undefined, prelu);
      };
      const out: Record<string, () => Tensor> = {
        a: () => matMulBackward(backward().dz, a, b, transposeA, transposeB).da(),
        b: () => matMulBackward(backward().dz, a, b, transposeA, transposeB).db(),
      };
      if (bias !== undefined) out.bias = () => unbroadcast(backward().dz, bias.shape);
      if (prelu !== undefined) out.preluActivationWeights = () => backward().dPrelu as Tensor;
      return out;
    },
  },
];
