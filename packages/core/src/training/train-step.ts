import * as tf from '@tensorflow/tfjs-core';
import { reduceLoss } from '../losses/reduction.js';
import type { VariableGradient } from '../optimizers/optimizer.js';
import { outputAt, type CompiledModel } from './compile.js';
import { fromList, toList } from './data.js';
import type { Trainable } from './trainable.js';

/** Tensors a step leaves for the caller to read and dispose. */
export interface StepResult {
  /** The total loss (weighted output losses plus regularization). */
  loss: tf.Scalar;
  /** Each output's loss, when the model has several outputs. */
  outputLosses: tf.Scalar[];
  /** The model's outputs for this batch. */
  predictions: tf.Tensor[];
}

/** The total loss of one forward pass; outputs and per-output losses are kept for the caller. */
export function forwardLoss(
  model: Trainable,
  compiled: CompiledModel,
  xs: tf.Tensor[],
  ys: tf.Tensor[],
  sampleWeight: tf.Tensor | null,
  training: boolean,
  keep: { predictions: tf.Tensor[]; outputLosses: tf.Scalar[] },
): tf.Scalar {
  const out = toList(model.apply(fromList(xs), { training }));
  if (out.length !== ys.length) {
    throw new Error(`${model.name}: the model has ${out.length} output(s) but ${ys.length} target tensor(s) were given`);
  }
  let total: tf.Scalar | null = null;
  out.forEach((pred, i) => {
    const spec = outputAt(compiled, i, out.length);
    const perSample = spec.lossFn(ys[i] as tf.Tensor, pred);
    const l = reduceLoss(perSample, sampleWeight, spec.reduction) as tf.Scalar;
    if (out.length > 1) keep.outputLosses.push(tf.keep(l));
    const weighted = spec.weight === 1 ? l : (tf.mul(l, spec.weight) as tf.Scalar);
    total = total === null ? weighted : (tf.add(total, weighted) as tf.Scalar);
    keep.predictions.push(tf.keep(pred));
  });
  const reg = model.regularizationLoss();
  if (reg !== null) total = tf.add(total as unknown as tf.Scalar, reg) as tf.Scalar;
  return total as unknown as tf.Scalar;
}

/**
 * One optimizer step on a batch: forward pass under the gradient tape, loss plus regularization,
 * gradients of the trainable variables, update, constraints.
 */
export function trainStep(
  model: Trainable,
  compiled: CompiledModel,
  xs: tf.Tensor[],
  ys: tf.Tensor[],
  sampleWeight: tf.Tensor | null,
): StepResult {
  const vars = model.trainableVariables;
  if (vars.length === 0) throw new Error(`${model.name}: nothing to train (no trainable variables)`);
  const keep = { predictions: [] as tf.Tensor[], outputLosses: [] as tf.Scalar[] };
  const { value, grads } = tf.variableGrads(() => forwardLoss(model, compiled, xs, ys, sampleWeight, true, keep), vars);
  const pairs: VariableGradient[] = [];
  for (const variable of vars) {
    const gradient = grads[variable.name];
    if (gradient !== undefined) pairs.push({ variable, gradient });
  }
  compiled.optimizer.applyGradients(pairs);
  tf.dispose(grads);
  model.applyConstraints();
  return { loss: value, outputLosses: keep.outputLosses, predictions: keep.predictions };
}
