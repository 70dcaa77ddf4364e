import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { MeanState } from './mean.js';
import { checkSameShape, readInput, readSampleWeight } from './input.js';
import { checkMergeable } from './check-merge.js';

/** float64 machine epsilon: MAPE's floor on |yTrue|, as scikit-learn. */
const EPS = 2.220446049250313e-16;

type PerElement = (t: number, p: number) => number;

/** Per-sample mean of `f` over each sample's entries ([batch, ...] inputs of equal shape). */
function perSample(yTrue: MetricInput, yPred: MetricInput, f: PerElement, metric: string): Float64Array {
  const t = readInput(yTrue, metric, 'yTrue');
  const p = readInput(yPred, metric, 'yPred');
  checkSameShape(t, p, metric);
  const n = t.shape.length === 0 ? 1 : t.shape[0]!;
  const m = n === 0 ? 0 : t.values.length / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += f(t.values[i * m + j]!, p.values[i * m + j]!);
    out[i] = m === 0 ? 0 : s / m;
  }
  return out;
}

abstract class ElementwiseMean extends MeanState implements StreamingMetric<number> {
  abstract readonly name: string;
  protected abstract readonly metric: string;
  protected abstract readonly f: PerElement;
  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const v = perSample(yTrue, yPred, this.f, this.metric);
    this.accumulate(v, readSampleWeight(sampleWeight, v.length, this.metric));
  }
}

/**
 * Mean squared error, mean of (yTrue - yPred)². Shapes: equal, [batch, ...]; each sample's entries
 * are averaged, then samples (weighted by `sampleWeight` [batch]).
 *
 * @example
 * ```ts
 * const mse = new MeanSquaredError();
 * mse.update([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * mse.result(); // 0.375
 * ```
 */
export class MeanSquaredError extends ElementwiseMean {
  protected readonly metric = 'MeanSquaredError';
  protected readonly f: PerElement = (t, p) => (t - p) * (t - p);
  constructor(readonly name = 'mean_squared_error') {
    super();
  }
}

/**
 * Root mean squared error, the square root of {@link MeanSquaredError} over all data seen.
 *
 * @example
 * ```ts
 * const rmse = new RootMeanSquaredError();
 * rmse.update([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * rmse.result(); // 0.6124
 * ```
 */
export class RootMeanSquaredError extends MeanSquaredError {
  constructor(name = 'root_mean_squared_error') {
    super(name);
  }
  override result(): number {
    return Math.sqrt(super.result());
  }
}

/**
 * Mean absolute error, mean of |yTrue - yPred|.
 *
 * @example
 * ```ts
 * const mae = new MeanAbsoluteError();
 * mae.update([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * mae.result(); // 0.5
 * ```
 */
export class MeanAbsoluteError extends ElementwiseMean {
  protected readonly metric = 'MeanAbsoluteError';
  protected readonly f: PerElement = (t, p) => Math.abs(t - p);
  constructor(readonly name = 'mean_absolute_error') {
    super();
  }
}

/**
 * Mean absolute percentage error as a fraction (not ×100), mean of |yTrue - yPred| / max(|yTrue|, ε)
 * with ε the float64 epsilon — scikit-learn's definition. (Keras reports the same ×100 and clips
 * differently.)
 *
 * @example
 * ```ts
 * const mape = new MeanAbsolutePercentageError();
 * mape.update([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * mape.result(); // 0.3274
 * ```
 */
export class MeanAbsolutePercentageError extends ElementwiseMean {
  protected readonly metric = 'MeanAbsolutePercentageError';
  protected readonly f: PerElement = (t, p) => Math.abs(t - p) / Math.max(Math.abs(t), EPS);
  constructor(readonly name = 'mean_absolute_percentage_error') {
    super();
  }
}

/**
 * Coefficient of determination R² = 1 - SS_res / SS_tot, per output column, then averaged uniformly
 * over outputs (scikit-learn's `multioutput='uniform_average'`). Shapes: [batch] or [batch, outputs].
 * A constant target gives 1 if predicted exactly, else 0 (scikit-learn's `force_finite`).
 *
 * The streaming state keeps per-output weighted count, mean and centred sum of squares, merged with
 * Chan's parallel formula, so batches combine without cancellation error.
 *
 * @example
 * ```ts
 * const r2 = new R2Score();
 * r2.update([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
 * r2.result(); // 0.9486
 * ```
 */
export class R2Score implements StreamingMetric<number> {
  private w: number[] = [];
  private mean: number[] = [];
  private m2: number[] = [];
  private ssRes: number[] = [];
  private outputs = -1;

  constructor(readonly name = 'r2_score') {}

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const metric = 'R2Score';
    const t = readInput(yTrue, metric, 'yTrue');
    const p = readInput(yPred, metric, 'yPred');
    checkSameShape(t, p, metric);
    if (t.shape.length === 0) throw new Error(`${metric}: 'yTrue' must be [batch] or [batch, outputs], received a scalar`);
    const n = t.shape[0]!;
    const d = n === 0 ? (t.shape.slice(1).reduce((a, b) => a * b, 1)) : t.values.length / n;
    if (this.outputs === -1) {
      this.outputs = d;
      this.w = new Array<number>(d).fill(0);
      this.mean = new Array<number>(d).fill(0);
      this.m2 = new Array<number>(d).fill(0);
      this.ssRes = new Array<number>(d).fill(0);
    } else if (this.outputs !== d) {
      throw new Error(`${metric}: every batch must have ${this.outputs} output(s) per sample, received ${d}`);
    }
    const sw = readSampleWeight(sampleWeight, n, metric);
    for (let j = 0; j < d; j++) {
      let wb = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const wi = sw ? sw[i]! : 1;
        wb += wi;
        sum += wi * t.values[i * d + j]!;
      }
      if (wb === 0) continue;
      const mb = sum / wb;
      let m2b = 0;
      let res = 0;
      for (let i = 0; i < n; i++) {
        const wi = sw ? sw[i]! : 1;
        const y = t.values[i * d + j]!;
        m2b += wi * (y - mb) * (y - mb);
        res += wi * (y - p.values[i * d + j]!) ** 2;
      }
      this.combine(j, wb, mb, m2b, res);
    }
  }

  private combine(j: number, wb: number, mb: number, m2b: number, res: number): void {
    const wa = this.w[j]!;
    const W = wa + wb;
    const delta = mb - this.mean[j]!;
    this.mean[j] = this.mean[j]! + (delta * wb) / W;
    this.m2[j] = this.m2[j]! + m2b + (delta * delta * wa * wb) / W;
    this.w[j] = W;
    this.ssRes[j] = this.ssRes[j]! + res;
  }

  /** R² of each output column. */
  perOutput(): number[] {
    return this.m2.map((tot, j) => {
      const res = this.ssRes[j]!;
      if (tot === 0) return res === 0 ? 1 : 0;
      return 1 - res / tot;
    });
  }

  result(): number {
    const per = this.perOutput();
    return per.length === 0 ? 0 : per.reduce((a, b) => a + b, 0) / per.length;
  }

  reset(): void {
    this.outputs = -1;
    this.w = [];
    this.mean = [];
    this.m2 = [];
    this.ssRes = [];
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    if (other.outputs === -1) return;
    if (this.outputs === -1) {
      this.outputs = other.outputs;
      this.w = new Array<number>(other.outputs).fill(0);
      this.mean = new Array<number>(other.outputs).fill(0);
      this.m2 = new Array<number>(other.outputs).fill(0);
      this.ssRes = new Array<number>(other.outputs).fill(0);
    }
    if (other.outputs !== this.outputs) throw new Error(`R2Score: cannot merge states with ${other.outputs} and ${this.outputs} outputs`);
    for (let j = 0; j < this.outputs; j++) {
      if (other.w[j] === 0) continue;
      this.combine(j, other.w[j]!, other.mean[j]!, other.m2[j]!, other.ssRes[j]!);
    }
  }
}

type OneShot = (yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput) => number;

function oneShot(make: () => StreamingMetric<number>): OneShot {
  return (yTrue, yPred, sampleWeight) => {
    const m = make();
    m.update(yTrue, yPred, sampleWeight);
    return m.result();
  };
}

/**
 * One-shot {@link MeanSquaredError}.
 *
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 * ```
 */
export const meanSquaredError: OneShot = oneShot(() => new MeanSquaredError());

/**
 * One-shot {@link RootMeanSquaredError}.
 *
 * @example
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.6124
 * ```
 */
export const rootMeanSquaredError: OneShot = oneShot(() => new RootMeanSquaredError());

/**
 * One-shot {@link MeanAbsoluteError}.
 *
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 * ```
 */
export const meanAbsoluteError: OneShot = oneShot(() => new MeanAbsoluteError());

/**
 * One-shot {@link MeanAbsolutePercentageError} (a fraction).
 *
 * @example
 * ```ts
 * meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.3274
 * ```
 */
export const meanAbsolutePercentageError: OneShot = oneShot(() => new MeanAbsolutePercentageError());

/**
 * One-shot {@link R2Score}.
 *
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486
 * ```
 */
export const r2Score: OneShot = oneShot(() => new R2Score());
