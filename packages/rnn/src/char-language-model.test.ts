import { beforeAll, describe, expect, it } from 'vitest';
import { setSeed } from '@sinew/core';
import { mobyDickExcerpt } from '@sinew/data';
import { CharLanguageModel } from './index.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);

describe('CharLanguageModel', () => {
  it('validation loss falls well below the uniform baseline ln V on Moby-Dick; sampling follows temperature', async () => {
    setSeed(11);
    const text = mobyDickExcerpt().toLowerCase().slice(0, 12000);
    const split = Math.floor(text.length * 0.9);
    const vocab = [...new Set(text)].sort().join('');
    const lm = new CharLanguageModel({ vocabulary: vocab, units: 48 });
    const baseline = Math.log(vocab.length);
    const before = lm.evaluate(text.slice(split));
    await lm.fit(text.slice(0, split), { epochs: 8, sequenceLength: 32, stride: 32, batchSize: 32, learningRate: 0.01 });
    const after = lm.evaluate(text.slice(split));
    console.log(`char LM: ln V = ${baseline.toFixed(3)}, validation loss before ${before.toFixed(3)}, after ${after.toFixed(3)} nats/char`);
    expect(before).toBeGreaterThan(baseline - 0.1);
    expect(after).toBeLessThan(baseline - 1);
    const greedy = lm.sample({ prompt: 'the whal', length: 30, temperature: 0 });
    expect(greedy).toHaveLength(30);
    expect(lm.sample({ prompt: 'the whal', length: 30, temperature: 0 })).toBe(greedy);
    expect(() => lm.sample({ prompt: 'Ω', length: 1 })).toThrow(/not in the vocabulary/);
    lm.dispose();
  });
});
