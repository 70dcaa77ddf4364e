import type * as tf from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/**
 * ArgMax and ArgMin (`tf.argMax`, `tf.argMin`) of int32 tensors along other than the last axis.
 * tfjs-backend-webgpu 4.22 moves the axis last with an internal transpose that has no int32 shader, at
 * every rank from 3: the output is left unwritten (garbage, no error). Here the axis is moved last with
 * the registered Transpose (Sinew's, which handles int32), then tfjs's own kernel runs, on the GPU;
 * float32 inputs and the last axis go to tfjs's kernel unchanged.
 *
 * Input: x of any shape; attr `axis` (one axis). Output: x's shape without that axis, int32.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.argMax(tf.tensor3d([1, 5, 3, 2, 0, 9, 4, 4], [2, 2, 2], 'int32'), 1); // [[0, 0], [1, 1]]
 * ```
 */
export function argMinMaxConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { axis } = attrs as { axis: number | number[] };
    const [along] = util.parseAxisParam(axis, x.shape);
    const rank = x.shape.length;
    if (x.dtype === 'float32' || along === undefined || along === rank - 1 || x.shape.some((d) => d === 0)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const b = backend as tf.KernelBackend;
    const perm = [...x.shape.keys()].filter((i) => i !== along).concat(along);
    const moved = callKernel('Transpose', { x }, b, { perm });
    try {
      return original.kernelFunc({ inputs: { x: moved }, backend, attrs: { axis: rank - 1 } });
    } finally {
      b.disposeData(moved.dataId);
    }
  };
  return { kernelName: original.kernelName, backendName: 'webgpu', kernelFunc };
}
