import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { readInput } from './input.js';
import { checkMergeable } from './check-merge.js';

/**
 * The shared state of every metric that is a (weighted) mean of per-sample values: a weighted sum and
 * a total weight, both on the host, so streaming over any split of the data gives the one-shot value
 * up to float64 rounding.
 */
export abstract class MeanState {
  protected total = 0;
  protected weight = 0;

  /** Adds per-sample values with optional per-sample weights. */
  protected accumulate(values: ArrayLike<number>, weights?: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const w = weights ? weights[i]! : 1;
      this.total += w * values[i]!;
      this.weight += w;
    }
  }

  /** The weighted mean so far; 0 before any data (Keras's divide-no-nan convention). */
  result(): number {
    return this.weight === 0 ? 0 : this.total / this.weight;
  }

  reset(): void {
    this.total = 0;
    this.weight = 0;
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    this.total += other.total;
    this.weight += other.weight;
  }
}

/**
 * A running (weighted) mean of a value: what `fit` uses to report the loss over an epoch.
 *
 * `update(values, sampleWeight?)` takes a scalar or an array/tensor of values (all of them are averaged);
 * `sampleWeight` has the shape of `values` or is a scalar. The result before any update is 0.
 *
 * @example
 * ```ts
 * const loss = new Mean('loss');
 * loss.update(0.5);
 * loss.update([1, 2], [1, 3]);
 * loss.result(); // (0.5 + 1 + 6) / 5 = 1.5
 * ```
 */
export class Mean extends MeanState implements StreamingMetric<number> {
  constructor(readonly name = 'mean') {
    super();
  }

  update(values: MetricInput, sampleWeight?: MetricInput): void {
    const v = readInput(values, this.name, 'values').values;
    const w = sampleWeight === undefined ? undefined : readInput(sampleWeight, this.name, 'sampleWeight').values;
    if (w !== undefined && w.length !== v.length) {
      if (w.length === 1) {
        this.accumulate(v, new Float64Array(v.length).fill(w[0]!));
        return;
      }
      throw new Error(`Mean '${this.name}': 'sampleWeight' has ${w.length} values but 'values' has ${v.length}`);
    }
    this.accumulate(v, w);
  }
}

/**
 * One-shot weighted mean of values (a convenience twin of {@link Mean}).
 *
 * @example
 * ```ts
 * mean([1, 2, 3]); // 2
 * ```
 */
export function mean(values: MetricInput, sampleWeight?: MetricInput): number {
  const m = new Mean();
  m.update(values, sampleWeight);
  return m.result();
}
