import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { loadIris } from '../datasets/iris.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { oneHot } from './one-hot.js';
import { StandardScaler } from './standard-scaler.js';

// Oracle: numpy 2.4.6 on sklearn's iris.csv (a.mean(0), a.std(0), and the scaled first row), run
// while writing these tests; min and max also match the table in sklearn's iris.rst.
const IRIS_MEAN = [5.843333333333335, 3.057333333333334, 3.7580000000000027, 1.199333333333334];
const IRIS_STD = [0.8253012917851409, 0.43441096773549437, 1.7594040657753032, 0.7596926279021594];
const IRIS_Z0 = [-0.9006811702978099, 1.0190043519716065, -1.3402265266227635, -1.3154442950077407];
const IRIS_MM0 = [0.22222222222222213, 0.6249999999999999, 0.06779661016949151, 0.04166666666666667];

function irisTensor(): tf.Tensor2D {
  const iris = loadIris();
  return tf.tensor2d(iris.features, [iris.numExamples, 4]);
}

describe('StandardScaler', () => {
  test('matches numpy on Iris, and partialFit over batches equals one fit', async () => {
    const x = irisTensor();
    await expectNoLeaks(() => {
      const s = new StandardScaler().fit(x);
      expectArraysClose(s.mean, IRIS_MEAN, { atol: 1e-6, rtol: 0 });
      expectArraysClose(s.std, IRIS_STD, { atol: 1e-6, rtol: 0 });
      const z = s.transform(x);
      expectArraysClose(z.dataSync().slice(0, 4), IRIS_Z0, { atol: 1e-5, rtol: 0 });
      const back = s.inverseTransform(z);
      expectArraysClose(back.dataSync(), x.dataSync(), { atol: 1e-5, rtol: 0 });
      tf.dispose([z, back]);
      const rows = x.arraySync();
      const p = new StandardScaler().partialFit(rows.slice(0, 7)).partialFit(rows.slice(7, 100)).partialFit(rows.slice(100));
      expectArraysClose(p.mean, IRIS_MEAN, { atol: 1e-6, rtol: 0 });
      expectArraysClose(p.std, IRIS_STD, { atol: 1e-6, rtol: 0 });
      expect(p.count).toBe(150);
      expectArraysClose(p.transformRow(rows[0]!), IRIS_Z0, { atol: 1e-5, rtol: 0 });
    });
    x.dispose();
  });

  test('a constant feature is scaled by 1; errors name the feature counts', () => {
    const s = new StandardScaler().fit([[1, 5], [3, 5]]);
    expect(Array.from(s.scale)).toEqual([1, 1]);
    expect(Array.from(s.transformRow([3, 5]))).toEqual([1, 0]);
    expect(() => new StandardScaler().transformRow([1])).toThrow(/call fit\(\) first/);
    const x = tf.zeros([2, 3]);
    expect(() => s.transform(x)).toThrow(/fitted on 2 features, received shape \[2,3\]/);
    x.dispose();
  });
});

describe('MinMaxScaler', () => {
  test('matches numpy on Iris and inverts; featureRange', async () => {
    const x = irisTensor();
    await expectNoLeaks(() => {
      const s = new MinMaxScaler().fit(x);
      expect(Array.from(s.dataMin)).toEqual([4.3, 2.0, 1.0, 0.1].map(Math.fround));
      expect(Array.from(s.dataMax)).toEqual([7.9, 4.4, 6.9, 2.5].map(Math.fround));
      const y = s.transform(x);
      expectArraysClose(y.dataSync().slice(0, 4), IRIS_MM0, { atol: 1e-5, rtol: 0 });
      expect(Math.min(...y.dataSync())).toBeCloseTo(0, 6);
      expect(Math.max(...y.dataSync())).toBeCloseTo(1, 6);
      const back = s.inverseTransform(y);
      expectArraysClose(back.dataSync(), x.dataSync(), { atol: 1e-5, rtol: 0 });
      tf.dispose([y, back]);
      const r = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0], [4]]);
      expectArraysClose(r.transformRow([1]), [-0.5], { atol: 1e-7, rtol: 0 });
    });
    x.dispose();
  });

  test('partialFit widens the range; a constant feature does not divide by zero', () => {
    const s = new MinMaxScaler().partialFit([[0, 2]]).partialFit([[10, 2]]);
    expect(Array.from(s.transformRow([5, 2]))).toEqual([0.5, 0]);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(/featureRange=\[1,0\]/);
  });
});

describe('oneHot', () => {
  test('encodes like tf.oneHot and names a bad label', async () => {
    await expectNoLeaks(() => {
      const y = oneHot([0, 2, 1], 3);
      expect(y.dtype).toBe('float32');
      expect(y.arraySync()).toEqual([[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
      y.dispose();
      const t = tf.tensor1d([1, 0], 'int32');
      const z = oneHot(t, 2);
      expect(z.arraySync()).toEqual([[0, 1], [1, 0]]);
      tf.dispose([t, z]);
    });
    expect(() => oneHot([0, 3], 3)).toThrow(/label 1 is 3, expected an integer in \[0, 3\)/);
    expect(() => oneHot([0.5], 3)).toThrow(/label 0 is 0.5/);
  });
});
