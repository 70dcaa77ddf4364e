import { describe, expect, it } from 'vitest';
import { CHRF, corpusChrf, sentenceChrf } from './chrf.js';

// Expected values copied from sacreBLEU's test/test_chrf.py (mjpost/sacrebleu at f615c72).
const EPS = 1e-4;

describe('chrF (sacreBLEU test_chrf.py)', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0.0],
    [['a'], ['b'], 0.0],
    [[''], ['b'], 0.0],
    [[''], ['ref'], 0.0],
    [[''], ['reference'], 0.0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50.0],
    [['a b c'], ['abc'], 50.0],
    [
      [' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100.0],
  ])('eps smoothing %j vs %j', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: true }).score;
    expect(Math.abs(s - expected)).toBeLessThan(EPS);
  });

  it.each([
    [['a'], ['a'], 100.0],
    [[''], ['reference'], 0.0],
    [['a b c'], ['a b c'], 100.0],
    [['a b c'], ['abc'], 100.0],
    [[''], ['c'], 0.0],
    [['a', 'b'], ['a', 'c'], 50.0],
    [['aa'], ['ab'], 25.0],
  ])('effective order %j vs %j', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, epsSmoothing: false }).score;
    expect(Math.abs(s - expected)).toBeLessThan(EPS);
  });

  it.each([
    [
      ['Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.'],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      67.3481606,
    ],
    [
      ['risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .'],
      ['risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .'],
      65.2414427,
    ],
  ])('keeps whitespace %#', (h, r, expected) => {
    const s = corpusChrf(h, [r], { charOrder: 6, wordOrder: 0, beta: 3, whitespace: true }).score;
    expect(Math.abs(s - expected)).toBeLessThan(EPS);
  });

  it.each([
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      ['Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.'],
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      ['A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.'],
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      ['Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.'],
      57.15704367,
    ],
  ])('sentence level %#', (h, r, expected) => {
    expect(Math.abs(sentenceChrf(h, r, { epsSmoothing: true }).score - expected)).toBeLessThan(EPS);
  });
});

describe('chrF conventions', () => {
  it("matches sacreBLEU's README example (chrF2 = 59.73)", () => {
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const s = corpusChrf(sys, refs);
    expect(s.name).toBe('chrF2');
    expect(s.score.toFixed(2)).toBe('59.73');
  });

  it("uses sacreBLEU's defaults and signature", () => {
    const c = new CHRF();
    expect([c.charOrder, c.wordOrder, c.beta, c.name]).toEqual([6, 0, 2, 'chrF2']);
    c.corpusScore(['a b'], [['a b']]);
    expect(c.signature()).toBe('nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0');
    expect(new CHRF({ wordOrder: 2 }).name).toBe('chrF2++');
  });

  it('chrF++ adds word n-grams, so word order changes the score', () => {
    const h = ['the cat sat on the mat.'];
    const r = [['the mat sat on the cat.']];
    const plain = corpusChrf(h, r).score;
    const plus = corpusChrf(h, r, { wordOrder: 2 }).score;
    expect(plus).toBeLessThan(plain);
    expect(corpusChrf(['a b.'], [['a b.']], { wordOrder: 2 }).score).toBeCloseTo(100, 10);
  });

  it('picks the best reference', () => {
    const one = sentenceChrf('the cat is here', ['the cat is here']).score;
    expect(sentenceChrf('the cat is here', ['a dog was there', 'the cat is here']).score).toBeCloseTo(one, 12);
  });

  it('streams: every split point and merge equal the one-shot corpus score', () => {
    const h = ['Niemand hat die Absicht', 'eine Mauer zu errichten', 'a b c', 'aa'];
    const r = ['Niemand hat keine Absicht', 'eine Mauer errichten', 'abc', 'ab'];
    const whole = corpusChrf(h, [r]).score;
    for (let i = 0; i <= h.length; i++) {
      const a = new CHRF();
      const b = new CHRF();
      if (i > 0) a.update([r.slice(0, i)], h.slice(0, i));
      if (i < h.length) b.update([r.slice(i)], h.slice(i));
      a.merge(b);
      expect(a.result()).toBeCloseTo(whole, 10);
    }
  });
});
