import { describe, expect, test } from 'vitest';
import { mergeBroadcastAxes } from './broadcast-binary.js';
import { mergeReducedAxes } from './reduce.js';

describe('merging axes before a kernel that only compiles to rank 4', () => {
  test('reduced axes: neighbours alike merge, size-1 axes go', () => {
    expect(mergeReducedAxes([2, 3, 1, 4, 5], [1, 3])).toEqual({ shape: [2, 12, 5], reduced: [false, true, false] });
    // Sinew's Tile gradient: a [reps, dims] interleaving reduced at every other axis stays rank 10.
    expect(mergeReducedAxes([2, 3, 2, 3, 2, 3, 2, 3, 2, 3], [0, 2, 4, 6, 8]).shape).toHaveLength(10);
    expect(mergeReducedAxes([1, 1, 1, 1, 1], [0, 1])).toEqual({ shape: [1], reduced: [false] });
  });

  test('broadcast axes: merged where both operands are full or the same one is broadcast', () => {
    expect(mergeBroadcastAxes([2, 3, 4, 4, 8], [8])).toEqual({ a: [96, 8], b: [1, 8], out: [96, 8] });
    expect(mergeBroadcastAxes([2, 3, 2, 3, 2], [2, 1, 2, 1, 2])).toEqual({ a: [2, 3, 2, 3, 2], b: [2, 1, 2, 1, 2], out: [2, 3, 2, 3, 2] });
    expect(() => mergeBroadcastAxes([2, 3, 2, 3, 2], [3, 1, 2])).toThrow(/broadcast/);
  });
});
