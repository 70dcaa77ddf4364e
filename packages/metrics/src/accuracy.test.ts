import { describe, expect, it } from 'vitest';
import {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './accuracy.js';

// Expected values from the examples in Keras 3's metric docstrings (keras/src/metrics/accuracy_metrics.py).
describe('accuracy metrics (Keras documented examples)', () => {
  it('BinaryAccuracy', () => {
    const m = new BinaryAccuracy();
    m.update([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
    expect(m.result()).toBeCloseTo(0.75, 12);
    m.reset();
    m.update([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1]);
    expect(m.result()).toBeCloseTo(0.5, 12);
  });

  it('CategoricalAccuracy', () => {
    const m = new CategoricalAccuracy();
    m.update([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);
    expect(m.result()).toBeCloseTo(0.5, 12);
    expect(categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3])).toBeCloseTo(0.3, 12);
  });

  it('SparseCategoricalAccuracy', () => {
    expect(sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])).toBeCloseTo(0.5, 12);
    expect(sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], [0.7, 0.3])).toBeCloseTo(0.3, 12);
  });

  it('TopKCategoricalAccuracy (k=1)', () => {
    expect(topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 1 })).toBeCloseTo(0.5, 12);
    expect(
      topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 1, sampleWeight: [0.7, 0.3] }),
    ).toBeCloseTo(0.3, 12);
  });

  it('SparseTopKCategoricalAccuracy (k=1)', () => {
    expect(sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 1 })).toBeCloseTo(0.5, 12);
    expect(sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], { k: 1, sampleWeight: [0.7, 0.3] })).toBeCloseTo(0.3, 12);
  });
});

describe('accuracy conventions', () => {
  it('top-k counts ties at the boundary as hits (tf.math.in_top_k)', () => {
    expect(sparseTopKCategoricalAccuracy([0], [[0.5, 0.5, 0.5]], { k: 1 })).toBe(1);
    expect(sparseTopKCategoricalAccuracy([2], [[0.9, 0.5, 0.1]], { k: 2 })).toBe(0);
    expect(sparseTopKCategoricalAccuracy([2], [[0.9, 0.5, 0.1]], { k: 3 })).toBe(1);
  });

  it('averages positions within a sample, then samples (sequence outputs)', () => {
    // Sample 0: 2 of 2 positions right; sample 1: 0 of 2; weights 1 and 3.
    const yTrue = [[0, 1], [1, 1]];
    const yPred = [[[0.9, 0.1], [0.2, 0.8]], [[0.7, 0.3], [0.6, 0.4]]];
    expect(sparseCategoricalAccuracy(yTrue, yPred, [1, 3])).toBeCloseTo(0.25, 12);
    expect(binaryAccuracy([[1, 0], [1, 1]], [[0.7, 0.2], [0.3, 0.9]])).toBeCloseTo(0.75, 12);
  });

  it('reports 0 before any data, as Keras', () => {
    expect(new BinaryAccuracy().result()).toBe(0);
  });

  it('names the metric, argument, shapes and values in errors', () => {
    expect(() => categoricalAccuracy([[0, 1]], [[0.1, 0.2, 0.7]])).toThrow(
      "CategoricalAccuracy: 'yTrue' and 'yPred' must have the same shape, received [1,2] and [1,3]",
    );
    expect(() => sparseCategoricalAccuracy([3], [[0.1, 0.2, 0.7]])).toThrow(
      "SparseCategoricalAccuracy: argument 'yTrue' must hold integer class labels in [0, 2], received 3 at index 0",
    );
    expect(() => sparseCategoricalAccuracy([1, 2], [[0.1, 0.2, 0.7]])).toThrow(/one label per row of 'yPred'.*received shape \[2\]/);
    expect(() => binaryAccuracy([2], [0.5])).toThrow("BinaryAccuracy: argument 'yTrue' must hold binary labels 0 or 1, received 2 at index 0");
    expect(() => binaryAccuracy([1, 0], [0.5, 0.2], { sampleWeight: [1] })).toThrow(
      "BinaryAccuracy: argument 'sampleWeight' must have shape [2] (one weight per sample), received shape [1]",
    );
    expect(() => binaryAccuracy([[1, 0], [1]], [[1, 0], [1, 0]])).toThrow(/ragged array/);
    expect(() => new TopKCategoricalAccuracy({ k: 0 })).toThrow("TopKCategoricalAccuracy: 'k' must be an integer >= 1, received k=0");
    expect(() => new SparseTopKCategoricalAccuracy({ k: 1.5 })).toThrow(/k=1.5/);
    expect(() => new SparseCategoricalAccuracy().update([1], [0.3])).toThrow(/'yPred' must have shape \[batch, \.\.\., numClasses\], received shape \[1\]/);
  });
});
