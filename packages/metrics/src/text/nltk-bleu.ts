import type { StreamingMetric } from '../streaming-metric.js';
import { clippedMatches, countNgrams, type NgramCounts } from './ngrams.js';
import { pySplit } from './tokenizers.js';
import { checkMergeable } from '../check-merge.js';

/**
 * NLTK's smoothing functions that need only the corpus statistics (Chen and Cherry 2014):
 * 'method0' none (NLTK's default: a zero precision becomes the smallest float, so BLEU is ~0),
 * 'method1' adds `epsilon` to zero numerators, 'method2' adds 1 to numerator and denominator of
 * orders >= 2, 'method3' NIST geometric 1/2^k.
 */
export type NltkSmoothing = 'method0' | 'method1' | 'method2' | 'method3';

/** Options of {@link NltkBleu}. */
export interface NltkBleuOptions {
  /** Weights of the n-gram orders; default [0.25, 0.25, 0.25, 0.25]. */
  weights?: readonly number[];
  smoothing?: NltkSmoothing;
  /** Epsilon of 'method1'; default 0.1. */
  epsilon?: number;
  /** Re-weigh uniformly when the corpus has fewer than 4 hypothesis tokens and weights are the default. */
  autoReweigh?: boolean;
  name?: string;
}

/** A token list, or a string split on whitespace. */
export type Tokens = string | readonly string[];

const toks = (t: Tokens): readonly string[] => (typeof t === 'string' ? pySplit(t) : t);

const DEFAULT_WEIGHTS = [0.25, 0.25, 0.25, 0.25];
const FLOAT_MIN = 2.2250738585072014e-308;

/**
 * BLEU with NLTK's conventions (`nltk.translate.bleu_score.corpus_bleu`), which differ from sacreBLEU:
 * the score is in [0, 1]; inputs are already tokenized (strings are split on whitespace); the
 * order weights are free; a zero modified-precision denominator counts as 1; the brevity penalty of
 * an empty corpus is 0; and with no smoothing a zero precision gives a BLEU of ~0 (not exactly 0).
 * Closest-reference-length ties go to the shorter reference in both.
 *
 * Streaming: `update(references, hypotheses)` takes NLTK's layout, `references[i]` being the list of
 * references of hypothesis i.
 *
 * @example
 * ```ts
 * const b = new NltkBleu();
 * b.update([[['the', 'cat', 'is', 'on', 'the', 'mat']]], [['the', 'cat', 'is', 'on', 'the', 'mat']]);
 * b.result(); // 1
 * ```
 */
export class NltkBleu implements StreamingMetric<number, ReadonlyArray<readonly Tokens[]>, readonly Tokens[]> {
  readonly name: string;
  readonly weights: readonly number[];
  readonly smoothing: NltkSmoothing;
  readonly epsilon: number;
  readonly autoReweigh: boolean;
  private num: number[];
  private den: number[];
  private hypLen = 0;
  private refLen = 0;

  constructor(options: NltkBleuOptions = {}) {
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
    if (this.weights.length === 0) throw new Error(`NltkBleu: 'weights' must not be empty`);
    this.smoothing = options.smoothing ?? 'method0';
    if (!['method0', 'method1', 'method2', 'method3'].includes(this.smoothing)) {
      throw new Error(`NltkBleu: unknown smoothing '${this.smoothing}'; known: 'method0', 'method1', 'method2', 'method3'`);
    }
    this.epsilon = options.epsilon ?? 0.1;
    this.autoReweigh = options.autoReweigh ?? false;
    this.name = options.name ?? 'nltk_bleu';
    this.num = new Array<number>(this.weights.length).fill(0);
    this.den = new Array<number>(this.weights.length).fill(0);
  }

  update(references: ReadonlyArray<readonly Tokens[]>, hypotheses: readonly Tokens[]): void {
    if (!Array.isArray(references) || !Array.isArray(hypotheses) || references.length !== hypotheses.length) {
      throw new Error(
        `NltkBleu: 'references' and 'hypotheses' must be arrays of equal length (one list of references per hypothesis), ` +
          `received ${Array.isArray(references) ? references.length : typeof references} and ${Array.isArray(hypotheses) ? hypotheses.length : typeof hypotheses}`,
      );
    }
    const N = this.weights.length;
    hypotheses.forEach((h, i) => {
      const refs = references[i]!;
      if (!Array.isArray(refs) || refs.length === 0) throw new Error(`NltkBleu: hypothesis ${i} needs a non-empty list of references`);
      const hyp = toks(h);
      const refToks = refs.map(toks);
      const hypNg = countNgrams(hyp, N);
      const refMax: NgramCounts[] = Array.from({ length: N }, () => new Map());
      for (const r of refToks) {
        countNgrams(r, N).forEach((m, k) => {
          const acc = refMax[k]!;
          for (const [g, c] of m) acc.set(g, Math.max(acc.get(g) ?? 0, c));
        });
      }
      hypNg.forEach((m, k) => {
        let total = 0;
        for (const c of m.values()) total += c;
        this.num[k]! += clippedMatches(m, refMax[k]!);
        this.den[k]! += Math.max(1, total);
      });
      this.hypLen += hyp.length;
      let best = Infinity;
      let bestLen = 0;
      for (const r of refToks) {
        const d = Math.abs(r.length - hyp.length);
        if (d < best || (d === best && r.length < bestLen)) {
          best = d;
          bestLen = r.length;
        }
      }
      this.refLen += bestLen;
    });
  }

  /** Brevity penalty of the statistics so far (NLTK's `brevity_penalty(closest_ref_len, hyp_len)`). */
  brevityPenalty(): number {
    return nltkBrevityPenalty(this.refLen, this.hypLen);
  }

  result(): number {
    let weights = this.weights;
    if (this.autoReweigh && this.hypLen < 4 && weights.length === 4 && weights.every((w) => w === 0.25)) {
      weights = new Array<number>(this.hypLen).fill(1 / this.hypLen);
    }
    if (this.num[0] === 0) return 0;
    const bp = this.brevityPenalty();
    let k = 1;
    const logs = weights.map((w, i) => {
      const n = this.num[i] ?? 0;
      const d = this.den[i] ?? 0;
      let p: number;
      if (n !== 0) {
        p = this.smoothing === 'method2' && i > 0 ? (n + 1) / (d + 1) : n / d;
      } else if (this.smoothing === 'method1') {
        p = (n + this.epsilon) / d;
      } else if (this.smoothing === 'method2') {
        p = i > 0 ? 1 / (d + 1) : 0;
      } else if (this.smoothing === 'method3') {
        p = 1 / (2 ** k++ * d);
      } else {
        p = FLOAT_MIN;
      }
      return w * Math.log(p);
    });
    return bp * Math.exp(fsum(logs));
  }

  reset(): void {
    this.num.fill(0);
    this.den.fill(0);
    this.hypLen = 0;
    this.refLen = 0;
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    if (other.num.length !== this.num.length) throw new Error(`NltkBleu: cannot merge states with ${other.num.length} and ${this.num.length} n-gram weights`);
    other.num.forEach((v, k) => (this.num[k]! += v));
    other.den.forEach((v, k) => (this.den[k]! += v));
    this.hypLen += other.hypLen;
    this.refLen += other.refLen;
  }
}

/** Exactly rounded sum (Shewchuk), as Python's math.fsum, so the last digits match NLTK. */
function fsum(xs: readonly number[]): number {
  const partials: number[] = [];
  for (let x of xs) {
    let j = 0;
    for (let i = 0; i < partials.length; i++) {
      let y = partials[i]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[j++] = lo;
      x = hi;
    }
    partials.length = j;
    partials.push(x);
  }
  let hi = 0;
  let n = partials.length;
  if (n > 0) {
    hi = partials[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

/**
 * NLTK's brevity penalty: 1 if the hypothesis is longer than the reference, 0 if it is empty,
 * else exp(1 - r/c).
 *
 * @example
 * ```ts
 * nltkBrevityPenalty(28, 12); // 0.2635971381157267
 * ```
 */
export function nltkBrevityPenalty(closestRefLen: number, hypLen: number): number {
  if (hypLen > closestRefLen) return 1;
  if (hypLen === 0) return 0;
  return Math.exp(1 - closestRefLen / hypLen);
}

/**
 * One-shot corpus BLEU with NLTK's conventions (see {@link NltkBleu}); `listOfReferences[i]` holds
 * the references of `hypotheses[i]`.
 *
 * @example
 * ```ts
 * nltkCorpusBleu([['the cat is on the mat', 'there is a cat on the mat']], ['the cat is on the mat']); // 1
 * ```
 */
export function nltkCorpusBleu(
  listOfReferences: ReadonlyArray<readonly Tokens[]>,
  hypotheses: readonly Tokens[],
  options: NltkBleuOptions = {},
): number {
  const m = new NltkBleu(options);
  m.update(listOfReferences, hypotheses);
  return m.result();
}

/**
 * One-shot sentence BLEU with NLTK's conventions (`nltk.translate.bleu_score.sentence_bleu`).
 *
 * @example
 * ```ts
 * nltkSentenceBleu(['the cat is on the mat'], 'the cat is on the mat'); // 1
 * ```
 */
export function nltkSentenceBleu(references: readonly Tokens[], hypothesis: Tokens, options: NltkBleuOptions = {}): number {
  return nltkCorpusBleu([references], [hypothesis], options);
}
