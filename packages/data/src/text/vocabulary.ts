/** The special tokens of a vocabulary; set one to null to leave it out. */
export interface SpecialTokens {
  /** Padding, always id 0 when present (so zero-padding and masking agree). Default '<pad>'. */
  pad?: string | null;
  /** Unknown tokens map here. Default '<unk>'. */
  unknown?: string | null;
  /** Start of sequence (decoder input in seq2seq). Default '<s>'. */
  start?: string | null;
  /** End of sequence. Default '</s>'. */
  end?: string | null;
}

/** Options of `Vocabulary.build`. */
export interface VocabularyBuildOptions {
  /** Keep tokens seen at least this many times; default 1. */
  minFrequency?: number;
  /** Keep at most this many tokens in all, specials included (the most frequent win). */
  maxSize?: number;
  specials?: SpecialTokens;
}

/**
 * A mapping between tokens and integer ids, with special tokens first: `<pad>` = 0, `<unk>` = 1,
 * `<s>` = 2, `</s>` = 3 by default, then the corpus tokens by decreasing frequency (ties in order
 * of first appearance, as Keras's Tokenizer). Tokens not in the vocabulary encode as `<unk>` (an
 * error when the vocabulary has none).
 *
 * @example
 * ```ts
 * import { CharTokenizer, Vocabulary } from '@sinew/data';
 * const tok = new CharTokenizer();
 * const vocab = Vocabulary.build([tok.tokenize('hello')]);
 * console.log(vocab.size, vocab.tokens.slice(4)); // 8 ['l', 'h', 'e', 'o']
 * const ids = vocab.encode(tok.tokenize('hole!'), { addStart: true, addEnd: true });
 * console.log(ids); // [2, 5, 7, 4, 6, 1, 3]
 * console.log(vocab.decode(ids)); // ['h', 'o', 'l', 'e', '<unk>']  (start/end dropped)
 * ```
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly padId: number | null;
  readonly unknownId: number | null;
  readonly startId: number | null;
  readonly endId: number | null;

  /**
   * A vocabulary of exactly these tokens, in id order. `specials` names which of them play the
   * special roles (they must be in `tokens`; pad, when present, must be id 0).
   */
  constructor(readonly tokens: readonly string[], specials: SpecialTokens = {}) {
    tokens.forEach((t, i) => {
      if (this.ids.has(t)) throw new Error(`Vocabulary: token '${t}' appears twice (ids ${this.ids.get(t)} and ${i})`);
      this.ids.set(t, i);
    });
    const role = (name: string, token: string | null | undefined): number | null => {
      if (token === null || token === undefined) return null;
      const id = this.ids.get(token);
      if (id === undefined) throw new Error(`Vocabulary: the ${name} token '${token}' is not among the tokens`);
      return id;
    };
    this.padId = role('pad', specials.pad);
    this.unknownId = role('unknown', specials.unknown);
    this.startId = role('start', specials.start);
    this.endId = role('end', specials.end);
    if (this.padId !== null && this.padId !== 0) throw new Error(`Vocabulary: the pad token must have id 0, has ${this.padId}`);
  }

  /** Builds a vocabulary from token sequences (the output of a tokenizer, one array per text). */
  static build(sequences: Iterable<readonly string[]>, options: VocabularyBuildOptions = {}): Vocabulary {
    const { minFrequency = 1, maxSize = Infinity } = options;
    const s = options.specials ?? {};
    const specials: Required<SpecialTokens> = {
      pad: s.pad === undefined ? '<pad>' : s.pad,
      unknown: s.unknown === undefined ? '<unk>' : s.unknown,
      start: s.start === undefined ? '<s>' : s.start,
      end: s.end === undefined ? '</s>' : s.end,
    };
    const specialList = [specials.pad, specials.unknown, specials.start, specials.end].filter((t): t is string => t !== null);
    if (maxSize < specialList.length) {
      throw new Error(`Vocabulary.build: maxSize=${maxSize} leaves no room for the ${specialList.length} special tokens`);
    }
    const counts = new Map<string, number>();
    for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
    const specialSet = new Set(specialList);
    // Map preserves insertion order and sort is stable: ties stay in order of first appearance.
    const ranked = [...counts.entries()]
      .filter(([t, c]) => c >= minFrequency && !specialSet.has(t))
      .sort((a, b) => b[1] - a[1])
      .map(([t]) => t)
      .slice(0, maxSize - specialList.length);
    return new Vocabulary([...specialList, ...ranked], specials);
  }

  /** Number of ids (specials included): the `inputDim` of an Embedding. */
  get size(): number {
    return this.tokens.length;
  }

  /** True when `token` has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of a token (`unknownId` for unknown tokens). */
  idOf(token: string): number {
    const id = this.ids.get(token);
    if (id !== undefined) return id;
    if (this.unknownId === null) throw new Error(`Vocabulary: token '${token}' is unknown and the vocabulary has no unknown token`);
    return this.unknownId;
  }

  /** The token of an id. */
  tokenOf(id: number): string {
    const t = this.tokens[id];
    if (t === undefined) throw new Error(`Vocabulary: id ${id} is out of range [0, ${this.size})`);
    return t;
  }

  /** Token ids, with the start/end ids around them on request. */
  encode(tokens: readonly string[], options: { addStart?: boolean; addEnd?: boolean } = {}): number[] {
    const ids = tokens.map((t) => this.idOf(t));
    if (options.addStart) ids.unshift(this.required('start', this.startId));
    if (options.addEnd) ids.push(this.required('end', this.endId));
    return ids;
  }

  /** Tokens of ids; padding, start and end are dropped unless `keepSpecial`. */
  decode(ids: ArrayLike<number>, options: { keepSpecial?: boolean } = {}): string[] {
    const skip = new Set(options.keepSpecial ? [] : [this.padId, this.startId, this.endId]);
    return Array.from(ids)
      .filter((id) => !skip.has(id))
      .map((id) => this.tokenOf(id));
  }

  /** A plain-JSON form, for saving beside a model. */
  toJSON(): { tokens: string[]; specials: SpecialTokens } {
    const name = (id: number | null) => (id === null ? null : this.tokens[id]!);
    return {
      tokens: [...this.tokens],
      specials: { pad: name(this.padId), unknown: name(this.unknownId), start: name(this.startId), end: name(this.endId) },
    };
  }

  /** The inverse of `toJSON`. */
  static fromJSON(json: { tokens: string[]; specials: SpecialTokens }): Vocabulary {
    return new Vocabulary(json.tokens, json.specials);
  }

  private required(name: string, id: number | null): number {
    if (id === null) throw new Error(`Vocabulary: cannot add the ${name} token, the vocabulary has none`);
    return id;
  }
}
