import type { StreamingMetric } from '../streaming-metric.js';
import { getBleuTokenizer, pyRstrip, pySplit, type BleuTokenizerName, type Tokenizer } from './tokenizers.js';
import { clippedMatches, countNgrams, pyFixed, type NgramCounts } from './ngrams.js';
import { checkMergeable } from '../check-merge.js';

/**
 * The sacreBLEU version whose BLEU and chrF this module reproduces (checked against its source and
 * tests); it is the `version:` field of the signatures.
 *
 * @example
 * ```ts
 * SACREBLEU_VERSION; // '2.6.0'
 * ```
 */
export const SACREBLEU_VERSION = '2.6.0';

/** Smoothing of zero n-gram precisions (Chen and Cherry 2014), as sacreBLEU names them. */
export type BleuSmoothMethod = 'exp' | 'floor' | 'add-k' | 'none';

const SMOOTH_DEFAULTS: Record<BleuSmoothMethod, number | undefined> = { none: undefined, floor: 0.1, 'add-k': 1, exp: undefined };

/** Options of {@link BLEU}, with sacreBLEU's names camel-cased and its defaults. */
export interface BleuOptions {
  /** '13a' (default, mteval-v13a as used by WMT), 'intl', 'char' or 'none'. */
  tokenize?: BleuTokenizerName;
  /** 'exp' (default, NIST geometric), 'floor', 'add-k' or 'none'. */
  smoothMethod?: BleuSmoothMethod;
  /** The value for 'floor' (default 0.1) and 'add-k' (default 1). */
  smoothValue?: number;
  /** Highest n-gram order; default 4. */
  maxNgramOrder?: number;
  /** Stop at the highest order with a non-zero total (use for sentence-level BLEU); default false. */
  effectiveOrder?: boolean;
  /** Lowercase hypotheses and references before tokenizing; default false. */
  lowercase?: boolean;
  name?: string;
}

/**
 * References in sacreBLEU's layout: one or more reference *streams*, each with one entry per
 * hypothesis (`references[k][i]` is the k-th reference of segment i). `null` entries let segments have
 * different numbers of references. A flat `string[]` is a single stream.
 */
export type BleuReferences = readonly string[] | ReadonlyArray<ReadonlyArray<string | null | undefined>>;

/** A BLEU result with its sufficient statistics, mirroring sacreBLEU's `BLEUScore`. */
export interface BleuScore {
  /** BLEU on sacreBLEU's 0..100 scale. */
  score: number;
  /** Matched n-grams per order (after add-k smoothing, as sacreBLEU reports them). */
  counts: number[];
  /** Hypothesis n-grams per order (after add-k smoothing). */
  totals: number[];
  /** Precisions per order, in percent. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  sysLen: number;
  refLen: number;
  /** sysLen / refLen (0 when refLen is 0). */
  ratio: number;
  /** sacreBLEU's one-line report, e.g. `BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ...)`. */
  format(width?: number, signature?: string): string;
}

function logFloor(x: number): number {
  // sacreBLEU's my_log: log(0) floors at -9999999999 so that exp() of the mean gives 0, not NaN.
  return x === 0 ? -9999999999 : Math.log(x);
}

function makeScore(score: number, counts: number[], totals: number[], precisions: number[], bp: number, sysLen: number, refLen: number): BleuScore {
  const ratio = refLen ? sysLen / refLen : 0;
  return {
    score,
    counts,
    totals,
    precisions,
    bp,
    sysLen,
    refLen,
    ratio,
    format(width = 2, signature = '') {
      const head = signature ? `BLEU|${signature}` : 'BLEU';
      const prec = precisions.map((p) => pyFixed(p, 1)).join('/');
      return (
        `${head} = ${pyFixed(score, width)} ${prec} (BP = ${pyFixed(bp, 3)} ratio = ${pyFixed(ratio, 3)} ` +
        `hyp_len = ${sysLen} ref_len = ${refLen})`
      );
    },
  };
}

/**
 * BLEU from its sufficient statistics (sacreBLEU's `BLEU.compute_bleu`): matched and total n-grams per
 * order, and the corpus hypothesis and closest-reference lengths.
 *
 * @example
 * ```ts
 * computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score; // 83.75922397
 * ```
 */
export function computeBleu(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  {
    smoothMethod = 'none',
    smoothValue,
    effectiveOrder = false,
    maxNgramOrder = correct.length,
  }: Pick<BleuOptions, 'smoothMethod' | 'smoothValue' | 'effectiveOrder' | 'maxNgramOrder'> = {},
): BleuScore {
  if (!Object.hasOwn(SMOOTH_DEFAULTS, smoothMethod)) {
    throw new Error(`BLEU: unknown smoothMethod '${smoothMethod}'; known: 'exp', 'floor', 'add-k', 'none'`);
  }
  const value = smoothValue ?? SMOOTH_DEFAULTS[smoothMethod] ?? 0;
  const c = correct.slice(0, maxNgramOrder);
  const t = total.slice(0, maxNgramOrder);
  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(maxNgramOrder).fill(0);
  // No match at any order gives 0 whatever the smoothing (sacreBLEU #141).
  if (!c.some((x) => x !== 0)) return makeScore(0, c, t, precisions, bp, sysLen, refLen);
  let smoothMteval = 1;
  let effOrder = maxNgramOrder;
  for (let n = 1; n <= maxNgramOrder; n++) {
    if (smoothMethod === 'add-k' && n > 1) {
      c[n - 1] = c[n - 1]! + value;
      t[n - 1] = t[n - 1]! + value;
    }
    if (t[n - 1] === 0) break;
    if (effectiveOrder) effOrder = n;
    if (c[n - 1] === 0) {
      if (smoothMethod === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t[n - 1]!);
      } else if (smoothMethod === 'floor') {
        precisions[n - 1] = (100 * value) / t[n - 1]!;
      }
    } else {
      precisions[n - 1] = (100 * c[n - 1]!) / t[n - 1]!;
    }
  }
  let logSum = 0;
  for (let k = 0; k < effOrder; k++) logSum += logFloor(precisions[k]!);
  return makeScore(bp * Math.exp(logSum / effOrder), c, t, precisions, bp, sysLen, refLen);
}

/** Normalises the references argument to streams and checks it against the hypothesis count. */
export function referenceStreams(refs: BleuReferences, numHyps: number, metric: string): ReadonlyArray<ReadonlyArray<string | null | undefined>> {
  if (!Array.isArray(refs)) throw new TypeError(`${metric}: 'references' must be an array of reference streams`);
  const streams = refs.length > 0 && refs.every((r) => typeof r === 'string') ? [refs as readonly string[]] : (refs as ReadonlyArray<ReadonlyArray<string | null | undefined>>);
  if (streams.length === 0) throw new Error(`${metric}: 'references' is empty; give at least one reference stream`);
  streams.forEach((s, k) => {
    if (!Array.isArray(s)) {
      throw new TypeError(`${metric}: 'references[${k}]' must be an array (one reference per hypothesis), received ${typeof s}`);
    }
    if (s.length !== numHyps) {
      throw new Error(`${metric}: reference stream ${k} has ${s.length} segments but there are ${numHyps} hypotheses`);
    }
  });
  return streams;
}

/** The references of segment i across streams, dropping null/undefined entries. */
export function segmentRefs(streams: ReadonlyArray<ReadonlyArray<string | null | undefined>>, i: number, metric: string): string[] {
  const out: string[] = [];
  for (const s of streams) {
    const r = s[i];
    if (r === null || r === undefined) continue;
    if (typeof r !== 'string') throw new TypeError(`${metric}: reference of segment ${i} must be a string, received ${typeof r}`);
    out.push(r);
  }
  if (out.length === 0) throw new Error(`${metric}: segment ${i} has no reference (all streams are null there)`);
  return out;
}

/**
 * BLEU compatible with sacreBLEU: the same tokenizers, smoothing, effective order, closest reference
 * length (ties go to the shorter reference) and corpus aggregation, so scores agree with sacreBLEU's
 * to float64 rounding. It is also a {@link StreamingMetric}: `update(references, hypotheses)` adds the
 * n-gram statistics of a batch, `merge` adds another instance's statistics, and `result()` is the
 * corpus BLEU of everything seen (0..100), equal to `corpusScore` on the concatenated corpus.
 *
 * @example
 * ```ts
 * const bleu = new BLEU();
 * const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
 * const refs = [
 *   ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
 *   ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
 * ];
 * bleu.corpusScore(hyps, refs).score; // 48.530827...
 * bleu.signature(); // 'nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0'
 * ```
 */
export class BLEU implements StreamingMetric<number, BleuReferences, readonly string[]> {
  readonly name: string;
  readonly tokenize: BleuTokenizerName;
  readonly smoothMethod: BleuSmoothMethod;
  readonly smoothValue: number | undefined;
  readonly maxNgramOrder: number;
  readonly effectiveOrder: boolean;
  readonly lowercase: boolean;
  private readonly tokenizer: Tokenizer;
  private stats: number[];
  private nrefs = new Set<number>();

  constructor(options: BleuOptions = {}) {
    this.tokenize = options.tokenize ?? '13a';
    this.tokenizer = getBleuTokenizer(this.tokenize);
    this.smoothMethod = options.smoothMethod ?? 'exp';
    if (!Object.hasOwn(SMOOTH_DEFAULTS, this.smoothMethod)) {
      throw new Error(`BLEU: unknown smoothMethod '${this.smoothMethod}'; known: 'exp', 'floor', 'add-k', 'none'`);
    }
    this.smoothValue = options.smoothValue;
    this.maxNgramOrder = options.maxNgramOrder ?? 4;
    if (!Number.isInteger(this.maxNgramOrder) || this.maxNgramOrder < 1) {
      throw new Error(`BLEU: 'maxNgramOrder' must be an integer >= 1, received ${this.maxNgramOrder}`);
    }
    this.effectiveOrder = options.effectiveOrder ?? false;
    this.lowercase = options.lowercase ?? false;
    this.name = options.name ?? 'bleu';
    this.stats = this.emptyStats();
  }

  private emptyStats(): number[] {
    return new Array<number>(2 + 2 * this.maxNgramOrder).fill(0);
  }

  private preprocess(s: string): string {
    return this.tokenizer(pyRstrip(this.lowercase ? s.toLowerCase() : s));
  }

  /**
   * Segment statistics `[hypLen, refLen, correct_1..N, total_1..N]` of one hypothesis against its
   * references (sacreBLEU's `_compute_segment_statistics`).
   */
  segmentStatistics(hypothesis: string, references: readonly string[]): number[] {
    const N = this.maxNgramOrder;
    const refMax: NgramCounts[] = Array.from({ length: N }, () => new Map());
    const refLens: number[] = [];
    for (const r of references) {
      const toks = pySplit(this.preprocess(r));
      refLens.push(toks.length);
      countNgrams(toks, N).forEach((m, k) => {
        const acc = refMax[k]!;
        for (const [g, c] of m) acc.set(g, Math.max(acc.get(g) ?? 0, c));
      });
    }
    const hypToks = pySplit(this.preprocess(hypothesis));
    const hypLen = hypToks.length;
    let refLen = -1;
    let best = -1;
    for (const len of refLens) {
      const diff = Math.abs(hypLen - len);
      if (best === -1 || diff < best || (diff === best && len < refLen)) {
        best = diff;
        refLen = len;
      }
    }
    const hypNgrams = countNgrams(hypToks, N);
    const correct = hypNgrams.map((m, k) => clippedMatches(m, refMax[k]!));
    const total = hypNgrams.map((m) => {
      let s = 0;
      for (const c of m.values()) s += c;
      return s;
    });
    return [hypLen, refLen, ...correct, ...total];
  }

  private corpusStatistics(hypotheses: readonly string[], references: BleuReferences, nrefs: Set<number>): number[] {
    if (!Array.isArray(hypotheses) || hypotheses.some((h) => typeof h !== 'string')) {
      throw new TypeError(`BLEU: 'hypotheses' must be an array of strings`);
    }
    const streams = referenceStreams(references, hypotheses.length, 'BLEU');
    const sum = this.emptyStats();
    hypotheses.forEach((h, i) => {
      const refs = segmentRefs(streams, i, 'BLEU');
      nrefs.add(refs.length);
      this.segmentStatistics(h, refs).forEach((v, k) => (sum[k]! += v));
    });
    return sum;
  }

  /** BLEU of summed statistics with this instance's smoothing settings. */
  scoreFromStatistics(stats: readonly number[]): BleuScore {
    const N = this.maxNgramOrder;
    return computeBleu(stats.slice(2, 2 + N), stats.slice(2 + N, 2 + 2 * N), stats[0]!, stats[1]!, this);
  }

  /**
   * Corpus BLEU of `hypotheses` against `references` (sacreBLEU's layout, see {@link BleuReferences}).
   * Does not touch the streaming state.
   */
  corpusScore(hypotheses: readonly string[], references: BleuReferences): BleuScore {
    const nrefs = new Set<number>();
    const score = this.scoreFromStatistics(this.corpusStatistics(hypotheses, references, nrefs));
    this.lastNrefs = nrefs;
    return score;
  }

  /** Sentence BLEU of one hypothesis against its references (consider `effectiveOrder: true`). */
  sentenceScore(hypothesis: string, references: readonly string[]): BleuScore {
    if (typeof hypothesis !== 'string') throw new TypeError(`BLEU: 'hypothesis' must be a string`);
    if (!Array.isArray(references) || references.length === 0) throw new TypeError(`BLEU: 'references' must be a non-empty array of strings`);
    return this.corpusScore([hypothesis], references.map((r) => [r]));
  }

  private lastNrefs = new Set<number>();

  /**
   * sacreBLEU's reproducibility signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
   * The reference count comes from the last `corpusScore`/`sentenceScore` call, or from the streaming
   * state when nothing was scored one-shot; it is 'var' when segments had different counts.
   */
  signature(): string {
    const seen = this.lastNrefs.size > 0 ? this.lastNrefs : this.nrefs;
    const nrefs = seen.size === 1 ? String([...seen][0]) : seen.size === 0 ? '?' : 'var';
    let smooth: string = this.smoothMethod;
    const def = SMOOTH_DEFAULTS[this.smoothMethod];
    if (def !== undefined) smooth += `[${pyFixed(this.smoothValue ?? def, 2)}]`;
    return `nrefs:${nrefs}|case:${this.lowercase ? 'lc' : 'mixed'}|eff:${this.effectiveOrder ? 'yes' : 'no'}|tok:${this.tokenize}|smooth:${smooth}|version:${SACREBLEU_VERSION}`;
  }

  /** Adds a batch: `references` in sacreBLEU's stream layout, `hypotheses` one string per segment. */
  update(references: BleuReferences, hypotheses: readonly string[]): void {
    this.lastNrefs = new Set();
    this.corpusStatistics(hypotheses, references, this.nrefs).forEach((v, k) => (this.stats[k]! += v));
  }

  /** Corpus BLEU (0..100) of everything added since the last reset. */
  result(): number {
    return this.scoreFromStatistics(this.stats).score;
  }

  /** The full {@link BleuScore} of the streaming state. */
  resultDetails(): BleuScore {
    return this.scoreFromStatistics(this.stats);
  }

  /** The summed statistics `[sysLen, refLen, correct_1..N, total_1..N]` of the streaming state. */
  statistics(): number[] {
    return this.stats.slice();
  }

  reset(): void {
    this.stats = this.emptyStats();
    this.nrefs = new Set();
  }

  merge(other: this): void {
    checkMergeable(this, other, 'BLEU');
    if (other.maxNgramOrder !== this.maxNgramOrder) throw new Error(`BLEU: cannot merge states with maxNgramOrder ${other.maxNgramOrder} and ${this.maxNgramOrder}`);
    other.stats.forEach((v, k) => (this.stats[k]! += v));
    other.nrefs.forEach((n) => this.nrefs.add(n));
  }
}

/**
 * One-shot corpus BLEU (sacreBLEU's `corpus_bleu`).
 *
 * @example
 * ```ts
 * corpusBleu(['the cat sat on the mat'], [['the cat sat on the mat']]).score; // 100
 * ```
 */
export function corpusBleu(hypotheses: readonly string[], references: BleuReferences, options: BleuOptions = {}): BleuScore {
  return new BLEU(options).corpusScore(hypotheses, references);
}

/**
 * One-shot sentence BLEU (sacreBLEU's `sentence_bleu`: effective order on by default, as there).
 *
 * @example
 * ```ts
 * sentenceBleu('a test', ['a test']).score; // 100
 * ```
 */
export function sentenceBleu(hypothesis: string, references: readonly string[], options: BleuOptions = {}): BleuScore {
  return new BLEU({ effectiveOrder: true, ...options }).sentenceScore(hypothesis, references);
}
