/** Keras's default `filters` of `Tokenizer` / `text_to_word_sequence`: punctuation, tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/**
 * Splits text into words the way Keras's `text_to_word_sequence` does: lower-case (by default),
 * replace every character of `filters` with the separator, split on it, drop empty strings. The
 * apostrophe is not filtered, so "it's" stays one word.
 *
 * @example
 * ```ts
 * import { WordTokenizer } from '@sinew/data';
 * const tok = new WordTokenizer();
 * console.log(tok.tokenize("Hello, World! It's here.")); // ['hello', 'world', "it's", 'here']
 * ```
 */
export class WordTokenizer {
  readonly lower: boolean;
  readonly filters: string;
  readonly split: string;

  constructor(options: { lower?: boolean; filters?: string; split?: string } = {}) {
    this.lower = options.lower ?? true;
    this.filters = options.filters ?? KERAS_FILTERS;
    this.split = options.split ?? ' ';
    if (this.split === '') throw new Error("WordTokenizer: split must not be empty, received split=''");
  }

  /** The words of `text`. */
  tokenize(text: string): string[] {
    let s = this.lower ? text.toLowerCase() : text;
    if (this.filters.length > 0) {
      const filters = new Set(this.filters);
      s = Array.from(s, (c) => (filters.has(c) ? this.split : c)).join('');
    }
    return s.split(this.split).filter((w) => w.length > 0);
  }

  /** Joins words with the separator. */
  detokenize(tokens: readonly string[]): string {
    return tokens.join(this.split);
  }
}
