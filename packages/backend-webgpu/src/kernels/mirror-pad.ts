import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { alongAxes } from './rank3-views.js';

/**
 * MirrorPad (`tf.mirrorPad`) for tensors of rank 5 and 6. tfjs-backend-webgpu 4.22's mirror-pad shader
 * indexes its coordinates as a vector, which WGSL allows up to rank 4 only: past it the shader does not
 * compile and the output is left unwritten (garbage, no error). Here each padded axis is padded in turn
 * as the middle axis of a rank-3 view with tfjs's own MirrorPad, on the GPU; ranks up to 4 and empty
 * tensors go to tfjs's kernel unchanged.
 *
 * Input: x of any shape. Output: `x.shape[i] + paddings[i][0] + paddings[i][1]` along each axis.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.mirrorPad(tf.ones([2, 2, 2, 2, 2]), [[0, 0], [1, 1], [0, 0], [0, 1], [0, 0]], 'reflect'); // [2, 4, 2, 3, 2]
 * ```
 */
export function mirrorPadConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { paddings, mode } = attrs as { paddings: Array<[number, number]>; mode: 'reflect' | 'symmetric' };
    if (x.shape.length <= 4 || x.shape.some((d) => d === 0)) return original.kernelFunc({ inputs, backend, attrs });
    const axes = paddings.flatMap(([before, after], axis) => (before === 0 && after === 0 ? [] : [axis]));
    return alongAxes(x, axes, backend as tf.KernelBackend, (view, axis) =>
      original.kernelFunc({ inputs: { x: view }, backend, attrs: { paddings: [[0, 0], paddings[axis]!, [0, 0]], mode } }) as TensorInfo,
    );
  };
  return { kernelName: 'MirrorPad', backendName: 'webgpu', kernelFunc };
}
