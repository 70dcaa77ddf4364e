import type { MetricInput, StreamingMetric } from '../streaming-metric.js';
import { fmtShape, readInput, readSampleWeight } from '../input.js';
import { checkMergeable } from '../check-merge.js';

/** Options of {@link Perplexity}. */
export interface PerplexityOptions {
  /** `yPred` holds logits (normalised by a softmax, default) or probabilities (used as they are). */
  fromLogits?: boolean;
  /** Target positions with this value are skipped (padding). */
  ignoreIndex?: number;
  name?: string;
}

/**
 * Perplexity, exp of the mean negative log-likelihood of the target tokens.
 *
 * Shapes: `yTrue` integer token ids [batch, seqLen] (any leading shape); `yPred` [batch, seqLen,
 * vocab] logits (softmax taken in float64 on the host) or probabilities. Positions equal to
 * `ignoreIndex` are left out of both the sum and the count. `sampleWeight` [batch] weights every
 * token of a sample. Streaming sums NLL and token counts.
 *
 * @example
 * ```ts
 * const ppl = new Perplexity({ fromLogits: false });
 * ppl.update([[0, 1]], [[[0.5, 0.5], [0.25, 0.75]]]);
 * ppl.result(); // exp(-(ln 0.5 + ln 0.75) / 2) = 1.633
 * ```
 */
export class Perplexity implements StreamingMetric<number> {
  readonly name: string;
  readonly fromLogits: boolean;
  readonly ignoreIndex: number | undefined;
  private nll = 0;
  private count = 0;

  constructor(options: PerplexityOptions = {}) {
    this.fromLogits = options.fromLogits ?? true;
    this.ignoreIndex = options.ignoreIndex;
    this.name = options.name ?? 'perplexity';
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    const m = 'Perplexity';
    const t = readInput(yTrue, m, 'yTrue');
    const p = readInput(yPred, m, 'yPred');
    const lead = p.shape.slice(0, -1);
    const v = p.shape[p.shape.length - 1] ?? 0;
    if (p.shape.length < 2 || t.shape.length !== lead.length || t.shape.some((d, i) => d !== lead[i])) {
      throw new Error(
        `${m}: 'yPred' must be [${t.shape.join(', ')}, vocab] for 'yTrue' of shape ${fmtShape(t.shape)}, received ${fmtShape(p.shape)}`,
      );
    }
    const n = t.shape.length === 0 ? 1 : t.shape[0]!;
    const per = n === 0 ? 0 : t.values.length / n;
    const w = readSampleWeight(sampleWeight, n, m);
    for (let r = 0; r < t.values.length; r++) {
      const label = t.values[r]!;
      if (label === this.ignoreIndex) continue;
      if (!Number.isInteger(label) || label < 0 || label >= v) {
        throw new Error(`${m}: 'yTrue' must hold token ids in [0, ${v - 1}]${this.ignoreIndex === undefined ? '' : ` or ignoreIndex=${this.ignoreIndex}`}, received ${label} at index ${r}`);
      }
      let logp: number;
      if (this.fromLogits) {
        let max = -Infinity;
        for (let j = 0; j < v; j++) max = Math.max(max, p.values[r * v + j]!);
        let s = 0;
        for (let j = 0; j < v; j++) s += Math.exp(p.values[r * v + j]! - max);
        logp = p.values[r * v + label]! - max - Math.log(s);
      } else {
        const q = p.values[r * v + label]!;
        if (!(q >= 0 && q <= 1)) throw new Error(`${m}: with fromLogits=false 'yPred' must hold probabilities, received ${q} at position ${r}`);
        logp = Math.log(q);
      }
      const wi = w ? w[Math.floor(r / per)]! : 1;
      this.nll -= wi * logp;
      this.count += wi;
    }
  }

  /** exp(mean NLL); NaN before any counted token. */
  result(): number {
    return this.count === 0 ? Number.NaN : Math.exp(this.nll / this.count);
  }

  reset(): void {
    this.nll = 0;
    this.count = 0;
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    this.nll += other.nll;
    this.count += other.count;
  }
}

/**
 * One-shot {@link Perplexity}.
 *
 * @example
 * ```ts
 * perplexity([[1, 0]], [[[0, 0], [0, 0]]]); // 2 (uniform logits over 2 tokens)
 * ```
 */
export function perplexity(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: PerplexityOptions & { sampleWeight?: MetricInput } = {},
): number {
  const m = new Perplexity(options);
  m.update(yTrue, yPred, options.sampleWeight);
  return m.result();
}
