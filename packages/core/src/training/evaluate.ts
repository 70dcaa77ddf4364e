import * as tf from '@tensorflow/tfjs-core';
import { Callback, CallbackList, type Logs } from '../callbacks/callback.js';
import type { CompiledModel } from './compile.js';
import { isDataset, sampleCount, sliceRows, toList, type Dataset } from './data.js';
import type { FitTarget } from './fit-target.js';
import { forwardLoss } from './train-step.js';
import type { Tensors, Trainable } from './trainable.js';

/** Arguments of `evaluate`. */
export interface EvaluateArgs {
  /** Default 32. */
  batchSize?: number;
  /** Per-sample weights, shape [samples]. */
  sampleWeight?: tf.Tensor;
  /** Evaluate at most this many batches of a dataset. */
  steps?: number;
  callbacks?: Callback[];
}

/** Resets every compiled metric. */
export function resetMetrics(compiled: CompiledModel): void {
  for (const o of compiled.outputs) for (const m of o.metrics) m.metric.reset();
}

/** Current values of every compiled metric, keyed by log name (plus an optional prefix such as 'val_'). */
export function metricLogs(compiled: CompiledModel, prefix = ''): Logs {
  const logs: Logs = {};
  for (const o of compiled.outputs) for (const m of o.metrics) logs[prefix + m.key] = m.metric.result();
  return logs;
}

/** Feeds a batch's targets and predictions to the compiled metrics. */
export function updateMetrics(compiled: CompiledModel, ys: tf.Tensor[], preds: tf.Tensor[], sampleWeight: tf.Tensor | null): void {
  preds.forEach((p, i) => {
    const spec = compiled.outputs.length === 1 ? (i === 0 ? compiled.outputs[0] : undefined) : compiled.outputs[i];
    if (spec === undefined) return;
    for (const m of spec.metrics) m.metric.update(ys[i] as tf.Tensor, p, sampleWeight ?? undefined);
  });
}

/** Running weighted means of the loss values of one pass over the data. */
export class LossTracker {
  private sums: Record<string, number> = {};
  private count = 0;
  add(values: Record<string, number>, n: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * n;
    this.count += n;
  }
  result(prefix = ''): Logs {
    const out: Logs = {};
    for (const [k, v] of Object.entries(this.sums)) out[prefix + k] = this.count > 0 ? v / this.count : NaN;
    return out;
  }
}

/** Reads a step's losses into host numbers and disposes them. */
export async function readLosses(
  compiled: CompiledModel,
  loss: tf.Scalar,
  outputLosses: tf.Scalar[],
): Promise<Record<string, number>> {
  const values: Record<string, number> = { loss: (await loss.data())[0] as number };
  loss.dispose();
  for (const [i, l] of outputLosses.entries()) {
    const prefix = compiled.outputs[i]?.prefix ?? `output_${i + 1}_`;
    values[`${prefix}loss`] = (await l.data())[0] as number;
    l.dispose();
  }
  return values;
}

/**
 * One pass over data without training: loss (with regularization, as Keras) and metrics.
 * Metrics are reset first. Used by `evaluate` and by `fit` for validation.
 */
export async function evaluateLoop(
  model: Trainable,
  compiled: CompiledModel,
  x: Tensors | Dataset,
  y: Tensors | undefined,
  { batchSize = 32, sampleWeight, steps }: EvaluateArgs,
  callbacks?: CallbackList,
): Promise<Logs> {
  resetMetrics(compiled);
  const tracker = new LossTracker();
  const runBatch = async (xs: tf.Tensor[], ys: tf.Tensor[], sw: tf.Tensor | null, b: number): Promise<void> => {
    await callbacks?.onBatchBegin(b, { batch: b, size: xs[0]?.shape[0] ?? 0 });
    const keep = { predictions: [] as tf.Tensor[], outputLosses: [] as tf.Scalar[] };
    const loss = tf.tidy(() => forwardLoss(model, compiled, xs, ys, sw, false, keep));
    updateMetrics(compiled, ys, keep.predictions, sw);
    tf.dispose(keep.predictions);
    const n = xs[0]?.shape[0] ?? 0;
    tracker.add(await readLosses(compiled, loss, keep.outputLosses), n);
    await callbacks?.onBatchEnd(b, { batch: b, size: n, ...tracker.result(), ...metricLogs(compiled) });
  };

  if (isDataset(x)) {
    let b = 0;
    for await (const batch of x) {
      if (steps !== undefined && b >= steps) {
        tf.dispose([...toList(batch.xs), ...toList(batch.ys), ...(batch.sampleWeight ? [batch.sampleWeight] : [])]);
        break;
      }
      try {
        await runBatch(toList(batch.xs), toList(batch.ys), batch.sampleWeight ?? null, b);
      } finally {
        tf.dispose([...toList(batch.xs), ...toList(batch.ys), ...(batch.sampleWeight ? [batch.sampleWeight] : [])]);
      }
      b++;
    }
  } else {
    if (y === undefined) throw new Error(`evaluate: targets (y) are required when x is not a dataset`);
    const xs = toList(x);
    const ys = toList(y);
    const n = sampleCount('evaluate', [
      { name: 'x', tensors: xs },
      { name: 'y', tensors: ys },
    ]);
    checkBatchSize('evaluate', batchSize);
    for (let start = 0, b = 0; start < n; start += batchSize, b++) {
      const end = Math.min(n, start + batchSize);
      const xb = sliceRows(xs, start, end);
      const yb = sliceRows(ys, start, end);
      const swb = sampleWeight !== undefined ? tf.slice(sampleWeight, [start], [end - start]) : null;
      try {
        await runBatch(xb, yb, swb, b);
      } finally {
        tf.dispose([...xb, ...yb, ...(swb ? [swb] : [])]);
      }
    }
  }
  return { ...tracker.result(), ...metricLogs(compiled) };
}

export function checkBatchSize(where: string, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${where}: batchSize must be a positive integer. Received: batchSize=${batchSize}`);
}

/**
 * Computes the loss and metrics of a model on data, in batches, without training (`model.evaluate`).
 * Returns `{loss, ...metrics}` averaged over all samples.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { compileModel, dense, evaluateModel, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const x = tf.randomNormal([64, 2]);
 * const y = tf.sum(x, 1, true);
 * const compiled = compileModel({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
 * const logs = await evaluateModel(model, compiled, x, y, { batchSize: 16 }); // as model.evaluate(x, y)
 * [logs.loss, logs.mae];
 * ```
 */
export async function evaluateModel(
  model: FitTarget,
  compiled: CompiledModel,
  x: Tensors | Dataset,
  y?: Tensors,
  args: EvaluateArgs = {},
): Promise<Logs> {
  const list = new CallbackList(args.callbacks ?? []);
  list.setModel(model);
  await list.onTestBegin();
  const logs = await evaluateLoop(model, compiled, x, y, args, list);
  await list.onTestEnd(logs);
  return logs;
}
