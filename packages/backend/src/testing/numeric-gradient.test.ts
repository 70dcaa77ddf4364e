import { describe, expect, test } from 'vitest';
import { numericGradient, sampleIndices } from './numeric-gradient.js';

describe('numericGradient', () => {
  test('central differences are exact for quadratics and close for smooth functions', async () => {
    const [g] = await numericGradient((x) => x[0]! * x[0]!, [3], [0], 1e-3);
    expect(g).toBeCloseTo(6, 9);
    const gs = await numericGradient((x) => Math.sin(x[0]!) * Math.exp(x[1]!), [0.5, -0.2], [0, 1], 1e-4);
    expect(gs[0]).toBeCloseTo(Math.cos(0.5) * Math.exp(-0.2), 7);
    expect(gs[1]).toBeCloseTo(Math.sin(0.5) * Math.exp(-0.2), 7);
  });

  test('sampleIndices spreads over the vector and keeps both ends', () => {
    expect(sampleIndices(3, 6)).toEqual([0, 1, 2]);
    expect(sampleIndices(100, 4)).toEqual([0, 33, 66, 99]);
  });
});
