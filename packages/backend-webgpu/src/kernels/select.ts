import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { sizeOf } from './rank3-views.js';

/**
 * Select (`tf.where`) for tensors of rank 5 and 6, which tfjs-backend-webgpu 4.22 rejects ("Where for
 * rank 5 is not yet supported"). Select is elementwise, so it runs on flat views (or `[batch, rest]`
 * views when the condition is a vector over the first axis) with tfjs's own kernel, on the GPU; ranks
 * up to 4 go to tfjs's kernel unchanged.
 *
 * Inputs: `condition` (bool) of the shape of t and e, or of shape `[t.shape[0]]`; t and e of one shape.
 * Output: the shape of t.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * const x = tf.randomNormal([2, 2, 2, 2, 2]);
 * tf.where(tf.greater(x, 0), x, tf.zerosLike(x)); // relu
 * ```
 */
export function selectConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { condition, t, e } = inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
    if (t.shape.length <= 4) return original.kernelFunc({ inputs, backend, attrs });
    const b = backend as tf.KernelBackend;
    const size = sizeOf(t.shape);
    const batch = condition.shape.length === 1 && t.shape.length > 1 ? condition.shape[0]! : 0;
    const shape = batch > 0 ? [batch, size / batch] : [size];
    const temps: TensorInfo[] = [];
    try {
      const view = (x: TensorInfo, s: number[]): TensorInfo => {
        const r = callKernel('Reshape', { x }, b, { shape: s });
        temps.push(r);
        return r;
      };
      const result = original.kernelFunc({
        inputs: { condition: view(condition, batch > 0 ? [batch] : [size]), t: view(t, shape), e: view(e, shape) },
        backend,
        attrs,
      }) as TensorInfo;
      temps.push(result);
      return callKernel('Reshape', { x: result }, b, { shape: t.shape });
    } finally {
      for (const x of temps) b.disposeData(x.dataId);
    }
  };
  return { kernelName: 'Select', backendName: 'webgpu', kernelFunc };
}
