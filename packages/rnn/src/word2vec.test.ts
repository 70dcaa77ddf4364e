import { beforeAll, describe, expect, it } from 'vitest';
import { randomFloat, setSeed } from '@sinew/core';
import { Word2Vec } from './index.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(randomFloat() * xs.length)]!;

// A corpus with two independent attributes, so that the analogy has a right answer: gender shows
// in the pronouns around a word, status in the places.
function corpus(sentences: number): string[] {
  const male = ['he', 'his', 'him'], female = ['she', 'her', 'hers'];
  const royal = ['crown', 'palace', 'throne'], common = ['street', 'market', 'field'];
  const people: [string, string[], string[]][] = [
    ['king', male, royal], ['queen', female, royal], ['man', male, common], ['woman', female, common],
  ];
  const things: [string, string[]][] = [['cat', ['eats', 'pet', 'milk']], ['dog', ['eats', 'pet', 'bone']], ['car', ['drives', 'fuel', 'road']], ['truck', ['drives', 'fuel', 'load']]];
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    if (randomFloat() < 0.6) {
      const [w, g, s] = pick(people);
      out.push(pick(g), w, pick(s));
    } else {
      const [w, ctx] = pick(things);
      out.push(pick(ctx), w, pick(ctx));
    }
  }
  return out;
}

describe('Word2Vec', () => {
  it('skip-gram with negative sampling: neighbours share contexts, king − man + woman ≈ queen', async () => {
    setSeed(1);
    const tokens = corpus(3000);
    const w2v = new Word2Vec({ embeddingDim: 16, window: 2, negatives: 5, subsample: 0 });
    const losses = await w2v.fit(tokens, { epochs: 4, batchSize: 128 });
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    expect(['dog']).toContain(w2v.nearest('cat', 1)[0]!.word);
    expect(w2v.nearest('car', 1)[0]!.word).toBe('truck');
    expect(w2v.analogy('man', 'king', 'woman')[0]!.word).toBe('queen');
    expect(w2v.analogy('king', 'queen', 'man')[0]!.word).toBe('woman');
    expect(() => w2v.nearest('unicorn')).toThrow(/not in the vocabulary/);
    w2v.dispose();
  });

  it('CBOW learns the same neighbourhoods', async () => {
    setSeed(2);
    const w2v = new Word2Vec({ mode: 'cbow', embeddingDim: 16, window: 2, subsample: 0 });
    await w2v.fit(corpus(3000), { epochs: 4, batchSize: 128 });
    expect(w2v.nearest('cat', 1)[0]!.word).toBe('dog');
    expect(w2v.nearest('queen', 1)[0]!.word).not.toMatch(/cat|dog|car|truck/);
    w2v.dispose();
  });

  it('subsampling keeps a word of frequency f with probability √(t/f) + t/f', () => {
    setSeed(3);
    // 'the' is 90% of the stream, the rest are rare.
    const tokens = Array.from({ length: 20000 }, (_, i) => (i % 10 === 0 ? `w${i % 1000}` : 'the'));
    const w2v = new Word2Vec({ mode: 'cbow', subsample: 1e-3, window: 1 });
    const { targets } = w2v.examples(tokens);
    const theId = w2v.vocabulary.indexOf('the');
    const keptThe = targets.filter((t) => t === theId).length / 18000;
    const f = 0.9;
    const expected = Math.sqrt(1e-3 / f) + 1e-3 / f;
    expect(keptThe).toBeGreaterThan(expected * 0.8);
    expect(keptThe).toBeLessThan(expected * 1.2);
    // Rare words (f = 5e-5 < t) are always kept.
    expect(targets.filter((t) => t !== theId).length).toBeGreaterThan(1900);
    w2v.dispose();
  });
});
