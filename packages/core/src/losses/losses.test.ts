import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks, finiteDifferenceGrad } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLoss } from './get-loss.js';
import * as L from './loss-functions.js';
import { BinaryCrossentropy, CategoricalCrossentropy, Huber, MeanSquaredError, SparseCategoricalCrossentropy } from './loss.js';
import { reduceLoss } from './reduction.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const EPS = 1e-7;
// Four samples, three columns. Regression targets/predictions; probabilities; one-hot; logits.
const T = [
  [0.5, -1.0, 2.0],
  [1.5, 0.2, -0.3],
  [-2.0, 0.7, 0.1],
  [0.0, 1.1, -1.4],
];
const P = [
  [0.7, -0.4, 1.2],
  [1.0, 0.9, -0.1],
  [-0.5, 0.6, 2.5],
  [0.3, 0.95, -1.05],
];
const PROB = [
  [0.2, 0.7, 0.1],
  [0.6, 0.3, 0.1],
  [0.05, 0.15, 0.8],
  [0.33, 0.33, 0.34],
];
const ONEHOT = [
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
  [0, 1, 0],
];
const LABELS = [1, 0, 2, 1];
const BIN = [
  [1, 0, 1],
  [0, 0, 1],
  [1, 1, 0],
  [0, 1, 0],
];
const POS = P.map((r) => r.map((v) => Math.abs(v) + 0.1));
const POS_T = T.map((r) => r.map((v) => Math.abs(v)));

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const sum = (a: number[]): number => a.reduce((s, v) => s + v, 0);
const rows = (t: number[][], p: number[][], f: (a: number, b: number) => number): number[] =>
  t.map((r, i) => mean(r.map((v, j) => f(v, p[i]![j]!))));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const logSoftmax = (r: number[]): number[] => {
  const m = Math.max(...r);
  const lse = m + Math.log(sum(r.map((v) => Math.exp(v - m))));
  return r.map((v) => v - lse);
};
const clip = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
const hingeT = (y: number): number => 2 * y - 1;

// Host float64 definitions (Keras 3 documentation), per sample, as functions of yPred.
interface Case {
  name: string;
  fn: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor;
  yTrue: number[][];
  yPred: number[][];
  host: (t: number[][], p: number[][]) => number[];
}
const cases: Case[] = [
  { name: 'meanSquaredError', fn: L.meanSquaredError, yTrue: T, yPred: P, host: (t, p) => rows(t, p, (a, b) => (a - b) ** 2) },
  { name: 'meanAbsoluteError', fn: L.meanAbsoluteError, yTrue: T, yPred: P, host: (t, p) => rows(t, p, (a, b) => Math.abs(a - b)) },
  {
    name: 'meanAbsolutePercentageError',
    fn: L.meanAbsolutePercentageError,
    yTrue: POS_T.map((r) => r.map((v) => v + 0.5)),
    yPred: P,
    host: (t, p) => rows(t, p, (a, b) => (100 * Math.abs(a - b)) / Math.max(Math.abs(a), EPS)),
  },
  {
    name: 'meanSquaredLogarithmicError',
    fn: L.meanSquaredLogarithmicError,
    yTrue: POS_T,
    yPred: POS,
    host: (t, p) => rows(t, p, (a, b) => (Math.log1p(Math.max(b, EPS)) - Math.log1p(Math.max(a, EPS))) ** 2),
  },
  {
    name: 'huber',
    fn: (t, p) => L.huber(t, p, 0.8),
    yTrue: T,
    yPred: P,
    host: (t, p) => rows(t, p, (a, b) => (Math.abs(a - b) <= 0.8 ? 0.5 * (a - b) ** 2 : 0.8 * Math.abs(a - b) - 0.5 * 0.64)),
  },
  { name: 'logCosh', fn: L.logCosh, yTrue: T, yPred: P, host: (t, p) => rows(t, p, (a, b) => Math.log(Math.cosh(b - a))) },
  {
    name: 'binaryCrossentropy (probabilities)',
    fn: (t, p) => L.binaryCrossentropy(t, p),
    yTrue: BIN,
    yPred: PROB,
    host: (t, p) => rows(t, p, (y, q) => -(y * Math.log(clip(q, EPS, 1 - EPS)) + (1 - y) * Math.log(1 - clip(q, EPS, 1 - EPS)))),
  },
  {
    name: 'binaryCrossentropy (logits, labelSmoothing 0.2)',
    fn: (t, p) => L.binaryCrossentropy(t, p, { fromLogits: true, labelSmoothing: 0.2 }),
    yTrue: BIN,
    yPred: P,
    host: (t, p) => rows(t, p, (y, x) => { const ys = y * 0.8 + 0.1; return ys * softplus(-x) + (1 - ys) * softplus(x); }),
  },
  {
    name: 'categoricalCrossentropy (probabilities, labelSmoothing 0.1)',
    fn: (t, p) => L.categoricalCrossentropy(t, p, { labelSmoothing: 0.1 }),
    yTrue: ONEHOT,
    yPred: PROB,
    host: (t, p) => t.map((r, i) => { const s = sum(p[i]!); return -sum(r.map((y, j) => (y * 0.9 + 0.1 / 3) * Math.log(clip(p[i]![j]! / s, EPS, 1 - EPS)))); }),
  },
  {
    name: 'categoricalCrossentropy (logits)',
    fn: (t, p) => L.categoricalCrossentropy(t, p, { fromLogits: true }),
    yTrue: ONEHOT,
    yPred: P,
    host: (t, p) => t.map((r, i) => { const ls = logSoftmax(p[i]!); return -sum(r.map((y, j) => y * ls[j]!)); }),
  },
  {
    name: 'kullbackLeiblerDivergence',
    fn: L.kullbackLeiblerDivergence,
    yTrue: PROB.slice().reverse(),
    yPred: PROB,
    host: (t, p) => t.map((r, i) => sum(r.map((y, j) => clip(y, EPS, 1) * Math.log(clip(y, EPS, 1) / clip(p[i]![j]!, EPS, 1))))),
  },
  { name: 'hinge', fn: L.hinge, yTrue: BIN, yPred: P, host: (t, p) => rows(t, p, (y, q) => Math.max(1 - hingeT(y) * q, 0)) },
  { name: 'squaredHinge', fn: L.squaredHinge, yTrue: BIN, yPred: P, host: (t, p) => rows(t, p, (y, q) => Math.max(1 - hingeT(y) * q, 0) ** 2) },
  {
    name: 'categoricalHinge',
    fn: L.categoricalHinge,
    yTrue: ONEHOT,
    yPred: P,
    host: (t, p) => t.map((r, i) => Math.max(Math.max(...r.map((y, j) => (1 - y) * p[i]![j]!)) - sum(r.map((y, j) => y * p[i]![j]!)) + 1, 0)),
  },
  {
    name: 'cosineSimilarity',
    fn: L.cosineSimilarity,
    yTrue: T,
    yPred: P,
    host: (t, p) => t.map((r, i) => -sum(r.map((v, j) => v * p[i]![j]!)) / (Math.hypot(...r) * Math.hypot(...p[i]!))),
  },
  { name: 'poisson', fn: L.poisson, yTrue: POS_T, yPred: POS, host: (t, p) => rows(t, p, (y, q) => q - y * Math.log(q + EPS)) },
];

describe('losses: values and gradients against float64 host definitions', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const yt = tf.tensor2d(c.yTrue);
      const yp = tf.tensor2d(c.yPred);
      await expectNoLeaks(() => {
        const out = c.fn(yt, yp);
        expect(out.shape).toEqual([4]);
        expectArraysClose(out.dataSync(), c.host(c.yTrue, c.yPred), { atol: 1e-5, rtol: 1e-5, label: `${c.name} value` });
        out.dispose();
        // Gradient of the summed loss w.r.t. yPred vs central differences of the host formula.
        const g = tf.grad((p: tf.Tensor) => tf.sum(c.fn(yt, p)))(yp);
        const fd = finiteDifferenceGrad((flat) => {
          const p = c.yPred.map((r, i) => r.map((_, j) => flat[i * 3 + j]!));
          return sum(c.host(c.yTrue, p));
        }, c.yPred.flat(), 1e-5);
        expectArraysClose(g.dataSync(), fd, { atol: 2e-4, rtol: 1e-3, label: `${c.name} gradient` });
        g.dispose();
      });
      tf.dispose([yt, yp]);
    });
  }

  it('sparseCategoricalCrossentropy equals categorical with one-hot labels ([n] and [n, 1] labels)', () => {
    const yp = tf.tensor2d(PROB);
    const logits = tf.tensor2d(P);
    const oh = tf.tensor2d(ONEHOT);
    const labels = tf.tensor1d(LABELS);
    const labels2 = tf.tensor2d(LABELS, [4, 1]);
    const host = PROB.map((r, i) => -Math.log(r[LABELS[i]!]! / sum(r)));
    expectArraysClose(L.sparseCategoricalCrossentropy(labels, yp).dataSync(), host);
    expectArraysClose(L.sparseCategoricalCrossentropy(labels2, yp).dataSync(), host);
    expectArraysClose(
      L.sparseCategoricalCrossentropy(labels, logits, { fromLogits: true }).dataSync(),
      L.categoricalCrossentropy(oh, logits, { fromLogits: true }).dataSync(),
    );
    tf.dispose([yp, logits, oh, labels, labels2]);
  });

  it('sparseCategoricalCrossentropy rejects out-of-range and fractional labels with the offending value', () => {
    const yp = tf.tensor2d(PROB);
    const bad = tf.tensor1d([1, 3, 0, 1]);
    const frac = tf.tensor1d([1, 0.5, 0, 1]);
    const neg = tf.tensor1d([-1, 0, 0, 1]);
    expect(() => L.sparseCategoricalCrossentropy(bad, yp)).toThrow(/label 3 at flat index 1 .*\[0, 3\)/);
    expect(() => L.sparseCategoricalCrossentropy(frac, yp)).toThrow(/label 0.5/);
    expect(() => L.sparseCategoricalCrossentropy(neg, yp)).toThrow(/label -1/);
    tf.dispose([yp, bad, frac, neg]);
  });

  it('logits forms stay finite where the naive formula overflows', () => {
    const y = tf.tensor2d([[1, 0]]);
    const x = tf.tensor2d([[1000, -1000]]);
    expectArraysClose(L.binaryCrossentropy(y, x, { fromLogits: true }).dataSync(), [0]);
    expectArraysClose(L.categoricalCrossentropy(y, x, { fromLogits: true }).dataSync(), [0]);
    expectArraysClose(L.logCosh(tf.tensor2d([[0]]), tf.tensor2d([[200]])).dataSync(), [200 - Math.log(2)], { rtol: 1e-6 });
    tf.dispose([y, x]);
  });

  it('mismatched shapes fail with both shapes in the message', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([2, 4]);
    expect(() => L.meanSquaredError(a, b)).toThrow(/yTrue \[2,3\], yPred \[2,4\]/);
    tf.dispose([a, b]);
  });
});

describe('losses against the anchors (tfjs-layers metrics, tfjs-core tf.losses)', () => {
  const t = (v: number[][]): tf.Tensor2D => tf.tensor2d(v);
  it('mse, mae, mape, binary/categorical crossentropy, cosine = tfjs-layers', () => {
    const pairs: [string, tf.Tensor, tf.Tensor][] = [
      ['mse', L.meanSquaredError(t(T), t(P)), tfl.metrics.meanSquaredError(t(T), t(P))],
      ['mae', L.meanAbsoluteError(t(T), t(P)), tfl.metrics.meanAbsoluteError(t(T), t(P))],
      ['mape', L.meanAbsolutePercentageError(t(T), t(P)), tfl.metrics.meanAbsolutePercentageError(t(T), t(P))],
      ['bce', L.binaryCrossentropy(t(BIN), t(PROB)), tfl.metrics.binaryCrossentropy(t(BIN), t(PROB))],
      ['cce', L.categoricalCrossentropy(t(ONEHOT), t(PROB)), tfl.metrics.categoricalCrossentropy(t(ONEHOT), t(PROB))],
      ['cosine', L.cosineSimilarity(t(T), t(P)), tfl.metrics.cosineProximity(t(T), t(P))],
    ];
    for (const [name, ours, theirs] of pairs) expectArraysClose(ours.dataSync(), theirs.dataSync(), { atol: 1e-5, label: name });
  });

  it('huber, hinge, sigmoid/softmax cross-entropy with label smoothing = tf.losses (Reduction.NONE, mean over last axis)', () => {
    const none = tf.Reduction.NONE;
    const lastMean = (x: tf.Tensor): Float32Array | Int32Array | Uint8Array => tf.mean(x, -1).dataSync();
    expectArraysClose(L.huber(t(T), t(P), 0.8).dataSync(), lastMean(tf.losses.huberLoss(t(T), t(P), undefined, 0.8, none)), { label: 'huber' });
    expectArraysClose(L.hinge(t(BIN), t(P)).dataSync(), lastMean(tf.losses.hingeLoss(t(BIN), t(P), undefined, none)), { label: 'hinge' });
    expectArraysClose(
      L.binaryCrossentropy(t(BIN), t(P), { fromLogits: true, labelSmoothing: 0.2 }).dataSync(),
      lastMean(tf.losses.sigmoidCrossEntropy(t(BIN), t(P), undefined, 0.2, none)),
      { label: 'sigmoid CE' },
    );
    expectArraysClose(
      L.categoricalCrossentropy(t(ONEHOT), t(P), { fromLogits: true, labelSmoothing: 0.1 }).dataSync(),
      tf.losses.softmaxCrossEntropy(t(ONEHOT), t(P), undefined, 0.1, none).dataSync(),
      { label: 'softmax CE' },
    );
  });
});

describe('loss objects, reductions and getLoss', () => {
  it('reductions follow Keras 3: sum_over_batch_size, sum, mean_with_sample_weight, none', () => {
    const v = tf.tensor1d([1, 2, 3, 4]);
    const w = tf.tensor1d([1, 0, 2, 1]);
    expectArraysClose(reduceLoss(v).dataSync(), [2.5]);
    expectArraysClose(reduceLoss(v, w).dataSync(), [(1 + 6 + 4) / 4]);
    expectArraysClose(reduceLoss(v, w, 'sum').dataSync(), [11]);
    expectArraysClose(reduceLoss(v, w, 'mean_with_sample_weight').dataSync(), [11 / 4]);
    expectArraysClose(reduceLoss(v, w, 'none').dataSync(), [1, 0, 6, 4]);
    tf.dispose([v, w]);
  });

  it('loss classes apply options and reduction', () => {
    const yt = tf.tensor2d(ONEHOT);
    const yp = tf.tensor2d(P);
    expectArraysClose(
      new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }).call(yt, yp).dataSync(),
      [mean(Array.from(L.categoricalCrossentropy(yt, yp, { fromLogits: true, labelSmoothing: 0.1 }).dataSync()))],
    );
    expectArraysClose(
      new SparseCategoricalCrossentropy({ fromLogits: true, reduction: 'sum' }).call(tf.tensor1d(LABELS), yp).dataSync(),
      [sum(Array.from(L.categoricalCrossentropy(yt, yp, { fromLogits: true }).dataSync()))],
    );
    expect(new Huber({ delta: 2 }).getConfig()).toMatchObject({ delta: 2, reduction: 'sum_over_batch_size' });
    expect(new BinaryCrossentropy().name).toBe('binary_crossentropy');
    expect(new MeanSquaredError({ reduction: 'sum' }).reduction).toBe('sum');
  });

  it('getLoss accepts camelCase, snake_case and aliases, and names the known losses when it fails', () => {
    expect(getLoss('mse')).toBe(getLoss('mean_squared_error'));
    expect(getLoss('meanSquaredError')).toBe(getLoss('mean_squared_error'));
    expect(getLoss('kld')).toBe(getLoss('kullbackLeiblerDivergence'));
    expect(getLoss('sparseCategoricalCrossentropy')).toBe(getLoss('sparse_categorical_crossentropy'));
    for (const n of ['huber', 'log_cosh', 'logcosh', 'hinge', 'squared_hinge', 'categorical_hinge', 'poisson', 'cosine_similarity', 'mape', 'msle']) {
      expect(typeof getLoss(n)).toBe('function');
    }
    expect(() => getLoss('meanSquareError')).toThrow(/unknown loss 'meanSquareError'. Known: mean_squared_error/);
  });
});
