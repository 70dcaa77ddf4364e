import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { alongAxes } from './rank3-views.js';

/**
 * Tile (`tf.tile`, and `tf.broadcastTo`, which tiles) for tensors of rank 5 and 6. tfjs-backend-webgpu
 * 4.22 has no tile shader past rank 4 and reads the input back to tile it on the CPU: a stall in the
 * browser, and in Node (no synchronous readback) an error as soon as the input lives on the GPU. Here
 * each repeated axis is tiled in turn as the middle axis of a rank-3 view with tfjs's own Tile, on the
 * GPU; ranks up to 4 (and strings) go to tfjs's kernel unchanged.
 *
 * Input: x of any shape; attr `reps`, one count per axis. Output: `x.shape[i] * reps[i]` along each axis.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.tile(tf.ones([1, 2, 2, 2, 3]), [2, 1, 1, 1, 1]); // [2, 2, 2, 2, 3]
 * ```
 */
export function tileConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as { reps: number[] };
    if (x.shape.length <= 4 || x.dtype === 'string' || x.shape.some((d) => d === 0) || reps.some((r) => r === 0)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const axes = reps.flatMap((r, axis) => (r === 1 ? [] : [axis]));
    return alongAxes(x, axes, backend as tf.KernelBackend, (view, axis) =>
      original.kernelFunc({ inputs: { x: view }, backend, attrs: { reps: [1, reps[axis]!, 1] } }) as TensorInfo,
    );
  };
  return { kernelName: 'Tile', backendName: 'webgpu', kernelFunc };
}
