import type { StreamingMetric } from '../streaming-metric.js';
import { SACREBLEU_VERSION, referenceStreams, segmentRefs, type BleuReferences } from './bleu.js';
import { clippedMatches, totalCount, type NgramCounts } from './ngrams.js';
import { pySplit } from './tokenizers.js';
import { checkMergeable } from '../check-merge.js';

/** Options of {@link CHRF}, sacreBLEU's names camel-cased, with its defaults. */
export interface ChrfOptions {
  /** Character n-gram order; default 6. */
  charOrder?: number;
  /** Word n-gram order; default 0 (chrF). 2 gives chrF++. */
  wordOrder?: number;
  /** Recall weight; default 2. */
  beta?: number;
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams; default false. */
  whitespace?: boolean;
  /** chrF++.py-style epsilon smoothing instead of sacreBLEU's effective-order averaging; default false. */
  epsSmoothing?: boolean;
  name?: string;
}

const PUNCTS = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

function charNgrams(line: string, order: number, whitespace: boolean): NgramCounts[] {
  const chars = Array.from(whitespace ? line : pySplit(line).join(''));
  const out: NgramCounts[] = [];
  for (let n = 1; n <= order; n++) {
    const m: NgramCounts = new Map();
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** chrF++'s word split: a word of length > 1 loses one punctuation mark from its end, else its start. */
function wordsOf(line: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(line)) {
    const cs = Array.from(w);
    if (cs.length === 1) out.push(w);
    else if (PUNCTS.has(cs[cs.length - 1]!)) out.push(cs.slice(0, -1).join(''), cs[cs.length - 1]!);
    else if (PUNCTS.has(cs[0]!)) out.push(cs[0]!, cs.slice(1).join(''));
    else out.push(w);
  }
  return out;
}

function wordNgrams(words: readonly string[], n: number): NgramCounts {
  const m: NgramCounts = new Map();
  for (let i = 0; i + n <= words.length; i++) {
    const g = words.slice(i, i + n).join(' ');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * chrF and chrF++ compatible with sacreBLEU (Popović 2015, 2017): an F-beta score over character
 * (and optionally word) n-gram precision and recall, 0..100. With several references per segment,
 * the statistics of the reference with the best segment score are used. Streaming sums the
 * per-order (hyp, ref, match) counts, so `result()` equals `corpusScore` over all batches.
 *
 * @example
 * ```ts
 * const chrf = new CHRF();
 * chrf.sentenceScore('Niemand hat die Absicht, eine Mauer zu errichten', ['Niemand hat die Absicht, eine Mauer zu errichten']).score; // 100
 * chrf.signature(); // 'nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0'
 * ```
 */
export class CHRF implements StreamingMetric<number, BleuReferences, readonly string[]> {
  readonly name: string;
  readonly charOrder: number;
  readonly wordOrder: number;
  readonly beta: number;
  readonly lowercase: boolean;
  readonly whitespace: boolean;
  readonly epsSmoothing: boolean;
  private stats: number[];
  private nrefs = new Set<number>();

  constructor(options: ChrfOptions = {}) {
    this.charOrder = options.charOrder ?? 6;
    this.wordOrder = options.wordOrder ?? 0;
    this.beta = options.beta ?? 2;
    if (!Number.isInteger(this.charOrder) || this.charOrder < 0 || !Number.isInteger(this.wordOrder) || this.wordOrder < 0 || this.charOrder + this.wordOrder === 0) {
      throw new Error(`CHRF: 'charOrder' and 'wordOrder' must be integers >= 0, not both 0; received charOrder=${this.charOrder}, wordOrder=${this.wordOrder}`);
    }
    this.lowercase = options.lowercase ?? false;
    this.whitespace = options.whitespace ?? false;
    this.epsSmoothing = options.epsSmoothing ?? false;
    this.name = options.name ?? `chrF${this.beta}${'+'.repeat(this.wordOrder)}`;
    this.stats = this.empty();
  }

  private empty(): number[] {
    return new Array<number>(3 * (this.charOrder + this.wordOrder)).fill(0);
  }

  private ngrams(line: string): NgramCounts[] {
    const s = this.lowercase ? line.toLowerCase() : line;
    const out = charNgrams(s, this.charOrder, this.whitespace);
    if (this.wordOrder > 0) {
      const words = wordsOf(s);
      for (let n = 1; n <= this.wordOrder; n++) out.push(wordNgrams(words, n));
    }
    return out;
  }

  /** chrF (0..100) of flat statistics `[hyp, ref, match]` per order (sacreBLEU's `_compute_f_score`). */
  fScore(stats: readonly number[]): number {
    const eps = 1e-16;
    const factor = this.beta ** 2;
    const order = this.charOrder + this.wordOrder;
    let score = 0;
    let eff = 0;
    let avgP = 0;
    let avgR = 0;
    for (let i = 0; i < order; i++) {
      const nHyp = stats[3 * i]!;
      const nRef = stats[3 * i + 1]!;
      const nMatch = stats[3 * i + 2]!;
      const prec = nHyp > 0 ? nMatch / nHyp : eps;
      const rec = nRef > 0 ? nMatch / nRef : eps;
      const denom = factor * prec + rec;
      score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
      if (nHyp > 0 && nRef > 0) {
        avgP += prec;
        avgR += rec;
        eff++;
      }
    }
    if (this.epsSmoothing) return (100 * score) / order;
    if (eff === 0) {
      avgP = 0;
      avgR = 0;
    } else {
      avgP /= eff;
      avgR /= eff;
    }
    if (avgP + avgR) return (100 * ((1 + factor) * avgP * avgR)) / (factor * avgP + avgR);
    return 0;
  }

  /** Statistics of one segment against its references: those of the best-scoring reference. */
  segmentStatistics(hypothesis: string, references: readonly string[]): number[] {
    const hyp = this.ngrams(hypothesis);
    let best: number[] = [];
    let bestF = -1;
    for (const r of references) {
      const ref = this.ngrams(r);
      const stats: number[] = [];
      hyp.forEach((h, k) => {
        const rk = ref[k]!;
        let hypCount = 0;
        for (const c of h.values()) hypCount += c;
        stats.push(rk.size > 0 ? hypCount : 0, totalCount(rk), clippedMatches(h, rk));
      });
      const f = this.fScore(stats);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    return best;
  }

  private corpusStatistics(hypotheses: readonly string[], references: BleuReferences, nrefs: Set<number>): number[] {
    if (!Array.isArray(hypotheses) || hypotheses.some((h) => typeof h !== 'string')) throw new TypeError(`CHRF: 'hypotheses' must be an array of strings`);
    const streams = referenceStreams(references, hypotheses.length, 'CHRF');
    const sum = this.empty();
    hypotheses.forEach((h, i) => {
      const refs = segmentRefs(streams, i, 'CHRF');
      nrefs.add(refs.length);
      this.segmentStatistics(h, refs).forEach((v, k) => (sum[k]! += v));
    });
    return sum;
  }

  private lastNrefs = new Set<number>();

  /** Corpus chrF of hypotheses against references in sacreBLEU's stream layout. */
  corpusScore(hypotheses: readonly string[], references: BleuReferences): { score: number; name: string } {
    const nrefs = new Set<number>();
    const score = this.fScore(this.corpusStatistics(hypotheses, references, nrefs));
    this.lastNrefs = nrefs;
    return { score, name: this.name };
  }

  /** Sentence chrF of one hypothesis against its references. */
  sentenceScore(hypothesis: string, references: readonly string[]): { score: number; name: string } {
    return this.corpusScore([hypothesis], references.map((r) => [r]));
  }

  /** sacreBLEU's chrF signature, e.g. `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`. */
  signature(): string {
    const seen = this.lastNrefs.size > 0 ? this.lastNrefs : this.nrefs;
    const nrefs = seen.size === 1 ? String([...seen][0]) : seen.size === 0 ? '?' : 'var';
    return (
      `nrefs:${nrefs}|case:${this.lowercase ? 'lc' : 'mixed'}|eff:${this.epsSmoothing ? 'no' : 'yes'}|nc:${this.charOrder}` +
      `|nw:${this.wordOrder}|space:${this.whitespace ? 'yes' : 'no'}|version:${SACREBLEU_VERSION}`
    );
  }

  /** Adds a batch: `references` in sacreBLEU's stream layout, one hypothesis per segment. */
  update(references: BleuReferences, hypotheses: readonly string[]): void {
    this.lastNrefs = new Set();
    this.corpusStatistics(hypotheses, references, this.nrefs).forEach((v, k) => (this.stats[k]! += v));
  }

  result(): number {
    return this.fScore(this.stats);
  }

  reset(): void {
    this.stats = this.empty();
    this.nrefs = new Set();
  }

  merge(other: this): void {
    checkMergeable(this, other, 'CHRF');
    if (other.stats.length !== this.stats.length) throw new Error(`CHRF: cannot merge states with different n-gram orders`);
    other.stats.forEach((v, k) => (this.stats[k]! += v));
    other.nrefs.forEach((n) => this.nrefs.add(n));
  }
}

/**
 * One-shot corpus chrF (sacreBLEU's `corpus_chrf`).
 *
 * @example
 * ```ts
 * corpusChrf(['a b c'], [['a b c']], { beta: 3 }).score; // 100
 * ```
 */
export function corpusChrf(hypotheses: readonly string[], references: BleuReferences, options: ChrfOptions = {}): { score: number; name: string } {
  return new CHRF(options).corpusScore(hypotheses, references);
}

/**
 * One-shot sentence chrF (sacreBLEU's `sentence_chrf`).
 *
 * @example
 * ```ts
 * sentenceChrf('a b c', ['a b c']).score; // 100
 * ```
 */
export function sentenceChrf(hypothesis: string, references: readonly string[], options: ChrfOptions = {}): { score: number; name: string } {
  return new CHRF(options).sentenceScore(hypothesis, references);
}
