import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';

/**
 * UnsortedSegmentSum for a backend that lacks it (the gradient of Gather, hence of every embedding),
 * run as the backend's ScatterNd, which adds rows that share an index. Ids outside
 * `[0, numSegments)` are dropped, as TensorFlow and tfjs-backend-cpu do: they are sent to one extra
 * scratch row that is sliced off.
 *
 * Inputs: x `[...ids.shape, ...rest]`, segmentIds (int32) of any shape that prefixes x's.
 * Output: `[numSegments, ...rest]`.
 *
 * @example
 * ```ts
 * tf.registerKernel(unsortedSegmentSumConfig('wasm'));
 * tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 0, 1], 'int32'), 2); // [3, 3]
 * ```
 */
export function unsortedSegmentSumConfig(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = requireInputs(tf.UnsortedSegmentSum, inputs, ['x', 'segmentIds']);
      const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
      const k = new KernelScope(backend, backendName);
      try {
        const n = tf.util.sizeFromShape(segmentIds.shape);
        const rest = x.shape.slice(segmentIds.shape.length);
        const ids = segmentIds.dtype === 'int32' ? segmentIds : k.run('Cast', { x: segmentIds }, { dtype: 'int32' });
        const flatIds = k.reshape(ids, [n]);
        const zero = k.run('Fill', {}, { shape: [n], value: 0, dtype: 'int32' });
        const scratch = k.run('Fill', {}, { shape: [n], value: numSegments, dtype: 'int32' });
        const inRange = k.run('LogicalAnd', {
          a: k.run('GreaterEqual', { a: flatIds, b: zero }),
          b: k.run('Less', { a: flatIds, b: scratch }),
        });
        const safeIds = k.run('Select', { condition: inRange, t: flatIds, e: scratch });
        const summed = k.run('ScatterNd', {
          indices: k.reshape(safeIds, [n, 1]),
          updates: k.reshape(x, [n, ...rest]),
        }, { shape: [numSegments + 1, ...rest] });
        const out = k.run('Slice', { x: summed }, { begin: summed.shape.map(() => 0), size: [numSegments, ...rest] });
        return k.keep(out);
      } finally {
        k.dispose();
      }
    },
  };
}
