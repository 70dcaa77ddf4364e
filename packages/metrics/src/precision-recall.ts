import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { ConfusionMatrixState, type LabelOptions } from './confusion-matrix.js';

/**
 * How per-class scores are combined:
 * - 'binary': the positive class (class 1) only; the default for binary inputs.
 * - 'micro': counts summed over classes first (for single-label multiclass data, micro precision =
 *   micro recall = micro F = accuracy).
 * - 'macro': unweighted mean over classes; the default for multiclass inputs. Classes that never
 *   occur, neither in `yTrue` nor in `yPred` (tp + fp + fn = 0), are left out, as scikit-learn (which
 *   only sees labels present in the data) and torchmetrics do.
 * - 'weighted': mean over classes weighted by support (the number of true samples of each class).
 * - 'none': one score per class (one-shot functions only; streaming classes give it by `perClass()`).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';

/**
 * Options of the precision/recall family.
 *
 * Zero-division policy: where a ratio has a zero denominator (precision of a class never predicted,
 * recall of a class that never occurs, F of a class with tp + fp + fn = 0, a weighted mean with no
 * support), the score is `zeroDivision`, default 0 — scikit-learn's `zero_division="warn"` result
 * (without the warning) and torchmetrics' default. Pass 1 or NaN to choose otherwise.
 */
export interface PrecisionRecallOptions extends LabelOptions {
  average?: Average;
  zeroDivision?: number;
  name?: string;
}

/** Per-class counts read from a confusion matrix. */
export interface ClassCounts {
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
}

export function classCounts(counts: number[][]): ClassCounts {
  const c = counts.length;
  let total = 0;
  const row = new Array<number>(c).fill(0);
  const col = new Array<number>(c).fill(0);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const v = counts[i]![j]!;
      row[i]! += v;
      col[j]! += v;
      total += v;
    }
  }
  const tp = counts.map((r, i) => r[i]!);
  const fp = tp.map((t, k) => col[k]! - t);
  const fn = tp.map((t, k) => row[k]! - t);
  const tn = tp.map((t, k) => total - t - fp[k]! - fn[k]!);
  return { tp, fp, fn, tn };
}

type Kind = 'precision' | 'recall' | 'fbeta' | 'specificity';

function score(kind: Kind, tp: number, fp: number, fn: number, tn: number, beta: number, zero: number): number {
  const div = (x: number, y: number) => (y === 0 ? zero : x / y);
  switch (kind) {
    case 'precision':
      return div(tp, tp + fp);
    case 'recall':
      return div(tp, tp + fn);
    case 'specificity':
      return div(tn, tn + fp);
    case 'fbeta': {
      // The count form (scikit-learn >= 1.3): defined whenever any of tp, fp, fn is non-zero.
      const b2 = beta * beta;
      return div((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp);
    }
  }
}

/** Computes one metric of the family from a confusion matrix with the given averaging. */
export function fromConfusion(
  kind: Kind,
  counts: number[][],
  average: Average,
  { beta = 1, zeroDivision = 0 }: { beta?: number; zeroDivision?: number },
  metric: string,
): number | number[] {
  const { tp, fp, fn, tn } = classCounts(counts);
  const c = counts.length;
  const per = tp.map((_, k) => score(kind, tp[k]!, fp[k]!, fn[k]!, tn[k]!, beta, zeroDivision));
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  switch (average) {
    case 'none':
      return per;
    case 'binary':
      if (c !== 2) throw new Error(`${metric}: average='binary' needs 2 classes, received numClasses=${c}; use 'micro', 'macro', 'weighted' or 'none'`);
      return per[1]!;
    case 'micro':
      return score(kind, sum(tp), sum(fp), sum(fn), sum(tn), beta, zeroDivision);
    case 'macro': {
      const keep = per.filter((_, k) => tp[k]! + fp[k]! + fn[k]! > 0);
      return keep.length === 0 ? zeroDivision : sum(keep) / keep.length;
    }
    case 'weighted': {
      const support = tp.map((t, k) => t + fn[k]!);
      const total = sum(support);
      return total === 0 ? zeroDivision : sum(per.map((s, k) => s * support[k]!)) / total;
    }
    default:
      throw new Error(`${metric}: unknown average '${String(average)}'; expected 'binary', 'micro', 'macro', 'weighted' or 'none'`);
  }
}

function checkAverage(average: Average | undefined, opts: LabelOptions, metric: string): Average {
  const a = average ?? (opts.numClasses === undefined ? 'binary' : 'macro');
  if (!['binary', 'micro', 'macro', 'weighted', 'none'].includes(a)) {
    throw new Error(`${metric}: unknown average '${a}'; expected 'binary', 'micro', 'macro', 'weighted' or 'none'`);
  }
  if (a === 'binary' && opts.numClasses !== undefined && opts.numClasses !== 2) {
    throw new Error(`${metric}: average='binary' needs 2 classes, received numClasses=${opts.numClasses}`);
  }
  return a;
}

/** Base of the streaming precision/recall/F/specificity classes. */
abstract class RatioMetric extends ConfusionMatrixState implements StreamingMetric<number> {
  readonly name: string;
  readonly average: Exclude<Average, 'none'>;
  readonly zeroDivision: number;
  protected abstract readonly kind: Kind;
  protected beta = 1;

  constructor(options: PrecisionRecallOptions, metric: string, defaultName: string) {
    super(options, metric);
    const a = checkAverage(options.average, options, metric);
    if (a === 'none') {
      throw new Error(`${metric}: average='none' gives one value per class; a streaming metric reports one number — use perClass() instead`);
    }
    this.average = a;
    this.zeroDivision = options.zeroDivision ?? 0;
    this.name = options.name ?? defaultName;
  }

  result(): number {
    return fromConfusion(this.kind, this.counts(), this.average, { beta: this.beta, zeroDivision: this.zeroDivision }, this.metricName) as number;
  }

  /** One score per class, whatever `average` is. */
  perClass(): number[] {
    return fromConfusion(this.kind, this.counts(), 'none', { beta: this.beta, zeroDivision: this.zeroDivision }, this.metricName) as number[];
  }
}

/**
 * Precision, tp / (tp + fp): of the samples predicted as a class, the fraction that belong to it.
 * See {@link LabelOptions} for input shapes and {@link PrecisionRecallOptions} for averaging and the
 * zero-division policy.
 *
 * @example
 * ```ts
 * const p = new Precision({ numClasses: 3, average: 'macro' });
 * p.update([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * p.result(); // 0.2222...
 * p.perClass(); // [0.6667, 0, 0]
 * ```
 */
export class Precision extends RatioMetric {
  protected readonly kind = 'precision';
  protected readonly metricName = 'Precision';
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'Precision', 'precision');
  }
}

/**
 * Recall (sensitivity), tp / (tp + fn): of the samples of a class, the fraction predicted as it.
 *
 * @example
 * ```ts
 * const r = new Recall();
 * r.update([0, 1, 1, 1], [0.2, 0.7, 0.4, 0.9]);
 * r.result(); // 0.6667
 * ```
 */
export class Recall extends RatioMetric {
  protected readonly kind = 'recall';
  protected readonly metricName = 'Recall';
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'Recall', 'recall');
  }
}

/**
 * Specificity (true negative rate), tn / (tn + fp), per class one-vs-rest.
 *
 * @example
 * ```ts
 * const s = new Specificity();
 * s.update([0, 0, 1, 1], [0.2, 0.7, 0.4, 0.9]);
 * s.result(); // 0.5
 * ```
 */
export class Specificity extends RatioMetric {
  protected readonly kind = 'specificity';
  protected readonly metricName = 'Specificity';
  constructor(options: PrecisionRecallOptions = {}) {
    super(options, 'Specificity', 'specificity');
  }
}

/** Options of {@link FBetaScore}. */
export interface FBetaOptions extends PrecisionRecallOptions {
  /** Weight of recall relative to precision; default 1 (F1). */
  beta?: number;
}

/**
 * F-beta score, (1 + b²)·tp / ((1 + b²)·tp + b²·fn + fp): the weighted harmonic mean of precision
 * and recall, recall counting `beta` times as much.
 *
 * @example
 * ```ts
 * const f = new FBetaScore({ beta: 0.5, numClasses: 3, average: 'macro' });
 * f.update([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * f.result(); // 0.2381
 * ```
 */
export class FBetaScore extends RatioMetric {
  protected readonly kind = 'fbeta';
  protected readonly metricName: string = 'FBetaScore';
  constructor(options: FBetaOptions = {}, metric = 'FBetaScore', defaultName = 'fbeta_score') {
    super(options, metric, defaultName);
    const beta = options.beta ?? 1;
    if (!(beta > 0) || !Number.isFinite(beta)) throw new Error(`${metric}: 'beta' must be a finite number > 0, received beta=${beta}`);
    this.beta = beta;
  }
}

/**
 * F1 score, the harmonic mean of precision and recall ({@link FBetaScore} with beta = 1).
 *
 * @example
 * ```ts
 * const f1 = new F1Score({ numClasses: 3 });
 * f1.update([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
 * f1.result(); // 0.2667 (macro)
 * ```
 */
export class F1Score extends FBetaScore {
  protected override readonly metricName: string = 'F1Score';
  constructor(options: Omit<PrecisionRecallOptions, 'beta'> = {}) {
    super({ ...options, beta: 1 }, 'F1Score', 'f1_score');
  }
}

type OneShot<O> = O & { sampleWeight?: MetricInput };

/** A bare confusion matrix that reports errors under the one-shot function's name. */
class Counts extends ConfusionMatrixState {
  constructor(
    opts: LabelOptions,
    protected readonly metricName: string,
  ) {
    super(opts, metricName);
  }
}

function oneShot(
  kind: Kind,
  yTrue: MetricInput,
  yPred: MetricInput,
  options: OneShot<FBetaOptions>,
  metric: string,
): number | number[] {
  const average = checkAverage(options.average, options, metric);
  const state = new Counts(options, metric);
  state.update(yTrue, yPred, options.sampleWeight);
  return fromConfusion(kind, state.counts(), average, { beta: options.beta ?? 1, zeroDivision: options.zeroDivision ?? 0 }, metric);
}

/**
 * One-shot {@link Precision}; `average: 'none'` returns one value per class.
 *
 * @example
 * ```ts
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { numClasses: 3, average: 'none' }); // [0.6667, 0, 0]
 * ```
 */
export function precision(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> & { average: 'none' }): number[];
export function precision(yTrue: MetricInput, yPred: MetricInput, options?: OneShot<PrecisionRecallOptions>): number;
export function precision(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> = {}): number | number[] {
  return oneShot('precision', yTrue, yPred, options, 'precision');
}

/**
 * One-shot {@link Recall}.
 *
 * @example
 * ```ts
 * recall([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { numClasses: 3, average: 'micro' }); // 0.3333
 * ```
 */
export function recall(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> & { average: 'none' }): number[];
export function recall(yTrue: MetricInput, yPred: MetricInput, options?: OneShot<PrecisionRecallOptions>): number;
export function recall(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> = {}): number | number[] {
  return oneShot('recall', yTrue, yPred, options, 'recall');
}

/**
 * One-shot {@link Specificity}.
 *
 * @example
 * ```ts
 * specificity([0, 0, 1, 1], [0, 1, 0, 1]); // 0.5
 * ```
 */
export function specificity(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> & { average: 'none' }): number[];
export function specificity(yTrue: MetricInput, yPred: MetricInput, options?: OneShot<PrecisionRecallOptions>): number;
export function specificity(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> = {}): number | number[] {
  return oneShot('specificity', yTrue, yPred, options, 'specificity');
}

/**
 * One-shot {@link FBetaScore}.
 *
 * @example
 * ```ts
 * fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { numClasses: 3, beta: 0.5, average: 'none' }); // [0.7143, 0, 0]
 * ```
 */
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, options: OneShot<FBetaOptions> & { average: 'none' }): number[];
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, options?: OneShot<FBetaOptions>): number;
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, options: OneShot<FBetaOptions> = {}): number | number[] {
  const beta = options.beta ?? 1;
  if (!(beta > 0) || !Number.isFinite(beta)) throw new Error(`fbetaScore: 'beta' must be a finite number > 0, received beta=${beta}`);
  return oneShot('fbeta', yTrue, yPred, options, 'fbetaScore');
}

/**
 * One-shot {@link F1Score}.
 *
 * @example
 * ```ts
 * f1Score([0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1]); // 0.6667
 * ```
 */
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> & { average: 'none' }): number[];
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options?: OneShot<PrecisionRecallOptions>): number;
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options: OneShot<PrecisionRecallOptions> = {}): number | number[] {
  return oneShot('fbeta', yTrue, yPred, { ...options, beta: 1 }, 'f1Score');
}
