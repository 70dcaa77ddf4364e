import type * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/**
 * The product of some dimensions (1 for none).
 *
 * @example
 * ```ts
 * sizeOf([2, 3, 4]); // 24
 * ```
 */
export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((p, d) => p * d, 1);
}

/**
 * Applies `step` to one axis after another, each time on a rank-3 view `[before, axis, after]` of the
 * running result, for kernels whose tfjs-backend-webgpu shaders compile up to rank 4 only. `step` gets
 * the view and the axis, and returns the new view (its middle size may change); the running shape
 * follows. Intermediate results are disposed; the caller owns the result (an Identity of x when no
 * axis is stepped).
 *
 * @example
 * ```ts
 * // inside a webgpu kernel: reverse axes 1 and 3 of a rank-5 x with tfjs's Reverse at rank 3
 * alongAxes(x, [1, 3], backend, (view) => callKernel('Reverse', { x: view }, backend, { dims: [1] }));
 * ```
 */
export function alongAxes(x: TensorInfo, axes: readonly number[], backend: tf.KernelBackend, step: (view: TensorInfo, axis: number) => TensorInfo): TensorInfo {
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => {
    temps.push(t);
    return t;
  };
  try {
    let current = x;
    const shape = x.shape.slice();
    for (const axis of axes) {
      const view = keep(callKernel('Reshape', { x: current }, backend, { shape: [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))] }));
      const stepped = keep(step(view, axis));
      shape[axis] = stepped.shape[1]!;
      current = keep(callKernel('Reshape', { x: stepped }, backend, { shape: shape.slice() }));
    }
    if (current === x) return callKernel('Identity', { x }, backend);
    temps.pop(); // current, the last Reshape, is the result
    return current;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}
