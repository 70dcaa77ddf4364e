import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { presentInputs } from './fused.js';
import { f32, savedAt, single, unbroadcast } from './util.js';

/**
 * Gradients of batch normalisation, y = (x − μ)·(σ² + ε)^(-1/2)·γ + β, for all five inputs: μ and σ² are
 * inputs too, because in training they are computed from x (the moments' own gradients carry it on).
 */
export const normalizationGradients: GradConfig[] = [
  {
    kernelName: 'FusedBatchNorm',
    // tf.batchNorm passes scale/offset as undefined when omitted; absent ones are not saved.
    inputsToSave: presentInputs(['x', 'mean', 'variance', 'scale', 'offset']),
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, ...rest] = savedAt(saved, 3, 'FusedBatchNorm') as [Tensor, Tensor, Tensor, ...Tensor[]];
      if (rest.length === 1) {
        throw new Error(
          'Sinew gradient for FusedBatchNorm: give both scale and offset or neither ' +
            `(received one, of shape [${(rest[0] as Tensor).shape.join(', ')}])`,
        );
      }
      const [scale, offset] = rest as [Tensor | undefined, Tensor | undefined];
      const eps = (attrs.varianceEpsilon as number | undefined) ?? 1e-3;
      const g = () => f32(single(dy));
      const inv = () => tf.rsqrt(tf.add(variance, eps));
      const scaled = () => (scale === undefined ? g() : tf.mul(g(), scale));
      const out: Record<string, () => Tensor> = {
        x: () => unbroadcast(tf.mul(scaled(), inv()), x.shape),
        mean: () => unbroadcast(tf.neg(tf.mul(scaled(), inv())), mean.shape),
        variance: () =>
          unbroadcast(tf.mul(tf.mul(scaled(), tf.sub(x, mean)), tf.mul(-0.5, tf.pow(inv(), 3))), variance.shape),
      };
      if (scale !== undefined) out.scale = () => unbroadcast(tf.mul(g(), tf.mul(tf.sub(x, mean), inv())), scale.shape);
      if (offset !== undefined) out.offset = () => unbroadcast(g(), offset.shape);
      return out;
    },
  },
];
