import { describe, expect, it } from 'vitest';
import { balancedAccuracy, BalancedAccuracy } from './balanced-accuracy.js';
import { matthewsCorrcoef } from './matthews-corrcoef.js';
import { cohenKappa, kappaFromCounts } from './cohen-kappa.js';

// scikit-learn's documented examples (balanced_accuracy_score, matthews_corrcoef, cohen_kappa_score).
describe('balanced accuracy, MCC, kappa (scikit-learn documented examples)', () => {
  it('balanced_accuracy_score', () => {
    expect(balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBeCloseTo(0.625, 12);
  });

  it('matthews_corrcoef', () => {
    // y_true = [+1, +1, +1, -1], y_pred = [+1, -1, +1, +1] -> -0.33...
    expect(matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1])).toBeCloseTo(-1 / 3, 12);
  });

  it('cohen_kappa_score', () => {
    // negative=0, neutral=1, positive=2
    expect(cohenKappa([0, 2, 0, 1, 2], [0, 2, 0, 1, 0], { numClasses: 3 })).toBeCloseTo(0.6875, 12);
  });
});

describe('agreement metrics by hand', () => {
  it('balanced accuracy skips classes absent from yTrue; adjusted rescales chance to 0', () => {
    // Class 2 is only predicted: recalls 1 (class 0) and 0.5 (class 1).
    expect(balancedAccuracy([0, 1, 1], [0, 1, 2], { numClasses: 3 })).toBeCloseTo(0.75, 12);
    expect(balancedAccuracy([0, 1, 1], [0, 1, 2], { numClasses: 3, adjusted: true })).toBeCloseTo(0.5, 12);
    expect(new BalancedAccuracy().result()).toBe(0);
  });

  it('multiclass MCC equals the binary phi formula on 2 classes and is 0 when undefined', () => {
    const [tp, tn, fp, fn] = [3, 4, 1, 2];
    const yTrue = [...Array(tp).fill(1), ...Array(tn).fill(0), ...Array(fp).fill(0), ...Array(fn).fill(1)];
    const yPred = [...Array(tp).fill(1), ...Array(tn).fill(0), ...Array(fp).fill(1), ...Array(fn).fill(0)];
    const phi = (tp * tn - fp * fn) / Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    expect(matthewsCorrcoef(yTrue, yPred)).toBeCloseTo(phi, 12);
    expect(matthewsCorrcoef([0, 1, 1], [1, 1, 1])).toBe(0);
    expect(matthewsCorrcoef([0, 1, 2, 0], [0, 1, 2, 0], { numClasses: 3 })).toBeCloseTo(1, 12);
  });

  it('weighted kappa: linear and quadratic weights (hand-computed)', () => {
    // Observed [[1,1],[0,2]]: rows 2,2; cols 1,3; n 4. Expected off-diagonal: (2*3 + 2*1)/4 = 2; observed off-diagonal 1.
    expect(kappaFromCounts([[1, 1], [0, 2]])).toBeCloseTo(0.5, 12);
    // 3 classes: disagreement 0<->2 weighs 2 (linear) / 4 (quadratic).
    const counts = [[1, 0, 1], [0, 1, 0], [0, 0, 1]];
    // rows [2,1,1], cols [1,1,2], n 4; E_ij = r_i c_j / 4.
    const E = [[0.5, 0.5, 1], [0.25, 0.25, 0.5], [0.25, 0.25, 0.5]];
    const w = (f: (d: number) => number) => {
      let o = 0;
      let e = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        o += f(Math.abs(i - j)) * counts[i]![j]!;
        e += f(Math.abs(i - j)) * E[i]![j]!;
      }
      return 1 - o / e;
    };
    expect(kappaFromCounts(counts, 'linear')).toBeCloseTo(w((d) => d), 12);
    expect(kappaFromCounts(counts, 'quadratic')).toBeCloseTo(w((d) => d * d), 12);
    expect(cohenKappa([0, 1, 2, 0], [2, 1, 2, 0], { numClasses: 3, weights: 'quadratic' })).toBeCloseTo(w((d) => d * d), 12);
    expect(Number.isNaN(cohenKappa([1, 1], [1, 1]))).toBe(true);
  });
});
