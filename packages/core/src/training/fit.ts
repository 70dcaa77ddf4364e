import * as tf from '@tensorflow/tfjs-core';
import { Callback, CallbackList, type Logs, type TrainingParams } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { shuffleIndices } from '../random/index.js';
import type { CompiledModel } from './compile.js';
import { classWeightsFor, gatherRows, isDataset, sampleCount, sliceRows, toList, type Dataset } from './data.js';
import { checkBatchSize, evaluateLoop, LossTracker, metricLogs, readLosses, resetMetrics, updateMetrics } from './evaluate.js';
import type { FitTarget } from './fit-target.js';
import { trainStep } from './train-step.js';
import type { Tensors } from './trainable.js';

/** Arguments of `fit` (Keras's vocabulary, camelCased). */
export interface FitArgs {
  /** Number of epochs (the last epoch index + 1, counting `initialEpoch`). Default 1. */
  epochs?: number;
  /** Samples per gradient step. Default 32. Ignored for datasets (they batch themselves). */
  batchSize?: number;
  /** Shuffle the training samples before each epoch, with the seeded generator (`setSeed`). Default true. */
  shuffle?: boolean;
  /** Fraction of the samples held out for validation: the LAST ones, taken before shuffling (Keras). */
  validationSplit?: number;
  /** Validation data: `[x, y]`, `[x, y, sampleWeight]` or a dataset. Overrides `validationSplit`. */
  validationData?: [Tensors, Tensors] | [Tensors, Tensors, tf.Tensor] | Dataset;
  /** Validate every this many epochs. Default 1. */
  validationFreq?: number;
  /** Weight of each class in the loss, keyed by class index (from the first output's targets). */
  classWeight?: Record<number, number>;
  /** Per-sample loss weights, shape [samples]. */
  sampleWeight?: tf.Tensor;
  /** Epoch to start at (to resume training). Default 0. */
  initialEpoch?: number;
  /** Batches per epoch when `x` is a dataset; default: until the dataset ends. */
  stepsPerEpoch?: number;
  callbacks?: Callback[];
  /** 0 silent; 1 progress bar (one line per epoch when output is not a terminal); 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  /**
   * Await a macrotask between batches so a browser page stays responsive: 'batch' (every batch),
   * 'epoch', 'never', 'auto' (whenever 25 ms have passed since the last yield; default) or a
   * number of milliseconds.
   */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
}

function makeYielder(mode: FitArgs['yieldEvery']): { batch: () => Promise<void>; epoch: () => Promise<void> } {
  // A macrotask lets the browser paint and handle input. setTimeout(0) is clamped to >= 1 ms (4 ms
  // when nested), a real cost per batch: prefer setImmediate (Node) or a MessageChannel (browsers).
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  const macrotask = (): Promise<void> =>
    new Promise((resolve) => {
      if (typeof g.setImmediate === 'function') {
        g.setImmediate(resolve);
      } else if (typeof MessageChannel !== 'undefined') {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      } else {
        setTimeout(resolve, 0);
      }
    });
  const none = async (): Promise<void> => {};
  if (mode === 'never') return { batch: none, epoch: none };
  if (mode === 'batch') return { batch: macrotask, epoch: none };
  if (mode === 'epoch') return { batch: none, epoch: macrotask };
  const interval = typeof mode === 'number' ? mode : 25;
  let last = Date.now();
  const maybe = async (): Promise<void> => {
    const now = Date.now();
    if (now - last >= interval) {
      await macrotask();
      last = Date.now();
    }
  };
  return { batch: maybe, epoch: maybe };
}

/**
 * Trains a model (`model.fit`): mini-batch gradient steps with the compiled optimizer, loss and
 * metrics, for `epochs` epochs. Metrics reset every epoch and are logged as `name` and
 * `val_name`; the loss includes the model's regularization terms. Returns the {@link History}.
 *
 * `x`/`y` are tensors, arrays of tensors (several inputs/outputs) or, for `x`, an async-iterable
 * dataset of `{xs, ys}` batches (then `y` is omitted); the loop disposes each batch it consumed.
 *
 * Memory: nothing the loop creates outlives it except the optimizer's state (created on the first
 * step) and what callbacks keep (e.g. EarlyStopping's best weights until training ends).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { compileModel, dense, fitModel, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const x = tf.randomNormal([64, 2]);
 * const y = tf.sum(x, 1, true);
 * const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
 * // model.fit(x, y, args) does exactly this with the model's compiled state:
 * const history = await fitModel(model, compiled, x, y, { epochs: 10, batchSize: 16, verbose: 0 });
 * history.history.loss; // ten decreasing numbers
 * ```
 */
export async function fitModel(
  model: FitTarget,
  compiled: CompiledModel,
  x: Tensors | Dataset,
  y?: Tensors,
  args: FitArgs = {},
): Promise<History> {
  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  const initialEpoch = args.initialEpoch ?? 0;
  const verbose = args.verbose ?? 1;
  const shuffle = args.shuffle ?? true;
  const validationFreq = args.validationFreq ?? 1;
  checkBatchSize('fit', batchSize);
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`fit: epochs must be an integer >= 0. Received: epochs=${epochs}`);
  if (args.validationSplit !== undefined && !(args.validationSplit >= 0 && args.validationSplit < 1)) {
    throw new Error(`fit: validationSplit must be in [0, 1). Received: validationSplit=${args.validationSplit}`);
  }

  // Everything created here is disposed in `finally`.
  const owned: tf.Tensor[] = [];
  const history = new History();
  const userCallbacks = args.callbacks ?? [];
  // Keras's order: the progress display first, History last (so it records what callbacks such
  // as ReduceLROnPlateau add to the logs).
  const all: Callback[] = [];
  if (verbose > 0) all.push(new ProgressBar({ verbose: verbose as 1 | 2 }));
  all.push(...userCallbacks, history);
  const callbacks = new CallbackList(all);
  const yielder = makeYielder(args.yieldEvery ?? 'auto');

  try {
    let trainX: tf.Tensor[] = [];
    let trainY: tf.Tensor[] = [];
    let trainW: tf.Tensor | null = null;
    let samples: number | null = null;
    let valData: { x: Tensors | Dataset; y?: Tensors; sampleWeight?: tf.Tensor } | null = null;
    const dataset = isDataset(x) ? x : null;

    if (dataset === null) {
      if (y === undefined) throw new Error(`fit: targets (y) are required when x is not a dataset`);
      trainX = toList(x as Tensors);
      trainY = toList(y);
      let n = sampleCount('fit', [
        { name: 'x', tensors: trainX },
        { name: 'y', tensors: trainY },
        ...(args.sampleWeight ? [{ name: 'sampleWeight', tensors: [args.sampleWeight] }] : []),
      ]);
      if (args.sampleWeight !== undefined) trainW = args.sampleWeight;
      if (args.classWeight !== undefined) {
        const cw = classWeightsFor(trainY[0] as tf.Tensor, args.classWeight);
        owned.push(cw);
        trainW = trainW === null ? cw : tf.mul(trainW, cw);
        if (trainW !== cw) owned.push(trainW);
      }
      if (args.validationData === undefined && args.validationSplit !== undefined && args.validationSplit > 0) {
        const split = Math.floor(n * (1 - args.validationSplit));
        if (split <= 0 || split >= n) {
          throw new Error(`fit: validationSplit=${args.validationSplit} of ${n} samples leaves an empty training or validation set`);
        }
        const vx = sliceRows(trainX, split, n);
        const vy = sliceRows(trainY, split, n);
        const vw = trainW !== null ? tf.slice(trainW, [split], [n - split]) : undefined;
        trainX = sliceRows(trainX, 0, split);
        trainY = sliceRows(trainY, 0, split);
        if (trainW !== null) trainW = tf.slice(trainW, [0], [split]);
        owned.push(...vx, ...vy, ...trainX, ...trainY, ...(vw ? [vw] : []), ...(trainW ? [trainW] : []));
        valData = { x: vx.length === 1 ? (vx[0] as tf.Tensor) : vx, y: vy.length === 1 ? (vy[0] as tf.Tensor) : vy, sampleWeight: vw };
        n = split;
      }
      samples = n;
    } else if (args.classWeight !== undefined || args.sampleWeight !== undefined) {
      if (args.sampleWeight !== undefined) throw new Error(`fit: sampleWeight cannot be used with a dataset; yield {xs, ys, sampleWeight} batches instead`);
    }
    if (args.validationData !== undefined) {
      const vd = args.validationData;
      valData = isDataset(vd) ? { x: vd } : { x: vd[0], y: vd[1], sampleWeight: vd[2] };
    }

    const steps = samples !== null ? Math.ceil(samples / batchSize) : (args.stepsPerEpoch ?? null);
    const metricKeys = ['loss', ...compiled.outputs.flatMap((o) => o.metrics.map((m) => m.key))];
    const params: TrainingParams = {
      epochs,
      steps,
      samples,
      batchSize: dataset === null ? batchSize : null,
      verbose,
      metrics: valData !== null ? [...metricKeys, ...metricKeys.map((k) => `val_${k}`)] : metricKeys,
      initialEpoch,
    };
    model.stopTraining = false;
    callbacks.setModel(model);
    callbacks.setParams(params);
    await callbacks.onTrainBegin();

    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      resetMetrics(compiled);
      const tracker = new LossTracker();
      await callbacks.onEpochBegin(epoch);

      const runBatch = async (xs: tf.Tensor[], ys: tf.Tensor[], sw: tf.Tensor | null, b: number): Promise<void> => {
        const size = xs[0]?.shape[0] ?? 0;
        await callbacks.onBatchBegin(b, { batch: b, size });
        const step = trainStep(model, compiled, xs, ys, sw);
        try {
          if (compiled.outputs.some((o) => o.metrics.length > 0)) updateMetrics(compiled, ys, step.predictions, sw);
        } finally {
          tf.dispose(step.predictions);
        }
        tracker.add(await readLosses(compiled, step.loss, step.outputLosses), size);
        await callbacks.onBatchEnd(b, { batch: b, size, ...tracker.result(), ...metricLogs(compiled) });
        await yielder.batch();
      };

      if (dataset !== null) {
        let b = 0;
        for await (const batch of dataset) {
          const tensors = [...toList(batch.xs), ...toList(batch.ys), ...(batch.sampleWeight ? [batch.sampleWeight] : [])];
          if (args.stepsPerEpoch !== undefined && b >= args.stepsPerEpoch) {
            tf.dispose(tensors);
            break;
          }
          let sw = batch.sampleWeight ?? null;
          try {
            if (args.classWeight !== undefined) {
              const cw = classWeightsFor(toList(batch.ys)[0] as tf.Tensor, args.classWeight);
              tensors.push(cw);
              sw = sw === null ? cw : tf.mul(sw, cw);
              if (sw !== cw) tensors.push(sw);
            }
            await runBatch(toList(batch.xs), toList(batch.ys), sw, b);
          } finally {
            tf.dispose(tensors);
          }
          b++;
          if (model.stopTraining) break;
        }
      } else {
        const n = samples as number;
        const order = shuffle ? shuffleIndices(n) : null;
        for (let start = 0, b = 0; start < n; start += batchSize, b++) {
          const end = Math.min(n, start + batchSize);
          let xb: tf.Tensor[];
          let yb: tf.Tensor[];
          let wb: tf.Tensor | null = null;
          if (order !== null) {
            const idx = tf.tensor1d(order.subarray(start, end), 'int32');
            xb = gatherRows(trainX, idx);
            yb = gatherRows(trainY, idx);
            if (trainW !== null) wb = tf.gather(trainW, idx);
            idx.dispose();
          } else {
            xb = sliceRows(trainX, start, end);
            yb = sliceRows(trainY, start, end);
            if (trainW !== null) wb = tf.slice(trainW, [start], [end - start]);
          }
          try {
            await runBatch(xb, yb, wb, b);
          } finally {
            tf.dispose([...xb, ...yb, ...(wb ? [wb] : [])]);
          }
          if (model.stopTraining) break;
        }
      }

      const logs: Logs = { ...tracker.result(), ...metricLogs(compiled) };
      if (valData !== null && (epoch + 1 - initialEpoch) % validationFreq === 0) {
        const val = await evaluateLoop(model, compiled, valData.x, valData.y, { batchSize, sampleWeight: valData.sampleWeight });
        for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
      }
      await callbacks.onEpochEnd(epoch, logs);
      await yielder.epoch();
      if (model.stopTraining) break;
    }
    await callbacks.onTrainEnd();
  } finally {
    tf.dispose(owned);
  }
  return history;
}

/**
 * One gradient step on one batch (`model.trainOnBatch`); metrics are reset first, so the returned
 * logs describe this batch alone.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { compileModel, dense, trainOnBatchModel, sequential } from '@sinew/core';
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const x = tf.randomNormal([64, 2]);
 * const y = tf.sum(x, 1, true);
 * const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
 * const logs = await trainOnBatchModel(model, compiled, x, y); // { loss }
 * ```
 */
export async function trainOnBatchModel(
  model: FitTarget,
  compiled: CompiledModel,
  x: Tensors,
  y: Tensors,
  options: { sampleWeight?: tf.Tensor; classWeight?: Record<number, number> } = {},
): Promise<Logs> {
  const xs = toList(x);
  const ys = toList(y);
  sampleCount('trainOnBatch', [
    { name: 'x', tensors: xs },
    { name: 'y', tensors: ys },
  ]);
  resetMetrics(compiled);
  let sw: tf.Tensor | null = options.sampleWeight ?? null;
  const owned: tf.Tensor[] = [];
  if (options.classWeight !== undefined) {
    const cw = classWeightsFor(ys[0] as tf.Tensor, options.classWeight);
    owned.push(cw);
    sw = sw === null ? cw : tf.mul(sw, cw);
    if (sw !== cw) owned.push(sw);
  }
  try {
    const step = trainStep(model, compiled, xs, ys, sw);
    try {
      updateMetrics(compiled, ys, step.predictions, sw);
    } finally {
      tf.dispose(step.predictions);
    }
    return { ...(await readLosses(compiled, step.loss, step.outputLosses)), ...metricLogs(compiled) };
  } finally {
    tf.dispose(owned);
  }
}
