import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { ConfusionMatrixState, type LabelOptions } from './confusion-matrix.js';

/** Disagreement weights of {@link CohenKappa}: none (0/1), |i - j|, or (i - j)². */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Options of {@link CohenKappa}. */
export interface CohenKappaOptions extends LabelOptions {
  weights?: KappaWeights;
  name?: string;
}

/** Cohen's kappa of a confusion matrix: 1 - Σ w·observed / Σ w·expected (scikit-learn's form). */
export function kappaFromCounts(counts: number[][], weights: KappaWeights = 'none'): number {
  const c = counts.length;
  const row = new Array<number>(c).fill(0);
  const col = new Array<number>(c).fill(0);
  let total = 0;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      row[i]! += counts[i]![j]!;
      col[j]! += counts[i]![j]!;
      total += counts[i]![j]!;
    }
  }
  if (total === 0) return Number.NaN;
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const w = weights === 'none' ? (i === j ? 0 : 1) : weights === 'linear' ? Math.abs(i - j) : (i - j) ** 2;
      obs += w * counts[i]![j]!;
      exp += (w * row[i]! * col[j]!) / total;
    }
  }
  // Both raters constant and in agreement: kappa is 0/0. scikit-learn returns NaN here too.
  return exp === 0 ? Number.NaN : 1 - obs / exp;
}

/**
 * Cohen's kappa: agreement between true and predicted labels corrected for chance agreement, with
 * optional linear or quadratic weights for ordinal classes. NaN when undefined (no data, or both
 * sides constant).
 *
 * @example
 * ```ts
 * // scikit-learn's example, with negative=0, neutral=1, positive=2
 * const k = new CohenKappa({ numClasses: 3 });
 * k.update([0, 2, 0, 1, 2], [0, 2, 0, 1, 0]);
 * k.result(); // 0.6875
 * ```
 */
export class CohenKappa extends ConfusionMatrixState implements StreamingMetric<number> {
  readonly name: string;
  readonly weights: KappaWeights;
  protected readonly metricName = 'CohenKappa';
  constructor(options: CohenKappaOptions = {}) {
    super(options, 'CohenKappa');
    this.name = options.name ?? 'cohen_kappa';
    this.weights = options.weights ?? 'none';
    if (!['none', 'linear', 'quadratic'].includes(this.weights)) {
      throw new Error(`CohenKappa: 'weights' must be 'none', 'linear' or 'quadratic', received '${this.weights}'`);
    }
  }
  result(): number {
    return kappaFromCounts(this.counts(), this.weights);
  }
}

/**
 * One-shot {@link CohenKappa}.
 *
 * @example
 * ```ts
 * cohenKappa([0, 2, 0, 1, 2], [0, 2, 0, 1, 0], { numClasses: 3 }); // 0.6875
 * ```
 */
export function cohenKappa(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: CohenKappaOptions & { sampleWeight?: MetricInput } = {},
): number {
  const m = new CohenKappa(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
