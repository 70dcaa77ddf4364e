import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { MeanState } from './mean.js';
import {
  argmaxRow,
  checkBinary,
  checkLabels,
  checkSameShape,
  fmtShape,
  readInput,
  readSampleWeight,
  type HostArray,
} from './input.js';

/** Options of {@link BinaryAccuracy}. */
export interface BinaryAccuracyOptions {
  /** A prediction counts as positive when `yPred > threshold`; default 0.5 (as in Keras). */
  threshold?: number;
  name?: string;
}

/** Options of the top-k accuracies. */
export interface TopKOptions {
  /** How many of the highest scores count as a hit; default 5 (as in Keras). */
  k?: number;
  name?: string;
}

/** Mean of `hit(sample, position)` over the positions of each sample, one value per sample. */
function perSampleMean(n: number, m: number, hit: (i: number, p: number) => boolean): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < m; p++) if (hit(i, p)) s++;
    out[i] = m === 0 ? 0 : s / m;
  }
  return out;
}

/** [n, positions, classes] view of a [n, ..., classes] prediction. */
function classLayout(pred: HostArray, metric: string): { n: number; m: number; c: number } {
  if (pred.shape.length < 2) {
    throw new Error(`${metric}: 'yPred' must have shape [batch, ..., numClasses], received shape ${fmtShape(pred.shape)}`);
  }
  const n = pred.shape[0]!;
  const c = pred.shape[pred.shape.length - 1]!;
  return { n, m: n === 0 ? 0 : pred.values.length / (n * c), c };
}

/** Reads sparse labels of shape [n, ...] or [n, ..., 1] that must line up with `pred` [n, ..., c]. */
function sparseLabels(yTrue: MetricInput, pred: HostArray, metric: string): Float64Array {
  const t = readInput(yTrue, metric, 'yTrue');
  const lead = pred.shape.slice(0, -1);
  const same = (s: readonly number[]) => s.length === lead.length && s.every((d, i) => d === lead[i]);
  const withOne = t.shape.length === lead.length + 1 && t.shape[t.shape.length - 1] === 1 && same(t.shape.slice(0, -1));
  if (!same(t.shape) && !withOne) {
    throw new Error(
      `${metric}: 'yTrue' must hold one label per row of 'yPred' (shape ${fmtShape(lead)} or ${fmtShape([...lead, 1])}), ` +
        `received shape ${fmtShape(t.shape)} with 'yPred' shape ${fmtShape(pred.shape)}`,
    );
  }
  checkLabels(t.values, pred.shape[pred.shape.length - 1]!, metric, 'yTrue');
  return t.values;
}

/** Whether label `label` is among the `k` highest scores of row `r` (ties at the boundary count as hits, like tf.math.in_top_k). */
function inTopK(values: Float64Array, r: number, c: number, label: number, k: number): boolean {
  const target = values[r * c + label]!;
  if (Number.isNaN(target)) return false;
  let greater = 0;
  for (let j = 0; j < c; j++) if (values[r * c + j]! > target) greater++;
  return greater < k;
}

function binaryAccuracyValues(yTrue: MetricInput, yPred: MetricInput, threshold: number, metric: string): Float64Array {
  const t = readInput(yTrue, metric, 'yTrue');
  const p = readInput(yPred, metric, 'yPred');
  checkSameShape(t, p, metric);
  checkBinary(t.values, metric, 'yTrue');
  const n = t.shape.length === 0 ? 1 : t.shape[0]!;
  const m = n === 0 ? 0 : t.values.length / n;
  return perSampleMean(n, m, (i, q) => (p.values[i * m + q]! > threshold ? 1 : 0) === t.values[i * m + q]);
}

function categoricalAccuracyValues(yTrue: MetricInput, yPred: MetricInput, metric: string): Float64Array {
  const p = readInput(yPred, metric, 'yPred');
  const t = readInput(yTrue, metric, 'yTrue');
  checkSameShape(t, p, metric);
  const { n, m, c } = classLayout(p, metric);
  return perSampleMean(n, m, (i, q) => argmaxRow(t.values, i * m + q, c) === argmaxRow(p.values, i * m + q, c));
}

function sparseCategoricalAccuracyValues(yTrue: MetricInput, yPred: MetricInput, metric: string): Float64Array {
  const p = readInput(yPred, metric, 'yPred');
  const { n, m, c } = classLayout(p, metric);
  const labels = sparseLabels(yTrue, p, metric);
  return perSampleMean(n, m, (i, q) => argmaxRow(p.values, i * m + q, c) === labels[i * m + q]);
}

function topKValues(yTrue: MetricInput, yPred: MetricInput, k: number, sparse: boolean, metric: string): Float64Array {
  const p = readInput(yPred, metric, 'yPred');
  const { n, m, c } = classLayout(p, metric);
  let labels: Float64Array;
  if (sparse) {
    labels = sparseLabels(yTrue, p, metric);
  } else {
    const t = readInput(yTrue, metric, 'yTrue');
    checkSameShape(t, p, metric);
    labels = new Float64Array(n * m);
    for (let r = 0; r < n * m; r++) labels[r] = argmaxRow(t.values, r, c);
  }
  return perSampleMean(n, m, (i, q) => inTopK(p.values, i * m + q, c, labels[i * m + q]!, k));
}

function checkK(k: number, metric: string): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`${metric}: 'k' must be an integer >= 1, received k=${k}`);
  return k;
}

/** Base of the accuracy classes: a weighted mean of per-sample hit rates. */
abstract class AccuracyBase extends MeanState implements StreamingMetric<number> {
  abstract readonly name: string;
  protected abstract values(yTrue: MetricInput, yPred: MetricInput): Float64Array;
  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const v = this.values(yTrue, yPred);
    this.accumulate(v, readSampleWeight(sampleWeight, v.length, this.constructor.name));
  }
}

/**
 * Fraction of binary predictions that match: `yPred > threshold` against labels 0/1.
 *
 * Shapes: `yTrue` and `yPred` are equal, [batch, ...]; each sample scores the mean over its entries,
 * and samples are averaged (weighted by `sampleWeight`, shape [batch]).
 *
 * @example
 * ```ts
 * const acc = new BinaryAccuracy();
 * acc.update([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
 * acc.result(); // 0.75
 * ```
 */
export class BinaryAccuracy extends AccuracyBase {
  readonly name: string;
  readonly threshold: number;
  constructor({ threshold = 0.5, name = 'binary_accuracy' }: BinaryAccuracyOptions = {}) {
    super();
    this.threshold = threshold;
    this.name = name;
  }
  protected values(yTrue: MetricInput, yPred: MetricInput): Float64Array {
    return binaryAccuracyValues(yTrue, yPred, this.threshold, 'BinaryAccuracy');
  }
}

/**
 * Fraction of samples whose predicted class (argmax of `yPred`) equals the one-hot class of `yTrue`.
 *
 * Shapes: `yTrue` and `yPred` both [batch, ..., numClasses]. Ties in argmax go to the first index.
 *
 * @example
 * ```ts
 * const acc = new CategoricalAccuracy();
 * acc.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * acc.result(); // 0.5
 * ```
 */
export class CategoricalAccuracy extends AccuracyBase {
  constructor(readonly name = 'categorical_accuracy') {
    super();
  }
  protected values(yTrue: MetricInput, yPred: MetricInput): Float64Array {
    return categoricalAccuracyValues(yTrue, yPred, 'CategoricalAccuracy');
  }
}

/**
 * Fraction of samples whose predicted class (argmax of `yPred`) equals the integer label in `yTrue`.
 *
 * Shapes: `yPred` [batch, ..., numClasses]; `yTrue` [batch, ...] or [batch, ..., 1] with labels in
 * [0, numClasses).
 *
 * @example
 * ```ts
 * const acc = new SparseCategoricalAccuracy();
 * acc.update([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * acc.result(); // 0.5
 * ```
 */
export class SparseCategoricalAccuracy extends AccuracyBase {
  constructor(readonly name = 'sparse_categorical_accuracy') {
    super();
  }
  protected values(yTrue: MetricInput, yPred: MetricInput): Float64Array {
    return sparseCategoricalAccuracyValues(yTrue, yPred, 'SparseCategoricalAccuracy');
  }
}

/**
 * Fraction of samples whose one-hot class in `yTrue` is among the `k` highest scores of `yPred`.
 * Scores tied with the k-th highest all count as within the top k (tf.math.in_top_k's rule).
 *
 * Shapes: `yTrue` and `yPred` both [batch, ..., numClasses].
 *
 * @example
 * ```ts
 * const acc = new TopKCategoricalAccuracy({ k: 1 });
 * acc.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * acc.result(); // 0.5
 * ```
 */
export class TopKCategoricalAccuracy extends AccuracyBase {
  readonly name: string;
  readonly k: number;
  constructor({ k = 5, name = 'top_k_categorical_accuracy' }: TopKOptions = {}) {
    super();
    this.k = checkK(k, 'TopKCategoricalAccuracy');
    this.name = name;
  }
  protected values(yTrue: MetricInput, yPred: MetricInput): Float64Array {
    return topKValues(yTrue, yPred, this.k, false, 'TopKCategoricalAccuracy');
  }
}

/**
 * Fraction of samples whose integer label in `yTrue` is among the `k` highest scores of `yPred`.
 *
 * Shapes: `yPred` [batch, ..., numClasses]; `yTrue` [batch, ...] or [batch, ..., 1].
 *
 * @example
 * ```ts
 * const acc = new SparseTopKCategoricalAccuracy({ k: 1 });
 * acc.update([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
 * acc.result(); // 0.5
 * ```
 */
export class SparseTopKCategoricalAccuracy extends AccuracyBase {
  readonly name: string;
  readonly k: number;
  constructor({ k = 5, name = 'sparse_top_k_categorical_accuracy' }: TopKOptions = {}) {
    super();
    this.k = checkK(k, 'SparseTopKCategoricalAccuracy');
    this.name = name;
  }
  protected values(yTrue: MetricInput, yPred: MetricInput): Float64Array {
    return topKValues(yTrue, yPred, this.k, true, 'SparseTopKCategoricalAccuracy');
  }
}

/**
 * One-shot {@link BinaryAccuracy}.
 *
 * @example
 * ```ts
 * binaryAccuracy([1, 1, 0, 0], [0.98, 1, 0, 0.6]); // 0.75
 * ```
 */
export function binaryAccuracy(yTrue: MetricInput, yPred: MetricInput, options: BinaryAccuracyOptions & { sampleWeight?: MetricInput } = {}): number {
  const m = new BinaryAccuracy(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}

/**
 * One-shot {@link CategoricalAccuracy}.
 *
 * @example
 * ```ts
 * categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); // 0.5
 * ```
 */
export function categoricalAccuracy(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): number {
  const m = new CategoricalAccuracy();
  m.update(yTrue, yPred, sampleWeight);
  return m.result();
}

/**
 * One-shot {@link SparseCategoricalAccuracy}.
 *
 * @example
 * ```ts
 * sparseCategoricalAccuracy([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]); // 0.5
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): number {
  const m = new SparseCategoricalAccuracy();
  m.update(yTrue, yPred, sampleWeight);
  return m.result();
}

/**
 * One-shot {@link TopKCategoricalAccuracy}.
 *
 * @example
 * ```ts
 * topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 2 }); // 1
 * ```
 */
export function topKCategoricalAccuracy(yTrue: MetricInput, yPred: MetricInput, options: TopKOptions & { sampleWeight?: MetricInput } = {}): number {
  const m = new TopKCategoricalAccuracy(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}

/**
 * One-shot {@link SparseTopKCategoricalAccuracy}.
 *
 * @example
 * ```ts
 * sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 2 }); // 1
 * ```
 */
export function sparseTopKCategoricalAccuracy(yTrue: MetricInput, yPred: MetricInput, options: TopKOptions & { sampleWeight?: MetricInput } = {}): number {
  const m = new SparseTopKCategoricalAccuracy(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
