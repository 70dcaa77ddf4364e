import { describe, expect, it } from 'vitest';
import { BLEU, computeBleu, corpusBleu, sentenceBleu } from './bleu.js';

// Reference values below are copied from sacreBLEU's own test suite (mjpost/sacrebleu at f615c72,
// test/test_bleu.py and test/test_sentence_bleu.py); the inputs are theirs too.
const TOL = 1e-8; // sacreBLEU's own EPSILON

const refs = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const hyps = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

/** sacreBLEU's `raw_corpus_bleu`: floor smoothing, no tokenization, effective order. */
const rawCorpusBleu = (h: string[], r: string[][], smoothValue?: number) =>
  corpusBleu(h, r, { smoothMethod: 'floor', smoothValue, tokenize: 'none', effectiveOrder: true }).score / 100;

describe('BLEU (sacreBLEU test_bleu.py)', () => {
  it.each([
    ['default', {}, 48.530827],
    ['tokenize none', { tokenize: 'none' as const }, 49.1919566],
    ['tokenize 13a', { tokenize: '13a' as const }, 48.530827],
    ['tokenize intl', { tokenize: 'intl' as const }, 43.91623493],
    ['smooth none', { smoothMethod: 'none' as const }, 48.530827],
  ])('corpus BLEU, %s', (_, opts, expected) => {
    expect(Math.abs(corpusBleu(hyps, refs, opts).score - expected)).toBeLessThan(TOL);
  });

  it('keeps empty hypotheses (score 0)', () => {
    const s = corpusBleu(['', '', ''], refs);
    expect(s.score).toBe(0);
    expect(s.sysLen).toBe(0);
  });

  it.each([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0.0],
    [['this is a test'], [['this is a test']], 1.0],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('raw_corpus_bleu %j', (h, r, expected) => {
    // The first case has 2 hypotheses and a 2-segment stream, as in sacreBLEU's test.
    expect(Math.abs(rawCorpusBleu(h, r, 0.01) - expected)).toBeLessThan(1e-8);
  });

  it.each([
    [['test'], [['a test']], 0.3678794411714425],
    [['a test'], [['a test']], 1.0],
    [['a little test'], [['a test']], 0.03218297948685433],
  ])('effective order %j', (h, r, expected) => {
    expect(Math.abs(rawCorpusBleu(h, r, 0.01) - expected)).toBeLessThan(1e-8);
  });

  it('exposes the n-gram statistics', () => {
    const s = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], {
      smoothMethod: 'floor', smoothValue: 0.01, tokenize: 'none', effectiveOrder: true,
    });
    expect(s.counts).toEqual([4, 2, 1, 0]);
    expect(s.totals).toEqual([6, 5, 4, 3]);
    expect(s.sysLen).toBe(6);
    expect(s.refLen).toBe(8);
  });

  it('scores sufficient statistics', () => {
    expect(Math.abs(computeBleu([9, 7, 5, 3], [10, 8, 6, 4], 11, 11).score / 100 - 0.8375922397)).toBeLessThan(1e-8);
  });

  it('applies the floor offset (0 vs the 0.1 default)', () => {
    const h = ['am I am a character sequence'];
    const r = [['I am a symbol string sequence a a']];
    expect(Math.abs(rawCorpusBleu(h, r, 0.0))).toBeLessThan(1e-8);
    expect(Math.abs(rawCorpusBleu(h, r, undefined) - 0.1555722182)).toBeLessThan(1e-8);
  });

  it.each([
    [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
    [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
    [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
    [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
    [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
  ])('degenerate statistics %j / %j', (c, t, sys, ref, offset) => {
    expect(computeBleu(c, t, sys, ref, { smoothMethod: 'floor', smoothValue: offset }).score).toBe(0);
  });

  it.each([
    [1, '77.65'],
    [2, '60.50'],
    [3, '53.93'],
    [4, '48.53'],
    [5, '46.14'],
    [6, '43.28'],
  ])('maxNgramOrder %i', (order, expected) => {
    expect(new BLEU({ maxNgramOrder: order }).corpusScore(hyps, refs).score.toFixed(2)).toBe(expected);
  });
});

describe('sentence BLEU (sacreBLEU test_sentence_bleu.py)', () => {
  const REF = 'producţia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';
  it.each([
    ['exp', undefined, false, '13a', 8.493],
    ['none', undefined, false, '13a', 0.0],
    ['floor', undefined, false, '13a', 4.51688],
    ['floor', 0.1, false, '13a', 4.51688],
    ['floor', 0.5, false, '13a', 10.1],
    ['add-k', undefined, false, '13a', 14.882],
    ['add-k', 1, false, '13a', 14.882],
    ['add-k', 2, false, '13a', 21.389],
    ['exp', undefined, false, 'none', 7.347],
    ['exp', undefined, false, 'intl', 8.493],
    ['exp', undefined, false, 'char', 40.8759],
    ['exp', undefined, true, 'char', 42.0267],
  ] as const)('smooth %s[%s] lowercase=%s tok=%s', (smoothMethod, smoothValue, lowercase, tokenize, expected) => {
    const bleu = new BLEU({ smoothMethod, smoothValue, lowercase, tokenize, effectiveOrder: true });
    expect(Math.abs(bleu.sentenceScore(SYS, [REF]).score - expected)).toBeLessThan(1e-3);
  });

  it.each(['exp', 'none', 'floor', 'add-k'] as const)('no overlap scores 0 with %s', (smoothMethod) => {
    expect(new BLEU({ smoothMethod, effectiveOrder: true }).sentenceScore('this is a cat', ['okay thanks']).score).toBe(0);
  });

  it('sentenceBleu turns effective order on', () => {
    expect(sentenceBleu('a test', ['a test']).score).toBeCloseTo(100, 10);
    expect(sentenceBleu('a test', ['a test'], { effectiveOrder: false }).score).toBe(0);
  });
});

describe('BLEU conventions', () => {
  it('matches torchmetrics BLEUScore documented example (whitespace tokens, no smoothing)', () => {
    const s = corpusBleu(['the cat is on the mat'], [['there is a cat on the mat'], ['a cat is on the mat']], {
      tokenize: 'none', smoothMethod: 'none',
    });
    expect(s.score / 100).toBeCloseTo(0.7598, 4);
  });

  it('breaks closest-reference-length ties toward the shorter reference', () => {
    // hyp of 4 tokens, refs of 3 and 5 tokens: both 1 away; the 3-token one must be chosen (BP = 1).
    const s = corpusBleu(['a b c d'], [['a b c'], ['a b c d e']], { tokenize: 'none' });
    expect(s.refLen).toBe(3);
    expect(s.bp).toBe(1);
    const t = corpusBleu(['a b c d'], [['a b c d e'], ['a b c']], { tokenize: 'none' });
    expect(t.refLen).toBe(3);
  });

  it('allows a variable number of references (null entries) and says so in the signature', () => {
    const bleu = new BLEU();
    bleu.corpusScore(['a b c d', 'e f g h'], [['a b c d', 'e f g h'], ['a b c d', null]]);
    expect(bleu.signature()).toBe('nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
  });

  it('writes sacreBLEU signatures', () => {
    const bleu = new BLEU();
    bleu.corpusScore(hyps, refs);
    expect(bleu.signature()).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    const floor = new BLEU({ smoothMethod: 'floor', lowercase: true, tokenize: 'intl', effectiveOrder: true });
    floor.sentenceScore('a', ['a']);
    expect(floor.signature()).toBe('nrefs:1|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0');
    expect(new BLEU({ smoothMethod: 'add-k', smoothValue: 2 }).signature()).toContain('smooth:add-k[2.00]');
  });

  it("formats like sacreBLEU (its README's Python API example)", () => {
    const s = corpusBleu(hyps, refs);
    expect(s.format()).toBe('BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)');
    expect([s.sysLen, s.refLen]).toEqual([17, 18]);
  });

  it("handles a missing reference like sacreBLEU's README 'variable number of references' example", () => {
    const bleu = new BLEU();
    const s = bleu.corpusScore(hyps, [[null, ...refs[0]!.slice(1)], refs[1]!]);
    expect(s.format()).toBe('BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)');
    expect(bleu.signature()).toBe('nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
  });

  it('gives clear errors', () => {
    expect(() => corpusBleu(hyps, [['only one']])).toThrow(/reference stream 0 has 1 segments but there are 3 hypotheses/);
    expect(() => new BLEU({ tokenize: 'zh' as never })).toThrow(/unknown tokenizer 'zh'.*'13a', 'intl', 'char', 'none'/);
    expect(() => new BLEU({ smoothMethod: 'foo' as never })).toThrow(/unknown smoothMethod 'foo'/);
    expect(() => new BLEU({ smoothMethod: 'constructor' as never })).toThrow(/unknown smoothMethod 'constructor'/);
    expect(() => corpusBleu(['a'], [['a']], { smoothMethod: 'toString' as never })).toThrow(/unknown smoothMethod 'toString'/);
    expect(() => corpusBleu(['a'], [[null]])).toThrow(/segment 0 has no reference/);
  });
});

describe('BLEU streaming', () => {
  const stream = (i: number) => refs.map((s) => s.slice(0, i));
  const tail = (i: number) => refs.map((s) => s.slice(i));
  const oneShot = corpusBleu(hyps, refs);

  it('equals the one-shot corpus score for every split point', () => {
    for (let i = 0; i <= hyps.length; i++) {
      const bleu = new BLEU();
      if (i > 0) bleu.update(stream(i), hyps.slice(0, i));
      if (i < hyps.length) bleu.update(tail(i), hyps.slice(i));
      expect(bleu.result()).toBeCloseTo(oneShot.score, 10);
      expect(bleu.resultDetails().counts).toEqual(oneShot.counts);
    }
  });

  it('merges the statistics of two workers', () => {
    const a = new BLEU();
    const b = new BLEU();
    a.update(stream(1), hyps.slice(0, 1));
    b.update(tail(1), hyps.slice(1));
    a.merge(b);
    expect(a.result()).toBeCloseTo(oneShot.score, 10);
    expect(a.signature()).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0');
    a.reset();
    expect(a.result()).toBe(0);
  });
});
