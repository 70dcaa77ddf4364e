import { describe, expect, it } from 'vitest';
import { AUC, averagePrecision, rocAuc } from './auc.js';

describe('ROC AUC and average precision (documented examples)', () => {
  it('torchmetrics BinaryAUROC', () => {
    expect(rocAuc([0, 1, 1, 0], [0, 0.5, 0.7, 0.8])).toBeCloseTo(0.5, 12);
  });

  it('torchmetrics MulticlassAUROC (macro and per class)', () => {
    const preds = [
      [0.75, 0.05, 0.05, 0.05, 0.05],
      [0.05, 0.75, 0.05, 0.05, 0.05],
      [0.05, 0.05, 0.75, 0.05, 0.05],
      [0.05, 0.05, 0.05, 0.75, 0.05],
    ];
    const target = [0, 1, 3, 2];
    expect(rocAuc(target, preds, { numClasses: 5 })).toBeCloseTo(0.5333, 4);
    const per = rocAuc(target, preds, { numClasses: 5, average: 'none' });
    [1, 1, 1 / 3, 1 / 3, 0].forEach((v, i) => expect(per[i]).toBeCloseTo(v, 4));
  });

  it('scikit-learn average_precision_score and the matching ROC AUC', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333, 4);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
  });

  it('Keras AUC docstring example', () => {
    const m = new AUC();
    m.update([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expect(m.result()).toBeCloseTo(0.75, 12);
  });
});

describe('ranking metrics by hand', () => {
  it('ROC AUC is the probability a positive outranks a negative, ties counting one half', () => {
    // Brute-force Mann-Whitney over all pairs as the oracle.
    const scores = [0.1, 0.4, 0.4, 0.8, 0.3, 0.4, 0.9, 0.2];
    const labels = [0, 1, 0, 1, 0, 0, 1, 1];
    let s = 0;
    let n = 0;
    labels.forEach((li, i) => labels.forEach((lj, j) => {
      if (li === 1 && lj === 0) {
        n++;
        s += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }));
    expect(rocAuc(labels, scores)).toBeCloseTo(s / n, 12);
    // Integer weights equal repeating samples.
    const w = [1, 2, 1, 3, 1, 1, 2, 1];
    const rs: number[] = [];
    const rl: number[] = [];
    w.forEach((k, i) => { for (let r = 0; r < k; r++) { rs.push(scores[i]!); rl.push(labels[i]!); } });
    expect(rocAuc(labels, scores, { sampleWeight: w })).toBeCloseTo(rocAuc(rl, rs), 12);
    expect(averagePrecision(labels, scores, { sampleWeight: w })).toBeCloseTo(averagePrecision(rl, rs), 12);
  });

  it('average precision with ties groups equal scores into one threshold', () => {
    // Threshold 0.5 takes both samples at once: recall 1 at precision 1/2.
    expect(averagePrecision([1, 0], [0.5, 0.5])).toBeCloseTo(0.5, 12);
  });

  it('weighted one-vs-rest average uses class support', () => {
    const preds = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]];
    const target = [0, 1, 2, 1, 2];
    const per = rocAuc(target, preds, { numClasses: 3, average: 'none' });
    expect(rocAuc(target, preds, { numClasses: 3, average: 'weighted' })).toBeCloseTo((per[0]! * 1 + per[1]! * 2 + per[2]! * 2) / 5, 12);
    // One-hot targets read like labels.
    const onehot = target.map((t) => [0, 1, 2].map((k) => (k === t ? 1 : 0)));
    expect(rocAuc(onehot, preds, { numClasses: 3 })).toBeCloseTo(rocAuc(target, preds, { numClasses: 3 }), 12);
  });

  it('undefined AUC (one class only) is zeroDivision', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBe(0);
    expect(Number.isNaN(rocAuc([1, 1], [0.2, 0.3], { zeroDivision: Number.NaN }))).toBe(true);
    expect(averagePrecision([0, 0], [0.2, 0.3])).toBe(0);
  });

  it('names shapes and values in errors', () => {
    expect(() => rocAuc([0, 1], [[0.1, 0.9], [0.8, 0.2]])).toThrow(/AUC: binary inputs must be 'yTrue' \[batch\] and 'yPred' \[batch\].*received \[2\] and \[2,2\]/);
    expect(() => rocAuc([0, 3], [[0.1, 0.9], [0.8, 0.2]], { numClasses: 2 })).toThrow(/integer class labels in \[0, 1\], received 3/);
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow("AUC: 'yPred' holds NaN at index 1");
    expect(() => averagePrecision([0, 2], [0.1, 0.2])).toThrow("AUC(PR): argument 'yTrue' must hold binary labels 0 or 1, received 2 at index 1");
  });
});
