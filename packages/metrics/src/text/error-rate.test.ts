import { describe, expect, it } from 'vitest';
import { CharErrorRate, WordErrorRate, charErrorRate, editDistance, wordErrorRate } from './error-rate.js';

describe('WER and CER', () => {
  const refs = ['this is the reference', 'there is another one'];
  const hyps = ['this is the prediction', 'there is an other sample'];

  it("match torchmetrics' documented examples", () => {
    expect(wordErrorRate(refs, hyps)).toBe(0.5);
    expect(charErrorRate(refs, hyps)).toBeCloseTo(0.3415, 4);
  });

  it('counts edits by hand', () => {
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    expect(editDistance([], ['a', 'b'])).toBe(2);
    expect(wordErrorRate('a b c d', 'a x c')).toBe(0.5); // one substitution, one deletion
    expect(wordErrorRate('', '')).toBe(0);
    expect(wordErrorRate('', 'extra')).toBe(Infinity);
  });

  it('streams over every split and merges', () => {
    for (let i = 0; i <= refs.length; i++) {
      const a = new WordErrorRate();
      const b = new WordErrorRate();
      a.update(refs.slice(0, i), hyps.slice(0, i));
      b.update(refs.slice(i), hyps.slice(i));
      a.merge(b);
      expect(a.result()).toBe(0.5);
    }
    const c = new CharErrorRate();
    c.update(refs[0]!, hyps[0]!);
    c.update(refs[1]!, hyps[1]!);
    expect(c.result()).toBeCloseTo(charErrorRate(refs, hyps), 14);
  });

  it('rejects mismatched batches', () => {
    expect(() => wordErrorRate(['a', 'b'], ['a'])).toThrow(/WordErrorRate: 'references' and 'hypotheses' must be arrays of equal length, received 2 and 1/);
  });
});
