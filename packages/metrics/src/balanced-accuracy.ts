import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { ConfusionMatrixState, type LabelOptions } from './confusion-matrix.js';

/** Options of {@link BalancedAccuracy}. */
export interface BalancedAccuracyOptions extends LabelOptions {
  /** Rescale so that chance scores 0 and perfect 1 (scikit-learn's `adjusted`); default false. */
  adjusted?: boolean;
  name?: string;
}

/** Balanced accuracy of a confusion matrix (rows true, columns predicted). */
export function balancedAccuracyFromCounts(counts: number[][], adjusted = false): number {
  const recalls: number[] = [];
  counts.forEach((row, k) => {
    const support = row.reduce((a, b) => a + b, 0);
    // Classes absent from yTrue have no recall; scikit-learn leaves them out, and so do we.
    if (support > 0) recalls.push(row[k]! / support);
  });
  if (recalls.length === 0) return 0;
  let s = recalls.reduce((a, b) => a + b, 0) / recalls.length;
  if (adjusted) {
    const chance = 1 / recalls.length;
    s = (s - chance) / (1 - chance);
  }
  return s;
}

/**
 * Balanced accuracy: the mean recall over the classes present in `yTrue` (for binary data,
 * (sensitivity + specificity) / 2), robust to class imbalance. scikit-learn's definition.
 *
 * @example
 * ```ts
 * const b = new BalancedAccuracy();
 * b.update([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]);
 * b.result(); // 0.625
 * ```
 */
export class BalancedAccuracy extends ConfusionMatrixState implements StreamingMetric<number> {
  readonly name: string;
  readonly adjusted: boolean;
  protected readonly metricName = 'BalancedAccuracy';
  constructor(options: BalancedAccuracyOptions = {}) {
    super(options, 'BalancedAccuracy');
    this.name = options.name ?? 'balanced_accuracy';
    this.adjusted = options.adjusted ?? false;
  }
  result(): number {
    return balancedAccuracyFromCounts(this.counts(), this.adjusted);
  }
}

/**
 * One-shot {@link BalancedAccuracy}.
 *
 * @example
 * ```ts
 * balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 * ```
 */
export function balancedAccuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: BalancedAccuracyOptions & { sampleWeight?: MetricInput } = {},
): number {
  const m = new BalancedAccuracy(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
