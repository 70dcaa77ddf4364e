import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { checkBinary, checkLabels, fmtShape, readInput, readSampleWeight } from './input.js';
import { checkMergeable } from './check-merge.js';

/** Options of {@link CalibrationError}. */
export interface CalibrationErrorOptions {
  /** Number of equal-width confidence bins; default 15 (as torchmetrics). */
  numBins?: number;
  /** 'l1': expected calibration error (ECE, default); 'max': maximum calibration error (MCE); 'l2': RMS calibration error. */
  norm?: 'l1' | 'l2' | 'max';
  /** Leave out for binary probabilities; give for [batch, numClasses] probabilities. */
  numClasses?: number;
  name?: string;
}

/**
 * Calibration error: how far confidence is from accuracy, over equal-width confidence bins
 * ((m-1)/M, m/M], with 0 in the first bin, Guo et al. 2017): ECE = Σ_m (n_m / n)·|acc_m - conf_m|.
 *
 * Binary (no `numClasses`): `yPred` [batch] holds P(class 1) and the confidence of a sample is that
 * probability, its "accuracy" its label (torchmetrics' binary convention). Multiclass: `yPred`
 * [batch, numClasses] probabilities; confidence = the largest probability, accuracy = whether its
 * class is the label. Streaming keeps per-bin sums, so every split gives the one-shot value.
 *
 * @example
 * ```ts
 * const ece = new CalibrationError({ numBins: 2 });
 * ece.update([0, 0, 1, 1, 1], [0.25, 0.25, 0.55, 0.75, 0.75]);
 * ece.result(); // 0.29
 * ```
 */
export class CalibrationError implements StreamingMetric<number> {
  readonly name: string;
  readonly numBins: number;
  readonly norm: 'l1' | 'l2' | 'max';
  readonly numClasses: number | undefined;
  private count: Float64Array;
  private confSum: Float64Array;
  private accSum: Float64Array;

  constructor(options: CalibrationErrorOptions = {}) {
    this.numBins = options.numBins ?? 15;
    if (!Number.isInteger(this.numBins) || this.numBins < 1) {
      throw new Error(`CalibrationError: 'numBins' must be an integer >= 1, received numBins=${this.numBins}`);
    }
    this.norm = options.norm ?? 'l1';
    if (!['l1', 'l2', 'max'].includes(this.norm)) throw new Error(`CalibrationError: 'norm' must be 'l1', 'l2' or 'max', received '${this.norm}'`);
    this.numClasses = options.numClasses;
    this.name = options.name ?? 'calibration_error';
    this.count = new Float64Array(this.numBins);
    this.confSum = new Float64Array(this.numBins);
    this.accSum = new Float64Array(this.numBins);
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const m = 'CalibrationError';
    const t = readInput(yTrue, m, 'yTrue');
    const p = readInput(yPred, m, 'yPred');
    const c = this.numClasses;
    let conf: Float64Array;
    let acc: Float64Array;
    if (c === undefined) {
      if (t.values.length !== p.values.length || t.shape[0] !== p.shape[0] || p.shape.length > 2) {
        throw new Error(`${m}: binary 'yTrue' and 'yPred' must both be [batch], received ${fmtShape(t.shape)} and ${fmtShape(p.shape)}`);
      }
      checkBinary(t.values, m, 'yTrue');
      conf = p.values;
      acc = t.values;
    } else {
      if (p.shape.length !== 2 || p.shape[1] !== c) throw new Error(`${m}: 'yPred' must be probabilities [batch, ${c}], received shape ${fmtShape(p.shape)}`);
      const n = p.shape[0]!;
      if (t.values.length !== n) throw new Error(`${m}: 'yTrue' must be labels [${n}], received shape ${fmtShape(t.shape)}`);
      checkLabels(t.values, c, m, 'yTrue');
      conf = new Float64Array(n);
      acc = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let j = 1; j < c; j++) if (p.values[i * c + j]! > p.values[i * c + best]!) best = j;
        conf[i] = p.values[i * c + best]!;
        acc[i] = best === t.values[i] ? 1 : 0;
      }
    }
    const w = readSampleWeight(sampleWeight, conf.length, m);
    for (let i = 0; i < conf.length; i++) {
      const q = conf[i]!;
      if (!(q >= 0 && q <= 1)) throw new Error(`${m}: 'yPred' must hold probabilities in [0, 1], received ${q} at sample ${i}`);
      const b = Math.max(0, Math.ceil(q * this.numBins) - 1);
      const wi = w ? w[i]! : 1;
      this.count[b]! += wi;
      this.confSum[b]! += wi * q;
      this.accSum[b]! += wi * acc[i]!;
    }
  }

  result(): number {
    const total = this.count.reduce((a, b) => a + b, 0);
    if (total === 0) return 0;
    let out = 0;
    for (let b = 0; b < this.numBins; b++) {
      const n = this.count[b]!;
      if (n === 0) continue;
      const gap = Math.abs(this.accSum[b]! / n - this.confSum[b]! / n);
      if (this.norm === 'max') out = Math.max(out, gap);
      else if (this.norm === 'l2') out += (n / total) * gap * gap;
      else out += (n / total) * gap;
    }
    return this.norm === 'l2' ? Math.sqrt(out) : out;
  }

  reset(): void {
    this.count.fill(0);
    this.confSum.fill(0);
    this.accSum.fill(0);
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    if (other.numBins !== this.numBins) throw new Error(`CalibrationError: cannot merge states with ${other.numBins} and ${this.numBins} bins`);
    for (let b = 0; b < this.numBins; b++) {
      this.count[b]! += other.count[b]!;
      this.confSum[b]! += other.confSum[b]!;
      this.accSum[b]! += other.accSum[b]!;
    }
  }
}

/**
 * One-shot {@link CalibrationError} (ECE by default).
 *
 * @example
 * ```ts
 * const probs = [[0.25, 0.2, 0.55], [0.55, 0.05, 0.4], [0.1, 0.3, 0.6], [0.9, 0.05, 0.05]];
 * expectedCalibrationError([0, 1, 2, 0], probs, { numClasses: 3, numBins: 3 }); // 0.2
 * ```
 */
export function expectedCalibrationError(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: CalibrationErrorOptions & { sampleWeight?: MetricInput } = {},
): number {
  const m = new CalibrationError(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}

/**
 * One-shot {@link CalibrationError} under its class's name (same as {@link expectedCalibrationError}).
 *
 * @example
 * ```ts
 * calibrationError([0, 0, 1, 1, 1], [0.25, 0.25, 0.55, 0.75, 0.75], { numBins: 2, norm: 'max' }); // 0.3167
 * ```
 */
export const calibrationError = expectedCalibrationError;
