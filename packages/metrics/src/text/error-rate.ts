import type { StreamingMetric } from '../streaming-metric.js';
import { pySplit } from './tokenizers.js';
import { checkMergeable } from '../check-merge.js';

/**
 * Levenshtein distance (unit-cost insertions, deletions, substitutions) between two sequences.
 *
 * @example
 * ```ts
 * editDistance([...'kitten'], [...'sitting']); // 3
 * ```
 */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length < b.length) return editDistance(b, a);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

type Unit = 'word' | 'char';

const split = (s: string, unit: Unit): string[] => (unit === 'word' ? pySplit(s) : Array.from(s));

/** Edit operations over reference units, summed over the corpus: the state of WER and CER. */
abstract class ErrorRate implements StreamingMetric<number, readonly string[] | string> {
  abstract readonly name: string;
  protected abstract readonly unit: Unit;
  protected abstract readonly metric: string;
  private errors = 0;
  private total = 0;

  /** Adds a batch of reference strings and the hypotheses (predictions) for them. */
  update(references: readonly string[] | string, hypotheses: readonly string[] | string): void {
    const refs = typeof references === 'string' ? [references] : references;
    const hyps = typeof hypotheses === 'string' ? [hypotheses] : hypotheses;
    if (!Array.isArray(refs) || !Array.isArray(hyps) || refs.length !== hyps.length) {
      throw new Error(
        `${this.metric}: 'references' and 'hypotheses' must be arrays of equal length, ` +
          `received ${Array.isArray(refs) ? refs.length : typeof refs} and ${Array.isArray(hyps) ? hyps.length : typeof hyps}`,
      );
    }
    refs.forEach((r, i) => {
      const h = hyps[i];
      if (typeof r !== 'string' || typeof h !== 'string') throw new TypeError(`${this.metric}: segment ${i} must be a pair of strings`);
      const ru = split(r, this.unit);
      this.errors += editDistance(split(h, this.unit), ru);
      this.total += ru.length;
    });
  }

  /** Total edits / total reference units; 0 when both are 0, Infinity when only the references are empty. */
  result(): number {
    if (this.total === 0) return this.errors === 0 ? 0 : Infinity;
    return this.errors / this.total;
  }

  reset(): void {
    this.errors = 0;
    this.total = 0;
  }

  merge(other: this): void {
    checkMergeable(this, other, this.constructor.name);
    this.errors += other.errors;
    this.total += other.total;
  }
}

/**
 * Word error rate: word-level edit distance summed over the corpus, divided by the number of
 * reference words (the corpus-level definition of jiwer and torchmetrics). Words are whitespace-split.
 *
 * @example
 * ```ts
 * const wer = new WordErrorRate();
 * wer.update(['this is the reference', 'there is another one'], ['this is the prediction', 'there is an other sample']);
 * wer.result(); // 0.5
 * ```
 */
export class WordErrorRate extends ErrorRate {
  protected readonly unit = 'word';
  protected readonly metric = 'WordErrorRate';
  constructor(readonly name = 'wer') {
    super();
  }
}

/**
 * Character error rate: character-level edit distance (spaces count) over the number of reference
 * characters, summed over the corpus (torchmetrics' definition).
 *
 * @example
 * ```ts
 * const cer = new CharErrorRate();
 * cer.update(['this is the reference', 'there is another one'], ['this is the prediction', 'there is an other sample']);
 * cer.result(); // 0.3415
 * ```
 */
export class CharErrorRate extends ErrorRate {
  protected readonly unit = 'char';
  protected readonly metric = 'CharErrorRate';
  constructor(readonly name = 'cer') {
    super();
  }
}

/**
 * One-shot {@link WordErrorRate}.
 *
 * @example
 * ```ts
 * wordErrorRate(['the cat sat'], ['the cat sit']); // 0.3333
 * ```
 */
export function wordErrorRate(references: readonly string[] | string, hypotheses: readonly string[] | string): number {
  const m = new WordErrorRate();
  m.update(references, hypotheses);
  return m.result();
}

/**
 * One-shot {@link CharErrorRate}.
 *
 * @example
 * ```ts
 * charErrorRate(['abcd'], ['abed']); // 0.25
 * ```
 */
export function charErrorRate(references: readonly string[] | string, hypotheses: readonly string[] | string): number {
  const m = new CharErrorRate();
  m.update(references, hypotheses);
  return m.result();
}
