import { describe, expect, it } from 'vitest';
import { F1Score, FBetaScore, Precision, Recall, Specificity, f1Score, fbetaScore, precision, recall, specificity } from './precision-recall.js';
import { confusionMatrix, ConfusionMatrix } from './confusion-matrix.js';

/** A doctest `...` match: the value printed with full precision starts with `prefix`. */
const ellipsis = (v: number | number[], prefix: string) => expect(String(v).startsWith(prefix), `${String(v)} ~ ${prefix}...`).toBe(true);

const close = (a: number | number[], b: number | number[], digits = 4) => {
  const x = ([] as number[]).concat(a);
  const y = ([] as number[]).concat(b);
  expect(x).toHaveLength(y.length);
  x.forEach((v, i) => expect(v).toBeCloseTo(y[i]!, digits));
};

// scikit-learn's documented examples (sklearn/metrics/_classification.py docstrings).
describe('precision / recall / F (scikit-learn documented examples)', () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];
  const o = { numClasses: 3 };

  it('precision_score', () => {
    ellipsis(precision(yTrue, yPred, { ...o, average: 'macro' }), '0.22');
    ellipsis(precision(yTrue, yPred, { ...o, average: 'micro' }), '0.33');
    ellipsis(precision(yTrue, yPred, { ...o, average: 'weighted' }), '0.22');
    close(precision(yTrue, yPred, { ...o, average: 'none' }), [2 / 3, 0, 0], 12);
  });

  it('recall_score', () => {
    ellipsis(recall(yTrue, yPred, { ...o, average: 'macro' }), '0.33');
    ellipsis(recall(yTrue, yPred, { ...o, average: 'micro' }), '0.33');
    ellipsis(recall(yTrue, yPred, { ...o, average: 'weighted' }), '0.33');
    close(recall(yTrue, yPred, { ...o, average: 'none' }), [1, 0, 0], 12);
  });

  it('f1_score', () => {
    ellipsis(f1Score(yTrue, yPred, { ...o, average: 'macro' }), '0.26');
    ellipsis(f1Score(yTrue, yPred, { ...o, average: 'micro' }), '0.33');
    ellipsis(f1Score(yTrue, yPred, { ...o, average: 'weighted' }), '0.26');
    close(f1Score(yTrue, yPred, { ...o, average: 'none' }), [0.8, 0, 0], 12);
  });

  it('fbeta_score (beta = 0.5)', () => {
    ellipsis(fbetaScore(yTrue, yPred, { ...o, beta: 0.5, average: 'macro' }), '0.23');
    ellipsis(fbetaScore(yTrue, yPred, { ...o, beta: 0.5, average: 'micro' }), '0.33');
    ellipsis(fbetaScore(yTrue, yPred, { ...o, beta: 0.5, average: 'weighted' }), '0.23');
    close(fbetaScore(yTrue, yPred, { ...o, beta: 0.5, average: 'none' }), [0.71, 0, 0], 2);
  });

  it('confusion_matrix', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], { numClasses: 3 })).toEqual([[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    // tn, fp, fn, tp = confusion_matrix([0, 1, 0, 1], [1, 1, 1, 0]).ravel() -> (0, 2, 1, 1)
    expect(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).flat()).toEqual([0, 2, 1, 1]);
  });
});

// torchmetrics' documented examples (F1Score / BinaryF1Score / MulticlassF1Score docstrings).
describe('F1 (torchmetrics documented examples)', () => {
  it('BinaryF1Score with labels and with probabilities', () => {
    close(f1Score([0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1]), 0.6667);
    close(f1Score([0, 1, 0, 1, 0, 1], [0.11, 0.22, 0.84, 0.73, 0.33, 0.92]), 0.6667);
  });

  it('MulticlassF1Score with labels and with probabilities', () => {
    close(f1Score([2, 1, 0, 0], [2, 1, 0, 1], { numClasses: 3 }), 0.7778);
    close(f1Score([2, 1, 0, 0], [2, 1, 0, 1], { numClasses: 3, average: 'none' }), [0.6667, 0.6667, 1.0]);
    const probs = [[0.16, 0.26, 0.58], [0.22, 0.61, 0.17], [0.71, 0.09, 0.2], [0.05, 0.82, 0.13]];
    close(f1Score([2, 1, 0, 0], probs, { numClasses: 3 }), 0.7778);
    const f = new F1Score({ numClasses: 3 });
    f.update([2, 1, 0, 0], probs);
    close(f.perClass(), [0.6667, 0.6667, 1.0]);
  });
});

// Keras 3's Precision / Recall docstring examples (binary, threshold 0.5).
describe('Precision and Recall (Keras documented examples)', () => {
  it('Precision', () => {
    const p = new Precision();
    p.update([0, 1, 1, 1], [1, 0, 1, 1]);
    close(p.result(), 2 / 3, 12);
    p.reset();
    p.update([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
    expect(p.result()).toBe(1);
  });
  it('Recall', () => {
    const r = new Recall();
    r.update([0, 1, 1, 1], [1, 0, 1, 1]);
    close(r.result(), 2 / 3, 12);
    r.reset();
    r.update([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
    expect(r.result()).toBe(1);
  });
});

describe('zero-division policy and averaging edge cases (hand-computed)', () => {
  it('a class never predicted has precision zeroDivision (default 0)', () => {
    expect(precision([0, 1], [0, 0], { numClasses: 2, average: 'none' })).toEqual([0.5, 0]);
    expect(precision([0, 1], [0, 0], { numClasses: 2, average: 'none', zeroDivision: 1 })).toEqual([0.5, 1]);
    expect(precision([0, 0], [0, 0])).toBe(0); // binary, nothing predicted positive
    expect(Number.isNaN(recall([0, 0], [0, 0], { zeroDivision: Number.NaN }))).toBe(true);
  });

  it('macro leaves out classes absent from both yTrue and yPred', () => {
    // Class 2 never occurs: macro over classes 0 and 1 only.
    expect(recall([0, 1, 1], [0, 1, 0], { numClasses: 3 })).toBeCloseTo((1 + 0.5) / 2, 12);
  });

  it('F of a class with tp = 0 but fp + fn > 0 is 0, not zeroDivision', () => {
    expect(f1Score([1, 0], [0, 1], { zeroDivision: 1 })).toBe(0);
  });

  it('specificity is tn / (tn + fp), per class one-vs-rest', () => {
    expect(specificity([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    close(specificity([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { numClasses: 3, average: 'none' }), [3 / 4, 2 / 4, 3 / 4], 12);
    const s = new Specificity({ numClasses: 3, average: 'micro' });
    s.update([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
    close(s.result(), 8 / 12, 12);
  });

  it('one-hot yTrue reads like integer labels; weights scale counts', () => {
    expect(f1Score([[0, 0, 1], [0, 1, 0]], [2, 0], { numClasses: 3, average: 'micro' })).toBe(0.5);
    expect(confusionMatrix([0, 1], [0, 0], { numClasses: 2, sampleWeight: [2, 0.5] })).toEqual([[2, 0], [0.5, 0]]);
    expect(new ConfusionMatrix({ numClasses: 2, normalize: 'true' })).toBeInstanceOf(ConfusionMatrix);
  });

  it('confusion matrix normalisation', () => {
    const cm = new ConfusionMatrix({ numClasses: 2, normalize: 'true' });
    cm.update([0, 0, 1, 1], [0, 1, 1, 1]);
    expect(cm.result()).toEqual([[0.5, 0.5], [0, 1]]);
    expect(confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], { numClasses: 2, normalize: 'pred' })).toEqual([[1, 1 / 3], [0, 2 / 3]]);
    expect(confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1], { numClasses: 2, normalize: 'all' })).toEqual([[0.25, 0.25], [0, 0.5]]);
  });

  it('gives clear errors', () => {
    expect(() => precision([0, 3], [0, 1], { numClasses: 3 })).toThrow("precision: argument 'yTrue' must hold integer class labels in [0, 2], received 3 at index 1");
    expect(() => precision([0, 1], [[0.1, 0.9]], { numClasses: 3 })).toThrow("precision: 'yPred' must be labels [batch] or scores [batch, 3], received shape [1,2]");
    expect(() => new Precision({ numClasses: 3, average: 'binary' })).toThrow(/average='binary' needs 2 classes/);
    expect(() => new Recall({ numClasses: 3, average: 'none' })).toThrow(/use perClass\(\) instead/);
    expect(() => new Precision({ numClasses: 1 })).toThrow("Precision: 'numClasses' must be an integer >= 2, received numClasses=1");
    expect(() => new FBetaScore({ beta: 0 })).toThrow("FBetaScore: 'beta' must be a finite number > 0, received beta=0");
    expect(() => recall([0, 1], [0.3])).toThrow("recall: 'yTrue' and 'yPred' must have the same shape, received [2] and [1]");
  });
});
