import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/**
 * UnsortedSegmentSum that drops segment ids outside [0, numSegments), as tfjs-backend-cpu, wasm and
 * TensorFlow do. tfjs-backend-webgpu 4.22's shader skips negative ids but wraps the others
 * (`segmentId % numSegments`), adding those rows into a wrong segment. Here ids >= numSegments become
 * -1 on the GPU (Less, Fill, Select) before tfjs's own kernel runs.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 5, 1], 'int32'), 2); // [1, 3]
 * ```
 */
export function unsortedSegmentSumConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const b = backend as tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Int32Array): TensorInfo };
    const limit = b.makeTensorInfo([], 'int32', Int32Array.of(numSegments));
    const inRange = callKernel('Less', { a: segmentIds, b: limit }, b);
    const dropped = callKernel('Fill', {}, b, { shape: segmentIds.shape, value: -1, dtype: 'int32' });
    const safeIds = callKernel('Select', { condition: inRange, t: segmentIds, e: dropped }, b);
    try {
      return original.kernelFunc({ inputs: { x, segmentIds: safeIds }, backend, attrs });
    } finally {
      for (const t of [limit, inRange, dropped, safeIds]) b.disposeData(t.dataId);
    }
  };
  return { kernelName: 'UnsortedSegmentSum', backendName: 'webgpu', kernelFunc };
}
