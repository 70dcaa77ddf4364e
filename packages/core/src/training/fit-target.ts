import type { Tensor } from '@tensorflow/tfjs-core';
import type { Trainable } from './trainable.js';

/**
 * What `fit`, `evaluate` and the callbacks need of a model: the {@link Trainable} contract plus
 * weight access (EarlyStopping's `restoreBestWeights`) and, optionally, saving (ModelCheckpoint).
 * `Model` implements it; a custom model can too.
 */
export interface FitTarget extends Trainable {
  /** Copies of the weights, in a stable order; the caller owns (and disposes) them, as `Layer.getWeights`. */
  getWeights(): Tensor[];
  /** Replaces the weights (values are copied). */
  setWeights(weights: Tensor[]): void;
  /** Saves the model (ModelCheckpoint). */
  save?(destination: string | unknown): Promise<unknown>;
  /** Saves only the weights (ModelCheckpoint with `saveWeightsOnly`). */
  saveWeights?(destination: string | unknown): Promise<unknown>;
  /** Output names, for losses and metrics given per output as a record. */
  readonly outputNames?: string[];
}
