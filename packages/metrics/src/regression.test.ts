import { describe, expect, it } from 'vitest';
import {
  MeanAbsoluteError,
  MeanSquaredError,
  R2Score,
  RootMeanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';

/** A doctest `...` match: the value printed with full precision starts with `prefix`. */
const ellipsis = (v: number, prefix: string) => expect(String(v).startsWith(prefix), `${v} ~ ${prefix}...`).toBe(true);

// scikit-learn's documented examples (sklearn/metrics/_regression.py docstrings).
describe('regression metrics (scikit-learn documented examples)', () => {
  const yTrue = [3, -0.5, 2, 7];
  const yPred = [2.5, 0.0, 2, 8];
  it('single output', () => {
    expect(meanSquaredError(yTrue, yPred)).toBeCloseTo(0.375, 12);
    expect(meanAbsoluteError(yTrue, yPred)).toBeCloseTo(0.5, 12);
    expect(rootMeanSquaredError(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 12);
    ellipsis(meanAbsolutePercentageError(yTrue, yPred), '0.3273');
    ellipsis(r2Score(yTrue, yPred), '0.948');
  });

  it('multioutput (uniform average)', () => {
    const t = [[0.5, 1], [-1, 1], [7, -6]];
    const p = [[0, 2], [-1, 2], [8, -5]];
    ellipsis(meanSquaredError(t, p), '0.708');
    expect(meanAbsoluteError(t, p)).toBeCloseTo(0.75, 12);
    ellipsis(r2Score(t, p), '0.936');
  });

  it('r2_score special cases', () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 12);
    expect(r2Score([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(r2Score([-2, -2, -2], [-2, -2, -2 + 1e-8])).toBe(0);
  });

  it('MAPE floors |yTrue| at float64 epsilon', () => {
    expect(meanAbsolutePercentageError([0], [1])).toBeCloseTo(1 / 2.220446049250313e-16, 0);
  });
});

// Keras 3's docstring examples (keras/src/metrics/regression_metrics.py).
describe('regression metrics (Keras documented examples)', () => {
  const t = [[0, 1], [0, 0]];
  const p = [[1, 1], [0, 0]];
  it('MeanSquaredError / MeanAbsoluteError / RootMeanSquaredError with sample weights', () => {
    const mse = new MeanSquaredError();
    mse.update(t, p);
    expect(mse.result()).toBeCloseTo(0.25, 12);
    mse.reset();
    mse.update(t, p, [1, 0]);
    expect(mse.result()).toBeCloseTo(0.5, 12);
    const mae = new MeanAbsoluteError();
    mae.update(t, p, [1, 0]);
    expect(mae.result()).toBeCloseTo(0.5, 12);
    const rmse = new RootMeanSquaredError();
    rmse.update(t, p);
    expect(rmse.result()).toBeCloseTo(0.5, 12);
    rmse.reset();
    rmse.update(t, p, [1, 0]);
    expect(rmse.result()).toBeCloseTo(0.70710677, 7);
  });

  it('weighted R2 equals R2 on repeated rows', () => {
    const y = [1, 4, 2, 8];
    const q = [1.5, 3, 2.5, 7];
    const r = new R2Score();
    r.update(y, q, [2, 1, 3, 1]);
    expect(r.result()).toBeCloseTo(r2Score([1, 1, 4, 2, 2, 2, 8], [1.5, 1.5, 3, 2.5, 2.5, 2.5, 7]), 12);
  });

  it('errors name the metric and shapes', () => {
    expect(() => meanSquaredError([1, 2], [1, 2, 3])).toThrow("MeanSquaredError: 'yTrue' and 'yPred' must have the same shape, received [2] and [3]");
    const r = new R2Score();
    r.update([[1, 2]], [[1, 2]]);
    expect(() => r.update([1], [1])).toThrow('R2Score: every batch must have 2 output(s) per sample, received 1');
  });
});
