import { describe, expect, test } from 'vitest';
import { drawInput, seededRandom } from './random-inputs.js';

describe('drawInput', () => {
  test('is deterministic per seed', () => {
    expect(drawInput({ shape: [5] }, seededRandom(1))).toEqual(drawInput({ shape: [5] }, seededRandom(1)));
    expect(drawInput({ shape: [5] }, seededRandom(1))).not.toEqual(drawInput({ shape: [5] }, seededRandom(2)));
  });

  test('distinct values are at least 0.05 apart; awayFromZero stays 0.2 from zero; positive stays above 0.5', () => {
    const d = drawInput({ shape: [4, 6], init: 'distinct' }, seededRandom(3)).sort((a, b) => a - b);
    for (let i = 1; i < d.length; i++) expect(d[i]! - d[i - 1]!).toBeGreaterThanOrEqual(0.05 - 1e-12);
    expect(Math.min(...drawInput({ shape: [50], init: 'awayFromZero' }, seededRandom(4)).map(Math.abs))).toBeGreaterThanOrEqual(0.2);
    expect(Math.min(...drawInput({ shape: [50], init: 'positive' }, seededRandom(5)))).toBeGreaterThanOrEqual(0.5);
  });

  test('probability rows sum to one; ints stay in range; exact values are checked against the shape', () => {
    const p = drawInput({ shape: [3, 4], init: 'probabilities' }, seededRandom(6));
    for (let r = 0; r < 3; r++) expect(p.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ints = drawInput({ shape: [40], dtype: 'int32', init: { int: [2, 4] } }, seededRandom(7));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4]));
    expect(() => drawInput({ shape: [2, 2], init: { values: [1, 2, 3] } }, seededRandom(8))).toThrow(/3 values given for shape \[2, 2\]/);
  });
});
