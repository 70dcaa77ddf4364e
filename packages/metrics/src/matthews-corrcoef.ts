import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { ConfusionMatrixState, type LabelOptions } from './confusion-matrix.js';

/** Matthews correlation of a confusion matrix (multiclass form of Gorodkin 2004, as scikit-learn). */
export function matthewsFromCounts(counts: number[][]): number {
  const c = counts.length;
  let s = 0;
  let correct = 0;
  const t = new Array<number>(c).fill(0);
  const p = new Array<number>(c).fill(0);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const v = counts[i]![j]!;
      t[i]! += v;
      p[j]! += v;
      s += v;
    }
    correct += counts[i]![i]!;
  }
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let k = 0; k < c; k++) {
    tp += t[k]! * p[k]!;
    pp += p[k]! * p[k]!;
    tt += t[k]! * t[k]!;
  }
  const denom = Math.sqrt(s * s - pp) * Math.sqrt(s * s - tt);
  // A constant prediction or a single true class leaves the correlation undefined; scikit-learn reports 0.
  return denom === 0 ? 0 : (correct * s - tp) / denom;
}

/**
 * Matthews correlation coefficient, in [-1, 1]: the correlation between true and predicted labels,
 * balanced even when classes are very unequal. Undefined cases (constant prediction or a single true
 * class) give 0, as scikit-learn.
 *
 * @example
 * ```ts
 * const m = new MatthewsCorrelation();
 * m.update([1, 1, 1, 0], [1, 0, 1, 1]);
 * m.result(); // -0.3333
 * ```
 */
export class MatthewsCorrelation extends ConfusionMatrixState implements StreamingMetric<number> {
  readonly name: string;
  protected readonly metricName = 'MatthewsCorrelation';
  constructor(options: LabelOptions & { name?: string } = {}) {
    super(options, 'MatthewsCorrelation');
    this.name = options.name ?? 'matthews_corrcoef';
  }
  result(): number {
    return matthewsFromCounts(this.counts());
  }
}

/**
 * One-shot {@link MatthewsCorrelation}.
 *
 * @example
 * ```ts
 * matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.3333
 * ```
 */
export function matthewsCorrcoef(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: LabelOptions & { sampleWeight?: MetricInput } = {},
): number {
  const m = new MatthewsCorrelation(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
