import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/**
 * PadV2 (`tf.pad`) for tensors of rank 5 and 6. tfjs-backend-webgpu 4.22's pad shader indexes its
 * coordinates as a vector, which WGSL allows up to rank 4 only (ranks 5 and 6 are structs there): the
 * shader does not compile and the result is left unwritten. Here each padded axis is padded in turn as
 * the middle axis of a rank-3 view (Reshape, tfjs's own PadV2, Reshape), on the GPU; ranks up to 4 and
 * empty tensors go to tfjs's kernel unchanged.
 *
 * Input: x of any shape. Output: `x.shape[i] + paddings[i][0] + paddings[i][1]` along each axis.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.pad(tf.ones([2, 1, 2, 1, 2]), [[0, 0], [0, 1], [0, 0], [0, 1], [0, 0]]); // [2, 2, 2, 2, 2]
 * ```
 */
export function padV2Config(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { paddings, constantValue } = attrs as { paddings: Array<[number, number]>; constantValue: number };
    if (x.shape.length <= 4 || x.shape.some((d) => d === 0)) return original.kernelFunc({ inputs, backend, attrs });
    const b = backend as tf.KernelBackend;
    const temps: TensorInfo[] = [];
    const run = (name: string, input: TensorInfo, kernelAttrs: tf.NamedAttrMap): TensorInfo => {
      const out = name === 'PadV2' ? (original.kernelFunc({ inputs: { x: input }, backend, attrs: kernelAttrs }) as TensorInfo) : callKernel(name, { x: input }, b, kernelAttrs);
      temps.push(out);
      return out;
    };
    try {
      let current = x;
      const shape = x.shape.slice();
      const product = (dims: number[]): number => dims.reduce((p, d) => p * d, 1);
      paddings.forEach(([before, after], axis) => {
        if (before === 0 && after === 0) return;
        const view = [product(shape.slice(0, axis)), shape[axis]!, product(shape.slice(axis + 1))];
        const padded = run('PadV2', run('Reshape', current, { shape: view }), { paddings: [[0, 0], [before, after], [0, 0]], constantValue });
        shape[axis] = shape[axis]! + before + after;
        current = run('Reshape', padded, { shape: shape.slice() });
      });
      if (current === x) return callKernel('Identity', { x }, b);
      temps.pop(); // current, the last Reshape, is the result
      return current;
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
  return { kernelName: 'PadV2', backendName: 'webgpu', kernelFunc };
}
