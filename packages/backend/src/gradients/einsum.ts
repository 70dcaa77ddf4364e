import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { f32, single } from './util.js';

/**
 * Gradient of one operand of an einsum: contract dy (labelled by the output subscripts) with the other
 * operand back to this operand's subscripts. Labels found only in this operand were summed away on their
 * own, so the gradient is constant along them: it is computed without them and broadcast back.
 */
function operandGrad(dy: Tensor, own: string, output: string, other: { subs: string; t: Tensor } | undefined, shape: number[]): Tensor {
  const lonely = [...own].filter((l) => !output.includes(l) && !(other?.subs.includes(l) ?? false));
  const kept = [...own].filter((l) => !lonely.includes(l)).join('');
  let g: Tensor;
  if (other === undefined) {
    // One operand: kept is a permutation of the output labels.
    g = tf.transpose(dy, [...kept].map((l) => output.indexOf(l)));
  } else {
    // Labels only the other operand has are summed out first: tfjs 4.22's einsum mis-broadcasts
    // contractions that sum a label of one operand while forming an outer product with the other.
    const otherOnly = [...other.subs].filter((l) => !own.includes(l) && !output.includes(l));
    const axes = otherOnly.map((l) => other.subs.indexOf(l));
    const t = axes.length > 0 ? tf.sum(other.t, axes) : other.t;
    const subs = [...other.subs].filter((l) => !otherOnly.includes(l)).join('');
    g = tf.einsum(`${output},${subs}->${kept}`, dy, t);
  }
  if (lonely.length === 0) return g;
  const withOnes = [...own].map((l, i) => (lonely.includes(l) ? 1 : (shape[i] as number)));
  return tf.broadcastTo(tf.reshape(g, withOnes), shape);
}

/** Gradient of tfjs's einsum (one or two operands, no ellipsis, no repeated label within an operand). */
export const einsumGradients: GradConfig[] = [
  {
    kernelName: 'Einsum',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const equation = (attrs.equation as string).replace(/\s/g, '');
      const [inputs, output = ''] = equation.split('->') as [string, string | undefined];
      const subs = inputs.split(',');
      const g = () => f32(single(dy));
      const out: Record<string, () => Tensor> = {};
      saved.forEach((t, i) => {
        const j = 1 - i;
        const other = saved.length === 2 ? { subs: subs[j] as string, t: saved[j] as Tensor } : undefined;
        out[i] = () => operandGrad(g(), subs[i] as string, output, other, t.shape);
      });
      return out;
    },
  },
];
