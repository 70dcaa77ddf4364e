import { describe, expect, it } from 'vitest';
import { getBleuTokenizer, pySplit, tokenize13a, tokenizeChar, tokenizeIntl } from './tokenizers.js';

// Expected tokenizations are worked out by hand from the rules of mteval-v13a.pl / mteval-v14.pl as
// sacreBLEU implements them (tokenizer_13a.py, tokenizer_re.py, tokenizer_intl.py).
describe('13a tokenizer', () => {
  it.each([
    ['Hello, world!', 'Hello , world !'],
    ['It costs $3.50.', 'It costs $ 3.50 .'],
    ['1,000 people', '1,000 people'],
    ['a,b', 'a , b'],
    ['In 2019.', 'In 2019 .'],
    ['pages 5-6', 'pages 5 - 6'],
    ['well-known', 'well-known'],
    ["It wasn't", "It wasn't"],
    ['a &quot;quoted&quot; &amp; &lt;b&gt;', 'a " quoted " & < b >'],
    ['drop <skipped> this', 'drop this'],
    ['hy-\nphen and\nnewline', 'hyphen and newline'],
    ['(x) [y] {z} a/b @c #d', '( x ) [ y ] { z } a / b @ c # d'],
    ['  many   spaces  ', 'many spaces'],
  ])('%j -> %j', (input, expected) => {
    expect(tokenize13a(input)).toBe(expected);
  });
});

describe('intl tokenizer', () => {
  it.each([
    ['Hello, world!', 'Hello , world !'],
    ['3.14 and 1,000', '3.14 and 1,000'],
    // mteval-v14's quirk: a number followed by a final period keeps the period.
    ['In 2019.', 'In 2019.'],
    ['«Bonjour», dit-il: 5€.', '« Bonjour » , dit - il : 5 € .'],
    ['中文，标点。', '中文 ， 标点 。'],
    ['x+y=z', 'x + y = z'],
  ])('%j -> %j', (input, expected) => {
    expect(tokenizeIntl(input)).toBe(expected);
  });
});

describe('char and none tokenizers', () => {
  it('char splits code points, keeping spaces as tokens', () => {
    expect(tokenizeChar('ab c')).toBe('a b   c');
    expect(tokenizeChar('😀a')).toBe('😀 a');
  });
  it('none leaves the line alone', () => {
    expect(getBleuTokenizer('none')('a,b  c')).toBe('a,b  c');
  });
  it("pySplit follows Python's str.split()", () => {
    expect(pySplit(' a\u00a0b\u3000c\x1fd ')).toEqual(['a', 'b', 'c', 'd']);
    expect(pySplit('a\ufeffb')).toEqual(['a\ufeffb']);
  });
});
