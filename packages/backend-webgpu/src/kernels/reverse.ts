import type * as tf from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { alongAxes } from './rank3-views.js';

/**
 * Reverse (`tf.reverse`) for tensors of rank 5 and 6. tfjs-backend-webgpu 4.22 views every input as
 * rank 4 and throws past it ("Size(72) must match the product of shape ..."). Here each reversed axis is
 * reversed in turn as the middle axis of a rank-3 view with tfjs's own Reverse, on the GPU; ranks up to
 * 4 go to tfjs's kernel unchanged.
 *
 * Input: x of any shape, `dims` the axes to reverse. Output: the shape of x.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.reverse(tf.range(0, 32).reshape([2, 2, 2, 2, 2]), [1, 4]);
 * ```
 */
export function reverseConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { dims } = attrs as { dims: number | number[] };
    if (x.shape.length <= 4) return original.kernelFunc({ inputs, backend, attrs });
    const axes = [...new Set(util.parseAxisParam(dims, x.shape))].filter((axis) => x.shape[axis]! > 1);
    return alongAxes(x, axes, backend as tf.KernelBackend, (view) =>
      original.kernelFunc({ inputs: { x: view }, backend, attrs: { dims: [1] } }) as TensorInfo,
    );
  };
  return { kernelName: 'Reverse', backendName: 'webgpu', kernelFunc };
}
