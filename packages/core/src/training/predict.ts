import * as tf from '@tensorflow/tfjs-core';
import { checkBatchSize } from './evaluate.js';
import { fromList, isDataset, sampleCount, sliceRows, toList } from './data.js';
import type { Tensors, Trainable } from './trainable.js';

/**
 * Runs the model in inference mode (`training: false`) over `x` in batches and concatenates the
 * outputs (`model.predict`). Batching bounds peak memory on large inputs.
 *
 * Shapes: `x` `[samples, ...]` (or a list for several inputs) -> `[samples, ...]` per output.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, predictModel, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
 * const probs = predictModel(model, tf.ones([1000, 4]), { batchSize: 256 }) as tf.Tensor; // as model.predict
 * probs.shape; // [1000, 3]
 * ```
 */
export function predictModel(model: Trainable, x: Tensors, { batchSize = 32 }: { batchSize?: number } = {}): Tensors {
  checkBatchSize('predict', batchSize);
  if (isDataset(x)) {
    // predict is synchronous and returns one tensor; a stream would have to be awaited and concatenated.
    throw new Error('predict: x must be a tensor or a list of tensors, received an async-iterable dataset; call predict on each batch\'s xs instead');
  }
  const xs = toList(x);
  const n = sampleCount('predict', [{ name: 'x', tensors: xs }]);
  if (n <= batchSize) return tf.tidy(() => model.apply(fromList(xs), { training: false }));
  const parts: tf.Tensor[][] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    parts.push(
      tf.tidy(() => toList(model.apply(fromList(sliceRows(xs, start, end)), { training: false }))),
    );
  }
  const outputs = (parts[0] as tf.Tensor[]).map((_, i) => tf.concat(parts.map((p) => p[i] as tf.Tensor), 0));
  tf.dispose(parts.flat());
  return fromList(outputs);
}
