import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';

/** One tensor or several (models with several inputs or outputs). */
export type Tensors = Tensor | Tensor[];

/**
 * What the training loop needs of a model. `Model` implements it; the loop (`fit`, `evaluate`,
 * `predict`, `trainOnBatch`, L-BFGS full-batch training) depends on nothing else, so custom models
 * can be trained by implementing just this.
 */
export interface Trainable {
  readonly name: string;
  /** The forward pass; differentiable, so it may run inside `tf.grad` / `tf.variableGrads`. */
  apply(inputs: Tensors, options?: { training?: boolean }): Tensors;
  /** The variables the optimizer updates (frozen layers excluded), in a stable order. */
  readonly trainableVariables: Variable[];
  /**
   * The sum of weight regularization terms and of the activity regularization recorded by the last
   * forward pass, or null when the model has none. Called inside the gradient tape, after `apply`.
   */
  regularizationLoss(): Scalar | null;
  /** Projects weights back onto their constraints (maxNorm, nonNeg, ...) after an optimizer step. */
  applyConstraints(): void;
  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit` after the current batch. */
  stopTraining: boolean;
}
