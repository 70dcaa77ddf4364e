import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { alongAxes } from './rank3-views.js';

/**
 * Cumsum and Cumprod (`tf.cumsum`, `tf.cumprod`) for tensors of rank 5 and 6, which
 * tfjs-backend-webgpu 4.22 rejects ("Cumulative + for rank 5 is not yet supported"), and of int32
 * tensors along other than the last axis, at any rank (tfjs moves the axis last with a transpose that
 * has no int32 shader, and returns garbage). The axis becomes the middle axis of a rank-3 view for
 * tfjs's own kernel; for int32 it is first swapped last with the registered Transpose (Sinew's). All on
 * the GPU; float32 up to rank 4, and int32 along the last axis, go to tfjs's kernel unchanged.
 *
 * Input: x of any shape; attrs `axis`, `exclusive`, `reverse`. Output: the shape of x.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.cumsum(tf.ones([2, 2, 3, 2, 2]), 2); // along the depth axis: 1, 2, 3
 * ```
 */
export function cumulativeConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { axis, exclusive, reverse } = attrs as { axis: number; exclusive: boolean; reverse: boolean };
    const rank = x.shape.length;
    const positive = axis < 0 ? axis + rank : axis;
    if (rank <= 4 && (x.dtype === 'float32' || positive === rank - 1)) return original.kernelFunc({ inputs, backend, attrs });
    const b = backend as tf.KernelBackend;
    /** tfjs's kernel along `along` of `view`; int32 moves that axis last first (swap, run, swap back). */
    const run = (view: TensorInfo, along: number): TensorInfo => {
      const lastAxis = view.shape.length - 1;
      if (view.dtype === 'float32' || along === lastAxis) {
        return original.kernelFunc({ inputs: { x: view }, backend, attrs: { axis: along, exclusive, reverse } }) as TensorInfo;
      }
      const perm = [...view.shape.keys()].map((i) => (i === along ? lastAxis : i === lastAxis ? along : i));
      const moved = callKernel('Transpose', { x: view }, b, { perm });
      let summed: TensorInfo | undefined;
      try {
        summed = original.kernelFunc({ inputs: { x: moved }, backend, attrs: { axis: lastAxis, exclusive, reverse } }) as TensorInfo;
        return callKernel('Transpose', { x: summed }, b, { perm });
      } finally {
        b.disposeData(moved.dataId);
        if (summed) b.disposeData(summed.dataId);
      }
    };
    return rank <= 4 ? run(x, positive) : alongAxes(x, [positive], b, (view) => run(view, 1));
  };
  return { kernelName: original.kernelName, backendName: 'webgpu', kernelFunc };
}
