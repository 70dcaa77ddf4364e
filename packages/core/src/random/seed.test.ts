import { describe, expect, test } from 'vitest';
import { clearSeed, nextSeed, randomFloat, setSeed, shuffleIndices } from './seed.js';

describe('seeded generator', () => {
  test('same seed, same sequence; another seed, another sequence', () => {
    setSeed(5);
    const a = [nextSeed(), nextSeed(), randomFloat(), ...shuffleIndices(10)];
    setSeed(5);
    const b = [nextSeed(), nextSeed(), randomFloat(), ...shuffleIndices(10)];
    setSeed(6);
    const c = [nextSeed(), nextSeed(), randomFloat(), ...shuffleIndices(10)];
    clearSeed();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
  test('shuffleIndices is a permutation and roughly uniform', () => {
    setSeed(1);
    const firsts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) {
      const p = shuffleIndices(5);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
      firsts[p[0]!]++;
    }
    for (const f of firsts) expect(Math.abs(f - 1000)).toBeLessThan(120);
    expect(() => shuffleIndices(-1)).toThrow('shuffleIndices: n must be a non-negative integer. Received: n=-1');
    expect(() => setSeed(Number.NaN)).toThrow('setSeed: seed must be a finite number');
  });
});
