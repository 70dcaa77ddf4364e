import type { Tensor, TensorLike } from '@tensorflow/tfjs-core';

/** Values a metric accepts: tensors or plain (nested) arrays. */
export type MetricInput = Tensor | TensorLike;

/**
 * A metric that accumulates over batches (and across workers, with `merge`) and reports the same
 * value as the one-shot function applied to all the data at once. `fit` uses this interface.
 *
 * Implementations keep their state on the host (counts and sums as numbers), so they hold no tensors
 * and leak none: `update` reads what it needs and disposes what it made.
 *
 * `T` and `P` are the types `update` takes for `yTrue` and `yPred`: tensors or arrays by default;
 * text metrics take strings (references and hypotheses).
 */
export interface StreamingMetric<R = number, T = MetricInput, P = T> {
  /** The name used in logs and history, e.g. 'accuracy' or 'precision'. */
  readonly name: string;
  /** Adds one batch. `sampleWeight`, where given, has one weight per sample. */
  update(yTrue: T, yPred: P, sampleWeight?: MetricInput): void;
  /** The metric over everything added since the last reset. */
  result(): R;
  /** Forgets everything added. */
  reset(): void;
  /** Adds another instance's state (same metric, same configuration) into this one. */
  merge(other: this): void;
}
