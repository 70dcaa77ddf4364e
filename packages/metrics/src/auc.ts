import type { MetricInput, StreamingMetric } from './streaming-metric.js';
import { checkBinary, checkLabels, fmtShape, readInput, readSampleWeight } from './input.js';
import { checkMergeable } from './check-merge.js';

/** Which ranking metric {@link AUC} reports. */
export type Curve = 'ROC' | 'PR';

/**
 * Options of {@link AUC}, {@link rocAuc} and {@link averagePrecision}.
 *
 * Inputs: binary (no `numClasses`): `yTrue` 0/1 of shape [batch] (or [batch, 1]) and `yPred` scores
 * of the same shape. Multiclass one-vs-rest (`numClasses` given): `yTrue` integer labels [batch] or
 * one-hot [batch, numClasses], `yPred` scores [batch, numClasses]; class k is scored as the binary
 * problem "k against the rest".
 */
export interface RankingOptions {
  numClasses?: number;
  /** Multiclass: 'macro' (default) mean over classes, 'weighted' by support, 'none' per class. */
  average?: 'macro' | 'weighted' | 'none';
  /**
   * The value of a class whose score is undefined (ROC AUC with no positive or no negative sample,
   * average precision with no positive sample). Default 0, which is what torchmetrics reports;
   * scikit-learn raises instead. Such classes still count in a macro mean.
   */
  zeroDivision?: number;
  name?: string;
}

/** Sorts by descending score and walks groups of tied scores, yielding cumulative (tp, fp) weights. */
function cumulative(scores: Float64Array, pos: Float64Array, w: Float64Array): { tps: number[]; fps: number[] } {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (pos[i] === 1) tp += w[i]!;
    else fp += w[i]!;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { tps, fps };
}

/** Exact binary ROC AUC (trapezoids between distinct thresholds, so ties count one half). */
export function binaryRocAuc(scores: Float64Array, pos: Float64Array, w: Float64Array, zero: number): number {
  const { tps, fps } = cumulative(scores, pos, w);
  const P = tps.length ? tps[tps.length - 1]! : 0;
  const N = fps.length ? fps[fps.length - 1]! : 0;
  if (P === 0 || N === 0) return zero;
  let area = 0;
  let pt = 0;
  let pf = 0;
  for (let k = 0; k < tps.length; k++) {
    area += ((fps[k]! - pf) * (tps[k]! + pt)) / 2;
    pt = tps[k]!;
    pf = fps[k]!;
  }
  return area / (P * N);
}

/** Binary average precision, Σ (R_k - R_{k-1}) P_k over distinct thresholds (scikit-learn's step form). */
export function binaryAveragePrecision(scores: Float64Array, pos: Float64Array, w: Float64Array, zero: number): number {
  const { tps, fps } = cumulative(scores, pos, w);
  const P = tps.length ? tps[tps.length - 1]! : 0;
  if (P === 0) return zero;
  let ap = 0;
  let prevR = 0;
  for (let k = 0; k < tps.length; k++) {
    const r = tps[k]! / P;
    const denom = tps[k]! + fps[k]!;
    ap += (r - prevR) * (denom === 0 ? 0 : tps[k]! / denom);
    prevR = r;
  }
  return ap;
}

/** A growable float64 buffer, so streaming keeps every score without re-allocating per batch. */
class Buffer {
  data = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Streaming ROC AUC or average precision, computed exactly (no threshold binning): the state keeps
 * every score, label and weight seen (O(samples) memory), and `merge` concatenates states. Because
 * the result depends only on the multiset of (score, label, weight), it equals the one-shot value
 * for any split of the data.
 *
 * `curve: 'PR'` reports average precision (scikit-learn's step definition), not the trapezoidal area
 * under the PR curve.
 *
 * @example
 * ```ts
 * const roc = new AUC();
 * roc.update([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * roc.result(); // 0.75
 * ```
 */
export class AUC implements StreamingMetric<number> {
  readonly name: string;
  readonly curve: Curve;
  readonly numClasses: number | undefined;
  readonly average: 'macro' | 'weighted' | 'none';
  readonly zeroDivision: number;
  private scores = new Buffer();
  private labels = new Buffer();
  private weights = new Buffer();
  private readonly metric: string;

  constructor(options: RankingOptions & { curve?: Curve } = {}) {
    this.curve = options.curve ?? 'ROC';
    this.metric = this.curve === 'ROC' ? 'AUC' : 'AUC(PR)';
    if (this.curve !== 'ROC' && this.curve !== 'PR') throw new Error(`AUC: 'curve' must be 'ROC' or 'PR', received '${String(this.curve)}'`);
    if (options.numClasses !== undefined && (!Number.isInteger(options.numClasses) || options.numClasses < 2)) {
      throw new Error(`${this.metric}: 'numClasses' must be an integer >= 2, received numClasses=${options.numClasses}`);
    }
    this.numClasses = options.numClasses;
    this.average = options.average ?? 'macro';
    if (!['macro', 'weighted', 'none'].includes(this.average)) {
      throw new Error(`${this.metric}: 'average' must be 'macro', 'weighted' or 'none', received '${this.average}'`);
    }
    this.zeroDivision = options.zeroDivision ?? 0;
    this.name = options.name ?? (this.curve === 'ROC' ? 'auc' : 'average_precision');
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const t = readInput(yTrue, this.metric, 'yTrue');
    const p = readInput(yPred, this.metric, 'yPred');
    for (let i = 0; i < p.values.length; i++) {
      if (Number.isNaN(p.values[i]!)) throw new Error(`${this.metric}: 'yPred' holds NaN at index ${i}`);
    }
    const c = this.numClasses;
    let labels: Float64Array;
    let n: number;
    if (c === undefined) {
      const okT = t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1);
      if (!okT || t.values.length !== p.values.length || p.shape[0] !== t.shape[0]) {
        throw new Error(
          `${this.metric}: binary inputs must be 'yTrue' [batch] and 'yPred' [batch] (or [batch, 1]), ` +
            `received ${fmtShape(t.shape)} and ${fmtShape(p.shape)}; pass numClasses for multiclass scores`,
        );
      }
      checkBinary(t.values, this.metric, 'yTrue');
      labels = t.values;
      n = labels.length;
    } else {
      if (p.shape.length !== 2 || p.shape[1] !== c) {
        throw new Error(`${this.metric}: 'yPred' must be scores [batch, ${c}], received shape ${fmtShape(p.shape)}`);
      }
      n = p.shape[0]!;
      if (t.shape.length === 2 && t.shape[1] === c && c > 1) {
        labels = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let best = 0;
          for (let j = 1; j < c; j++) if (t.values[i * c + j]! > t.values[i * c + best]!) best = j;
          labels[i] = best;
        }
      } else if ((t.shape.length === 1 || (t.shape.length === 2 && t.shape[1] === 1)) && t.shape[0] === n) {
        checkLabels(t.values, c, this.metric, 'yTrue');
        labels = t.values;
      } else {
        throw new Error(
          `${this.metric}: 'yTrue' must be labels [${n}] or one-hot [${n}, ${c}], received shape ${fmtShape(t.shape)}`,
        );
      }
    }
    const w = readSampleWeight(sampleWeight, n, this.metric);
    const per = c ?? 1;
    for (let i = 0; i < n; i++) {
      this.labels.push(labels[i]!);
      this.weights.push(w ? w[i]! : 1);
      for (let j = 0; j < per; j++) this.scores.push(p.values[i * per + j]!);
    }
  }

  /** Per-class scores (binary: one entry, for the positive class). */
  perClass(): number[] {
    const labels = this.labels.view();
    const w = this.weights.view();
    const scores = this.scores.view();
    const fn = this.curve === 'ROC' ? binaryRocAuc : binaryAveragePrecision;
    if (this.numClasses === undefined) return [fn(scores, labels, w, this.zeroDivision)];
    const c = this.numClasses;
    const out: number[] = [];
    const col = new Float64Array(labels.length);
    const pos = new Float64Array(labels.length);
    for (let k = 0; k < c; k++) {
      for (let i = 0; i < labels.length; i++) {
        col[i] = scores[i * c + k]!;
        pos[i] = labels[i] === k ? 1 : 0;
      }
      out.push(fn(col, pos, w, this.zeroDivision));
    }
    return out;
  }

  /** Support (weighted count of true samples) per class. */
  private support(): number[] {
    const c = this.numClasses ?? 2;
    const s = new Array<number>(c).fill(0);
    const labels = this.labels.view();
    const w = this.weights.view();
    for (let i = 0; i < labels.length; i++) s[labels[i]!]! += w[i]!;
    return s;
  }

  result(): number {
    if (this.average === 'none' && this.numClasses !== undefined) {
      throw new Error(`${this.metric}: average='none' gives one value per class; use perClass()`);
    }
    const per = this.perClass();
    if (this.numClasses === undefined) return per[0]!;
    if (this.average === 'weighted') {
      const s = this.support();
      const total = s.reduce((a, b) => a + b, 0);
      return total === 0 ? this.zeroDivision : per.reduce((a, v, k) => a + v * s[k]!, 0) / total;
    }
    return per.reduce((a, b) => a + b, 0) / per.length;
  }

  reset(): void {
    this.scores = new Buffer();
    this.labels = new Buffer();
    this.weights = new Buffer();
  }

  merge(other: this): void {
    checkMergeable(this, other, this.metric);
    if (other.numClasses !== this.numClasses) throw new Error(`${this.metric}: cannot merge states with different numClasses`);
    other.scores.view().forEach((v) => this.scores.push(v));
    other.labels.view().forEach((v) => this.labels.push(v));
    other.weights.view().forEach((v) => this.weights.push(v));
  }
}

type OneShot = RankingOptions & { sampleWeight?: MetricInput };

function ranking(curve: Curve, yTrue: MetricInput, yPred: MetricInput, options: OneShot): number | number[] {
  const m = new AUC({ ...options, curve });
  m.update(yTrue, yPred, options.sampleWeight);
  return options.average === 'none' && options.numClasses !== undefined ? m.perClass() : m.result();
}

/**
 * One-shot area under the ROC curve (binary, or multiclass one-vs-rest).
 *
 * @example
 * ```ts
 * rocAuc([0, 1, 1, 0], [0, 0.5, 0.7, 0.8]); // 0.5
 * ```
 */
export function rocAuc(yTrue: MetricInput, yPred: MetricInput, options: OneShot & { average: 'none'; numClasses: number }): number[];
export function rocAuc(yTrue: MetricInput, yPred: MetricInput, options?: OneShot): number;
export function rocAuc(yTrue: MetricInput, yPred: MetricInput, options: OneShot = {}): number | number[] {
  return ranking('ROC', yTrue, yPred, options);
}

/**
 * One-shot average precision (binary, or multiclass one-vs-rest), scikit-learn's definition.
 *
 * @example
 * ```ts
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333
 * ```
 */
export function averagePrecision(yTrue: MetricInput, yPred: MetricInput, options: OneShot & { average: 'none'; numClasses: number }): number[];
export function averagePrecision(yTrue: MetricInput, yPred: MetricInput, options?: OneShot): number;
export function averagePrecision(yTrue: MetricInput, yPred: MetricInput, options: OneShot = {}): number | number[] {
  return ranking('PR', yTrue, yPred, options);
}

/**
 * One-shot {@link AUC}: ROC AUC by default, average precision with `curve: 'PR'`.
 *
 * @example
 * ```ts
 * auc([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]); // 0.75
 * auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], { curve: 'PR' }); // 0.8333
 * ```
 */
export function auc(yTrue: MetricInput, yPred: MetricInput, options: OneShot & { curve?: Curve } = {}): number {
  const m = new AUC(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
