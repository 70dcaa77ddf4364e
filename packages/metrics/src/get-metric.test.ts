import { describe, expect, it } from 'vitest';
import { getMetric, knownMetricNames } from './get-metric.js';
import { BinaryAccuracy, F1Score, MeanSquaredError, Precision, RootMeanSquaredError, SparseCategoricalAccuracy, AUC } from './index.js';

describe('getMetric', () => {
  it('resolves camelCase and snake_case Keras names', () => {
    expect(getMetric('binaryAccuracy')).toBeInstanceOf(BinaryAccuracy);
    expect(getMetric('binary_accuracy')).toBeInstanceOf(BinaryAccuracy);
    expect(getMetric('sparse_categorical_accuracy')).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(getMetric('mse')).toBeInstanceOf(MeanSquaredError);
    expect(getMetric('rmse')).toBeInstanceOf(RootMeanSquaredError);
    expect(getMetric('f1_score')).toBeInstanceOf(F1Score);
    expect(getMetric('auc')).toBeInstanceOf(AUC);
  });

  it('passes options to the constructor', () => {
    const p = getMetric('precision', { numClasses: 3, average: 'micro' });
    expect(p).toBeInstanceOf(Precision);
    p.update([0, 1, 2], [0, 1, 1]);
    expect(p.result()).toBeCloseTo(2 / 3, 12);
    expect(getMetric('mae', { name: 'val_mae' }).name).toBe('val_mae');
  });

  it("refuses 'accuracy' (the caller picks the kind) and lists known names for unknown ones", () => {
    expect(() => getMetric('accuracy')).toThrow(/'accuracy' is ambiguous.*'binaryAccuracy', 'categoricalAccuracy'/);
    expect(() => getMetric('bleurt')).toThrow(/getMetric: unknown metric 'bleurt'\. Known metrics: .*binaryAccuracy.*precision/);
    expect(knownMetricNames()).toContain('sparseTopKCategoricalAccuracy');
  });

  it('never resolves a name to an Object.prototype member', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => getMetric(name)).toThrow(`getMetric: unknown metric '${name}'`);
    }
  });
});
