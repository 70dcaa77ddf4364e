/** The tokenizers of sacreBLEU that need no external model. */
export type BleuTokenizerName = '13a' | 'intl' | 'char' | 'none';

/** A sacreBLEU-style tokenizer: a line in, the same line with tokens separated by single spaces out. */
export type Tokenizer = (line: string) => string;

/**
 * The characters Python's `str.split()` splits on (`str.isspace`): JS `\s` plus the ASCII information
 * separators U+001C..U+001F and U+0085, minus U+FEFF, which Python does not treat as space.
 */
// eslint-disable-next-line no-control-regex -- the separators U+001C..U+001F are whitespace to Python
const PY_SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
// eslint-disable-next-line no-control-regex -- as PY_SPACE
const PY_TRAILING_SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

/** Python's `str.rstrip()` with no argument (strips trailing `str.isspace` characters). */
export function pyRstrip(s: string): string {
  return s.replace(PY_TRAILING_SPACE, '');
}

/** Splits on runs of whitespace and drops empty pieces, as Python's `str.split()` with no argument. */
export function pySplit(line: string): string[] {
  return line.split(PY_SPACE).filter((s) => s.length > 0);
}

// mteval-v13a's language-dependent rules, applied in order to " line ".
// 1. Split off every ASCII symbol/punctuation except period, comma, hyphen and apostrophe
//    ({|}~, [\]^_`, space..&, (..+, :..@, /).
const RE_13A_SYMBOLS = /([{-~[-` -&(-+:-@/])/g;
// 2. Period and comma are split unless preceded by a digit ...
const RE_13A_NONDIGIT_PUNCT = /([^0-9])([.,])/g;
// 3. ... or followed by a digit, so "3.14" and "1,000" survive.
const RE_13A_PUNCT_NONDIGIT = /([.,])([^0-9])/g;
// 4. A hyphen after a digit is split ("5-6" -> "5 - 6").
const RE_13A_DIGIT_DASH = /([0-9])(-)/g;

/**
 * sacreBLEU's default '13a' tokenizer, equivalent to mteval-v13a.pl used by WMT: drops `<skipped>`,
 * joins hyphenated line breaks, unescapes `&quot; &amp; &lt; &gt;`, then splits punctuation (see the
 * rules above) and collapses whitespace.
 *
 * @example
 * ```ts
 * tokenize13a('Hello, world! It costs $3.50.'); // 'Hello , world ! It costs $ 3.50 .'
 * ```
 */
export function tokenize13a(line: string): string {
  let s = line.split('<skipped>').join('').split('-\n').join('').split('\n').join(' ');
  if (s.includes('&')) {
    s = s.split('&quot;').join('"').split('&amp;').join('&').split('&lt;').join('<').split('&gt;').join('>');
  }
  s = ` ${s} `;
  s = s.replace(RE_13A_SYMBOLS, ' $1 ');
  s = s.replace(RE_13A_NONDIGIT_PUNCT, '$1 $2 ');
  s = s.replace(RE_13A_PUNCT_NONDIGIT, ' $1 $2');
  s = s.replace(RE_13A_DIGIT_DASH, '$1 $2 ');
  return pySplit(s).join(' ');
}

// mteval-v14's international rules, over Unicode general categories: punctuation (P) is split off
// unless it sits between digits (N), and every symbol (S) is split off.
const RE_INTL_NONDIGIT_PUNCT = /(\P{N})(\p{P})/gu;
const RE_INTL_PUNCT_NONDIGIT = /(\p{P})(\P{N})/gu;
const RE_INTL_SYMBOL = /(\p{S})/gu;

/**
 * sacreBLEU's 'intl' tokenizer (mteval-v14 international): splits Unicode punctuation not between
 * digits and every Unicode symbol. Like mteval-v14, a final period right after a number stays attached.
 *
 * @example
 * ```ts
 * tokenizeIntl('«Bonjour», dit-il: 5€.'); // '« Bonjour » , dit - il : 5 € .'
 * ```
 */
export function tokenizeIntl(line: string): string {
  let s = line.replace(RE_INTL_NONDIGIT_PUNCT, '$1 $2 ');
  s = s.replace(RE_INTL_PUNCT_NONDIGIT, ' $1 $2');
  s = s.replace(RE_INTL_SYMBOL, ' $1 ');
  return pySplit(s).join(' ');
}

/**
 * sacreBLEU's 'char' tokenizer: every code point (spaces included) becomes a token.
 *
 * @example
 * ```ts
 * tokenizeChar('ab c'); // 'a b   c'
 * ```
 */
export function tokenizeChar(line: string): string {
  return Array.from(line).join(' ');
}

/**
 * Returns the sacreBLEU tokenizer of that name, or throws listing the known names.
 *
 * @example
 * ```ts
 * getBleuTokenizer('intl')('5€.'); // '5 € .'
 * ```
 */
export function getBleuTokenizer(name: BleuTokenizerName): Tokenizer {
  switch (name) {
    case '13a':
      return tokenize13a;
    case 'intl':
      return tokenizeIntl;
    case 'char':
      return tokenizeChar;
    case 'none':
      return (line) => line;
    default:
      throw new Error(`BLEU: unknown tokenizer '${String(name)}'; known tokenizers: '13a', 'intl', 'char', 'none'`);
  }
}
