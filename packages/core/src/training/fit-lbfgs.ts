import * as tf from '@tensorflow/tfjs-core';
import { lbfgsHost, type LbfgsHostResult, type LbfgsOptions } from '../optimizers/lbfgs.js';
import type { CompiledModel } from './compile.js';
import { sampleCount, toList } from './data.js';
import type { FitTarget } from './fit-target.js';
import { forwardLoss } from './train-step.js';
import type { Tensors } from './trainable.js';

/** Options of {@link fitLbfgs}: L-BFGS's options plus full-batch data options. */
export interface FitLbfgsArgs extends LbfgsOptions {
  /** Per-sample loss weights, shape [samples]. */
  sampleWeight?: tf.Tensor;
  /** Print one line per iteration. Default 0. */
  verbose?: 0 | 1;
}

/** Outcome of {@link fitLbfgs}. */
export interface FitLbfgsResult extends Omit<LbfgsHostResult, 'x'> {
  /** The training loss after each iteration (index 0: before the first). */
  lossHistory: number[];
}

/**
 * Full-batch training with L-BFGS: minimizes the compiled loss (plus regularization) over all of
 * `x`, `y` at once with respect to the model's trainable variables, and leaves the best weights
 * in the model. The compiled optimizer and metrics are not used.
 *
 * Why a separate function and not an optimizer passed to `fit`: L-BFGS evaluates the loss several
 * times per step (the line search) on the same full batch, which does not fit the
 * one-gradient-per-batch `applyGradients` contract; keeping it apart makes that explicit (PyTorch
 * needs a closure for the same reason). Suited to small models and datasets (thousands of
 * parameters), where it converges in far fewer passes than first-order methods. Constraints
 * are applied once at the end (L-BFGS itself is unconstrained); training-mode layers (dropout)
 * make the objective noisy, so the forward pass runs with `training: false`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { compileModel, dense, fitLbfgs, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const x = tf.randomNormal([64, 2]);
 * const y = tf.sum(x, 1, true);
 * const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' }); // the optimizer is not used
 * const r = await fitLbfgs(model, compiled, x, y, { maxIterations: 200 });
 * [r.reason, r.lossHistory.at(-1)]; // ['gradientTolerance' or 'changeTolerance', ≈0]
 * ```
 */
export async function fitLbfgs(
  model: FitTarget,
  compiled: CompiledModel,
  x: Tensors,
  y: Tensors,
  args: FitLbfgsArgs = {},
): Promise<FitLbfgsResult> {
  const xs = toList(x);
  const ys = toList(y);
  sampleCount('fitLbfgs', [
    { name: 'x', tensors: xs },
    { name: 'y', tensors: ys },
  ]);
  const vars = model.trainableVariables;
  if (vars.length === 0) throw new Error(`fitLbfgs: model '${model.name}' has no trainable variables`);
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const sw = args.sampleWeight ?? null;

  const assign = (flat: Float64Array): void => {
    let offset = 0;
    vars.forEach((v, i) => {
      const n = sizes[i] as number;
      const t = tf.tensor(Float32Array.from(flat.subarray(offset, offset + n)), v.shape, 'float32');
      v.assign(t);
      t.dispose();
      offset += n;
    });
  };
  const evaluate = (flat: Float64Array): { value: number; gradient: Float64Array } => {
    assign(flat);
    const keep = { predictions: [] as tf.Tensor[], outputLosses: [] as tf.Scalar[] };
    const { value, grads } = tf.variableGrads(() => forwardLoss(model, compiled, xs, ys, sw, false, keep), vars);
    tf.dispose(keep.predictions);
    tf.dispose(keep.outputLosses);
    const gradient = new Float64Array(total);
    let offset = 0;
    vars.forEach((v, i) => {
      const g = grads[v.name];
      if (g !== undefined) gradient.set(g.dataSync(), offset);
      offset += sizes[i] as number;
    });
    const out = { value: value.dataSync()[0] as number, gradient };
    value.dispose();
    tf.dispose(grads);
    return out;
  };

  const x0 = new Float64Array(total);
  let offset = 0;
  for (const v of vars) {
    x0.set(v.dataSync(), offset);
    offset += v.size;
  }
  const lossHistory: number[] = [];
  const user = args.onIteration;
  const first = evaluate(x0);
  lossHistory.push(first.value);
  const result = lbfgsHost(evaluate, x0, {
    ...args,
    onIteration: (info) => {
      lossHistory.push(info.value);
      if (args.verbose === 1) console.log(`L-BFGS iteration ${info.iteration}: loss ${info.value.toPrecision(6)}, |g|∞ ${info.gradientNorm.toExponential(2)}`);
      return user?.(info);
    },
  });
  // The line search leaves the variables at its last trial point; install the accepted one.
  assign(result.x);
  model.applyConstraints();
  const { x: _x, ...rest } = result;
  return { ...rest, lossHistory };
}
