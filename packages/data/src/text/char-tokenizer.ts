/**
 * Splits text into characters (Unicode code points, so an emoji or an accented letter written as
 * one code point is one token), optionally lower-cased. Pair it with a `Vocabulary` for ids.
 *
 * @example
 * ```ts
 * import { CharTokenizer } from '@sinew/data';
 * const tok = new CharTokenizer({ lower: true });
 * console.log(tok.tokenize('Hi!')); // ['h', 'i', '!']
 * console.log(tok.detokenize(['h', 'i'])); // 'hi'
 * ```
 */
export class CharTokenizer {
  readonly lower: boolean;

  constructor(options: { lower?: boolean } = {}) {
    this.lower = options.lower ?? false;
  }

  /** The characters of `text`. */
  tokenize(text: string): string[] {
    return Array.from(this.lower ? text.toLowerCase() : text);
  }

  /** Joins characters back into text. */
  detokenize(tokens: readonly string[]): string {
    return tokens.join('');
  }
}
