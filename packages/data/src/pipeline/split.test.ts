import { describe, expect, test } from 'vitest';
import { split, splitIndices } from './split.js';

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);

describe('splitIndices', () => {
  test('parts are disjoint, cover everything, and have scikit-learn sizes', () => {
    // train_test_split(range(10), test_size=0.25) gives ceil(2.5) = 3 test items, 7 train.
    const { train, validation, test: t } = splitIndices(10, { test: 0.25, seed: 1 });
    expect([train.length, validation.length, t.length]).toEqual([7, 0, 3]);
    expect(sorted([...train, ...t])).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const three = splitIndices(101, { test: 0.1, validation: 20, seed: 2 });
    expect([three.train.length, three.validation.length, three.test.length]).toEqual([70, 20, 11]);
    expect(new Set([...three.train, ...three.validation, ...three.test]).size).toBe(101);
  });

  test('is reproducible with a seed; shuffle: false keeps order', () => {
    expect(splitIndices(50, { test: 0.2, seed: 9 })).toEqual(splitIndices(50, { test: 0.2, seed: 9 }));
    expect(splitIndices(50, { test: 0.2, seed: 9 }).test).not.toEqual(splitIndices(50, { test: 0.2, seed: 10 }).test);
    const ordered = splitIndices(5, { test: 2, shuffle: false });
    expect(Array.from(ordered.test)).toEqual([0, 1]);
    expect(Array.from(ordered.train)).toEqual([2, 3, 4]);
  });

  test('stratified parts keep class proportions within one item per class', () => {
    // 3 unbalanced classes: 60, 30, 10.
    const labels = [...Array(60).fill(0), ...Array(30).fill(1), ...Array(10).fill(2)] as number[];
    const { train, validation, test: t } = splitIndices(100, { test: 0.2, validation: 0.1, stratify: labels, seed: 4 });
    const per = (ix: Int32Array) => [0, 1, 2].map((c) => Array.from(ix).filter((i) => labels[i] === c).length);
    expect(per(t)).toEqual([12, 6, 2]);
    expect(per(validation)).toEqual([6, 3, 1]);
    expect(per(train)).toEqual([42, 21, 7]);
    // Shuffled: the test part is not all of class 0 first.
    expect(Array.from(t).slice(0, 12).every((i) => labels[i] === 0)).toBe(false);
  });

  test('stratified totals are exact when shares are fractional', () => {
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];
    for (let seed = 0; seed < 20; seed++) {
      const { test: t } = splitIndices(11, { test: 4, stratify: labels, seed });
      expect(t.length).toBe(4);
      const per = [0, 1, 2].map((c) => Array.from(t).filter((i) => labels[i] === c).length);
      // Exact shares 1.09, 1.09, 1.82: each class gets floor or ceil.
      expect(per[2]).toBe(2);
      expect(per[0]! + per[1]!).toBe(2);
    }
  });

  test('bad sizes name the argument and the numbers', () => {
    expect(() => splitIndices(10, { test: 0.6, validation: 5 })).toThrow(/test \(6\) and validation \(5\) parts need 11 items, only 10 given/);
    expect(() => splitIndices(10, { test: 1.5 })).toThrow(/test=1.5/);
    expect(() => splitIndices(3, { stratify: [0, 1] })).toThrow(/2 labels for 3 items/);
  });
});

describe('split', () => {
  test('splits items the way splitIndices splits indices', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const parts = split(items, { test: 2, seed: 5 });
    const idx = splitIndices(6, { test: 2, seed: 5 });
    expect(parts.test).toEqual(Array.from(idx.test, (i) => items[i]));
    expect(parts.train).toEqual(Array.from(idx.train, (i) => items[i]));
  });
});
