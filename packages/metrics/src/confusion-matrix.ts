import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { argmaxRow, checkBinary, checkLabels, fmtShape, readInput, readSampleWeight, type HostArray } from './input.js';
import { checkMergeable } from './check-merge.js';

/**
 * How labels are read, shared by every confusion-matrix metric.
 *
 * - Binary (no `numClasses`): `yTrue` holds 0/1 and `yPred` the same shape of scores or labels; a
 *   prediction is positive when `yPred > threshold`. The matrix is 2x2.
 * - Multiclass (`numClasses` given): `yTrue` holds integer labels [batch] (or [batch, 1]) or one-hot
 *   rows [batch, numClasses]; `yPred` holds integer labels [batch] or scores [batch, numClasses]
 *   (argmax, ties to the first class).
 */
export interface LabelOptions {
  /** Number of classes; leave out for binary inputs. */
  numClasses?: number;
  /** Binary only: `yPred > threshold` is a positive prediction; default 0.5. */
  threshold?: number;
}

/** Resolves the class count of `opts` (2 for binary) and checks it. */
export function resolveNumClasses(opts: LabelOptions, metric: string): number {
  if (opts.numClasses === undefined) return 2;
  const c = opts.numClasses;
  if (!Number.isInteger(c) || c < 2) throw new Error(`${metric}: 'numClasses' must be an integer >= 2, received numClasses=${c}`);
  return c;
}

function labelsFrom(x: HostArray, c: number, metric: string, arg: string, scores: boolean): Float64Array {
  const { shape, values } = x;
  if (shape.length === 1 || (shape.length === 2 && shape[1] === 1)) {
    checkLabels(values, c, metric, arg);
    return values;
  }
  if (shape.length === 2 && shape[1] === c) {
    const n = shape[0]!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = argmaxRow(values, i, c);
    return out;
  }
  throw new Error(
    `${metric}: '${arg}' must be ${scores ? 'labels [batch] or scores' : 'labels [batch] or one-hot rows'} [batch, ${c}], ` +
      `received shape ${fmtShape(shape)}`,
  );
}

/**
 * Reads one batch into parallel arrays of true labels, predicted labels and weights (one entry per
 * counted element), validating shapes and label ranges.
 */
export function readLabelPairs(
  yTrue: MetricInput,
  yPred: MetricInput,
  sampleWeight: MetricInput | undefined,
  opts: LabelOptions,
  metric: string,
): { t: Float64Array; p: Float64Array; w: Float64Array | undefined } {
  const t = readInput(yTrue, metric, 'yTrue');
  const p = readInput(yPred, metric, 'yPred');
  if (opts.numClasses === undefined) {
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(`${metric}: 'yTrue' and 'yPred' must have the same shape, received ${fmtShape(t.shape)} and ${fmtShape(p.shape)}`);
    }
    checkBinary(t.values, metric, 'yTrue');
    const threshold = opts.threshold ?? 0.5;
    const pred = new Float64Array(p.values.length);
    for (let i = 0; i < pred.length; i++) pred[i] = p.values[i]! > threshold ? 1 : 0;
    const n = t.shape.length === 0 ? 1 : t.shape[0]!;
    const per = n === 0 ? 0 : t.values.length / n;
    const sw = readSampleWeight(sampleWeight, n, metric);
    let w: Float64Array | undefined;
    if (sw) {
      w = new Float64Array(t.values.length);
      for (let i = 0; i < n; i++) w.fill(sw[i]!, i * per, (i + 1) * per);
    }
    return { t: t.values, p: pred, w };
  }
  const c = resolveNumClasses(opts, metric);
  const tl = labelsFrom(t, c, metric, 'yTrue', false);
  const pl = labelsFrom(p, c, metric, 'yPred', true);
  if (tl.length !== pl.length) {
    throw new Error(
      `${metric}: 'yTrue' and 'yPred' hold different numbers of samples: shapes ${fmtShape(t.shape)} and ${fmtShape(p.shape)}`,
    );
  }
  return { t: tl, p: pl, w: readSampleWeight(sampleWeight, tl.length, metric) };
}

/**
 * State shared by every metric derived from a confusion matrix: a (weighted) numClasses x numClasses
 * count matrix, rows = true class, columns = predicted class. Streaming sums matrices, so any split of
 * the data gives exactly the one-shot result.
 */
export abstract class ConfusionMatrixState {
  readonly numClasses: number;
  protected readonly labelOptions: LabelOptions;
  protected matrix: Float64Array;
  protected abstract readonly metricName: string;

  constructor(opts: LabelOptions, metric: string) {
    this.numClasses = resolveNumClasses(opts, metric);
    if (opts.threshold !== undefined && !Number.isFinite(opts.threshold)) {
      throw new Error(`${metric}: 'threshold' must be finite, received threshold=${opts.threshold}`);
    }
    this.labelOptions = { ...opts };
    this.matrix = new Float64Array(this.numClasses * this.numClasses);
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const { t, p, w } = readLabelPairs(yTrue, yPred, sampleWeight, this.labelOptions, this.metricName);
    const c = this.numClasses;
    for (let i = 0; i < t.length; i++) this.matrix[t[i]! * c + p[i]!]! += w ? w[i]! : 1;
  }

  reset(): void {
    this.matrix.fill(0);
  }

  merge(other: this): void {
    checkMergeable(this, other, this.metricName);
    if (other.numClasses !== this.numClasses) {
      throw new Error(`${this.metricName}: cannot merge states with ${other.numClasses} and ${this.numClasses} classes`);
    }
    for (let i = 0; i < this.matrix.length; i++) this.matrix[i]! += other.matrix[i]!;
  }

  /** The accumulated matrix as rows (true class) of columns (predicted class). */
  counts(): number[][] {
    const c = this.numClasses;
    return Array.from({ length: c }, (_, i) => Array.from(this.matrix.subarray(i * c, (i + 1) * c)));
  }
}

/** How {@link confusionMatrix} normalises: over true rows, predicted columns, all entries, or not. */
export type ConfusionNormalize = 'true' | 'pred' | 'all' | 'none';

/** Options of {@link ConfusionMatrix}. */
export interface ConfusionMatrixOptions extends LabelOptions {
  /** Normalisation of the result (as scikit-learn's `normalize`); default 'none' (counts). */
  normalize?: ConfusionNormalize;
  name?: string;
}

/**
 * Streaming confusion matrix: `result()[i][j]` counts (weighted) samples of true class i predicted as
 * class j, scikit-learn's layout. Rows or columns that sum to 0 normalise to 0.
 *
 * @example
 * ```ts
 * const cm = new ConfusionMatrix({ numClasses: 3 });
 * cm.update([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * cm.result(); // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 * ```
 */
export class ConfusionMatrix extends ConfusionMatrixState implements StreamingMetric<number[][]> {
  readonly name: string;
  readonly normalize: ConfusionNormalize;
  protected readonly metricName = 'ConfusionMatrix';
  constructor(options: ConfusionMatrixOptions = {}) {
    super(options, 'ConfusionMatrix');
    this.name = options.name ?? 'confusion_matrix';
    this.normalize = options.normalize ?? 'none';
  }
  result(): number[][] {
    const m = this.counts();
    const c = this.numClasses;
    const div = (x: number, y: number) => (y === 0 ? 0 : x / y);
    if (this.normalize === 'true') return m.map((row) => row.map((v) => div(v, row.reduce((a, b) => a + b, 0))));
    if (this.normalize === 'pred') {
      const cols = Array.from({ length: c }, (_, j) => m.reduce((a, row) => a + row[j]!, 0));
      return m.map((row) => row.map((v, j) => div(v, cols[j]!)));
    }
    if (this.normalize === 'all') {
      const total = m.reduce((a, row) => a + row.reduce((x, y) => x + y, 0), 0);
      return m.map((row) => row.map((v) => div(v, total)));
    }
    return m;
  }
}

/**
 * One-shot {@link ConfusionMatrix}.
 *
 * @example
 * ```ts
 * confusionMatrix([1, 0, 1, 1], [0.9, 0.2, 0.3, 0.8]); // [[1, 0], [1, 2]]
 * ```
 */
export function confusionMatrix(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ConfusionMatrixOptions & { sampleWeight?: MetricInput } = {},
): number[][] {
  const m = new ConfusionMatrix(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
