import * as tf from '@tensorflow/tfjs-core';
import '@sinew/backend-cpu/register';
import { setBackend } from '@sinew/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import type { StreamingMetric } from './streaming-metric.js';
import {
  AUC,
  BalancedAccuracy,
  BinaryAccuracy,
  CalibrationError,
  CategoricalAccuracy,
  CohenKappa,
  ConfusionMatrix,
  F1Score,
  FBetaScore,
  MatthewsCorrelation,
  Mean,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  Perplexity,
  Precision,
  R2Score,
  Recall,
  RootMeanSquaredError,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  Specificity,
  TopKCategoricalAccuracy,
  BLEU,
  CHRF,
  NltkBleu,
  WordErrorRate,
  CharErrorRate,
} from './index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

// A small fixed dataset (seeded LCG), rich enough that every metric sees ties, errors and all classes.
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const N = 9;
const C = 3;
const labels = Array.from({ length: N }, (_, i) => (i < C ? i : Math.floor(rand() * C)));
const probs = labels.map(() => {
  const r = Array.from({ length: C }, () => Math.round(rand() * 10) + 1);
  const s = r.reduce((a, b) => a + b, 0);
  return r.map((v) => v / s);
});
const onehot = labels.map((l) => Array.from({ length: C }, (_, k) => (k === l ? 1 : 0)));
const binary = labels.map((l) => (l === 0 ? 0 : 1));
const binScore = probs.map((p) => p[1]! + p[2]!);
const reg = labels.map((l, i) => [l + 0.5 * i, 2.5 - l]);
const regPred = reg.map(([a, b]) => [a! + rand() - 0.5, b! * 0.9 + 0.1]);
const tokens = labels.map((l, i) => [l, (l + i) % C]);
const logits = tokens.map((row) => row.map(() => Array.from({ length: C }, () => rand() * 4 - 2)));
const weights = Array.from({ length: N }, () => Math.round(rand() * 4) / 2 + 0.5);

interface Case {
  name: string;
  make: () => StreamingMetric<number | number[][]>;
  yTrue: unknown[];
  yPred: unknown[];
}

const cases: Case[] = [
  { name: 'BinaryAccuracy', make: () => new BinaryAccuracy(), yTrue: binary, yPred: binScore },
  { name: 'CategoricalAccuracy', make: () => new CategoricalAccuracy(), yTrue: onehot, yPred: probs },
  { name: 'SparseCategoricalAccuracy', make: () => new SparseCategoricalAccuracy(), yTrue: labels, yPred: probs },
  { name: 'TopKCategoricalAccuracy', make: () => new TopKCategoricalAccuracy({ k: 2 }), yTrue: onehot, yPred: probs },
  { name: 'SparseTopKCategoricalAccuracy', make: () => new SparseTopKCategoricalAccuracy({ k: 2 }), yTrue: labels, yPred: probs },
  { name: 'Precision (binary)', make: () => new Precision(), yTrue: binary, yPred: binScore },
  { name: 'Recall (macro)', make: () => new Recall({ numClasses: C }), yTrue: labels, yPred: probs },
  { name: 'F1Score (weighted)', make: () => new F1Score({ numClasses: C, average: 'weighted' }), yTrue: labels, yPred: probs },
  { name: 'FBetaScore (micro)', make: () => new FBetaScore({ numClasses: C, beta: 2, average: 'micro' }), yTrue: onehot, yPred: probs },
  { name: 'Specificity (macro)', make: () => new Specificity({ numClasses: C }), yTrue: labels, yPred: probs },
  { name: 'ConfusionMatrix', make: () => new ConfusionMatrix({ numClasses: C, normalize: 'true' }), yTrue: labels, yPred: probs },
  { name: 'BalancedAccuracy', make: () => new BalancedAccuracy({ numClasses: C }), yTrue: labels, yPred: probs },
  { name: 'MatthewsCorrelation', make: () => new MatthewsCorrelation({ numClasses: C }), yTrue: labels, yPred: probs },
  { name: 'CohenKappa', make: () => new CohenKappa({ numClasses: C, weights: 'quadratic' }), yTrue: labels, yPred: probs },
  { name: 'AUC (binary ROC)', make: () => new AUC(), yTrue: binary, yPred: binScore },
  { name: 'AUC (one-vs-rest PR)', make: () => new AUC({ numClasses: C, curve: 'PR' }), yTrue: labels, yPred: probs },
  { name: 'CalibrationError', make: () => new CalibrationError({ numClasses: C, numBins: 4 }), yTrue: labels, yPred: probs },
  { name: 'MeanSquaredError', make: () => new MeanSquaredError(), yTrue: reg, yPred: regPred },
  { name: 'RootMeanSquaredError', make: () => new RootMeanSquaredError(), yTrue: reg, yPred: regPred },
  { name: 'MeanAbsoluteError', make: () => new MeanAbsoluteError(), yTrue: reg, yPred: regPred },
  { name: 'MeanAbsolutePercentageError', make: () => new MeanAbsolutePercentageError(), yTrue: reg, yPred: regPred },
  { name: 'R2Score', make: () => new R2Score(), yTrue: reg, yPred: regPred },
  { name: 'Perplexity', make: () => new Perplexity(), yTrue: tokens, yPred: logits },
];

const flat = (v: number | number[][]) => ([] as number[]).concat(...([v] as never[]).flat(2));
const expectSame = (got: number | number[][], want: number | number[][], label: string, rtol = 1e-12) => {
  const g = flat(got);
  const w = flat(want);
  expect(g.length, label).toBe(w.length);
  g.forEach((x, i) => expect(Math.abs(x - w[i]!), `${label} [${i}]: ${x} vs ${w[i]}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(w[i]!))));
};

describe.each(cases)('$name streams exactly', ({ name, make, yTrue, yPred }) => {
  for (const weighted of [false, true]) {
    const sw = weighted ? weights : undefined;
    const tag = weighted ? 'weighted' : 'unweighted';
    const oneShot = () => {
      const m = make();
      m.update(yTrue as never, yPred as never, sw);
      return m.result();
    };

    it(`every split point gives the one-shot result (${tag})`, () => {
      const whole = oneShot();
      for (let i = 1; i < N; i++) {
        const m = make();
        m.update(yTrue.slice(0, i) as never, yPred.slice(0, i) as never, sw?.slice(0, i));
        m.update(yTrue.slice(i) as never, yPred.slice(i) as never, sw?.slice(i));
        expectSame(m.result(), whole, `${name} split at ${i}`);
      }
      // One sample at a time.
      const m = make();
      for (let i = 0; i < N; i++) m.update(yTrue.slice(i, i + 1) as never, yPred.slice(i, i + 1) as never, sw?.slice(i, i + 1));
      expectSame(m.result(), whole, `${name} one by one`);
    });

    it(`merging two halves gives the one-shot result (${tag})`, () => {
      const h = Math.floor(N / 2);
      const a = make();
      const b = make();
      a.update(yTrue.slice(0, h) as never, yPred.slice(0, h) as never, sw?.slice(0, h));
      b.update(yTrue.slice(h) as never, yPred.slice(h) as never, sw?.slice(h));
      a.merge(b as never);
      expectSame(a.result(), oneShot(), `${name} merged`);
      a.reset();
      a.update(yTrue as never, yPred as never, sw);
      expectSame(a.result(), oneShot(), `${name} after reset`);
    });
  }

  it('reads tensors like arrays and leaks nothing', async () => {
    const t = tf.tensor(yTrue as number[]);
    const p = tf.tensor(yPred as number[]);
    const w = tf.tensor1d(weights);
    const m = make();
    await expectNoLeaks(() => {
      m.update(t, p, w);
      m.result();
    }, { label: name });
    const ref = make();
    ref.update(yTrue as never, yPred as never, weights);
    // Tensors hold float32, the arrays float64: compare at float32 precision.
    expectSame(m.result(), ref.result(), `${name} tensors`, 1e-6);
    tf.dispose([t, p, w]);
  });
});

describe('Mean', () => {
  it('is a weighted running mean; merge and reset work', () => {
    const a = new Mean('loss');
    a.update(0.5);
    a.update([1, 2], [1, 3]);
    expect(a.result()).toBeCloseTo(1.5, 12);
    const b = new Mean('loss');
    b.update(tf.scalar(4.5));
    a.merge(b);
    expect(a.result()).toBeCloseTo((7.5 + 4.5) / 6, 12);
    a.reset();
    expect(a.result()).toBe(0);
    expect(() => a.update([1, 2], [1, 2, 3])).toThrow("Mean 'loss': 'sampleWeight' has 3 values but 'values' has 2");
  });
});

describe('merge', () => {
  it('refuses another metric class even when the state layout is the same, and mismatched configurations', () => {
    const p = new Precision();
    p.update([0, 1, 1], [0, 1, 0]);
    expect(() => p.merge(new Recall() as never)).toThrow('Precision: merge expects another Precision, received Recall');
    expect(() => new Mean('loss').merge(new BinaryAccuracy() as never)).toThrow('Mean: merge expects another Mean, received BinaryAccuracy');
    expect(() => new MeanSquaredError().merge(new MeanAbsoluteError() as never)).toThrow('MeanSquaredError: merge expects another MeanSquaredError, received MeanAbsoluteError');
    expect(() => new BLEU().merge(new CHRF() as never)).toThrow('BLEU: merge expects another BLEU, received CHRF');
    expect(() => new WordErrorRate().merge(new CharErrorRate() as never)).toThrow('merge expects another WordErrorRate, received CharErrorRate');
    expect(() => new AUC().merge({} as never)).toThrow('merge expects another AUC, received Object');
    expect(() => new CalibrationError({ numBins: 5 }).merge(new CalibrationError({ numBins: 10 }))).toThrow('cannot merge states with 10 and 5 bins');
    expect(() => new NltkBleu({ weights: [0.5, 0.5] }).merge(new NltkBleu())).toThrow('cannot merge states with 4 and 2 n-gram weights');
    // The refused merges left the state alone.
    expect(p.result()).toBe(1);
  });
});
