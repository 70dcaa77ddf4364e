import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { splitIndices } from '../pipeline/split.js';
import { loadDigits } from './digits.js';
import { loadIris } from './iris.js';
import { classCounts, labeledDataset, labeledTensors } from './labeled-data.js';

const dataDir = new URL('../../data/', import.meta.url);

describe('digits (UCI optical digits, 8x8)', () => {
  test('1,797 images with the published class counts', () => {
    const d = loadDigits();
    expect(d.numExamples).toBe(1797);
    expect(d.features.length).toBe(1797 * 64);
    // The counts UCI publishes for optdigits.tes, which scikit-learn's copy is.
    expect(classCounts(d.labels, 10)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.min(...d.features)).toBe(0);
    expect(Math.max(...d.features)).toBe(16);
  });

  test('the embedded module decodes to exactly what sklearn\'s digits.csv.gz holds', () => {
    const rows = gunzipSync(readFileSync(new URL('digits.csv.gz', dataDir))).toString('utf8').trim().split('\n');
    const d = loadDigits();
    expect(rows.length).toBe(d.numExamples);
    rows.forEach((line, i) => {
      const v = line.split(',').map(Number);
      expect(Array.from(d.features.subarray(i * 64, i * 64 + 64))).toEqual(v.slice(0, 64));
      expect(d.labels[i]).toBe(v[64]);
    });
  });
});

describe('Iris', () => {
  test('150 rows, 50 per class, and the same values as sklearn\'s iris.csv', () => {
    const iris = loadIris();
    expect(iris.numExamples).toBe(150);
    expect(classCounts(iris.labels, 3)).toEqual([50, 50, 50]);
    const lines = readFileSync(new URL('iris.csv', dataDir), 'utf8').trim().split('\n').slice(1);
    lines.forEach((line, i) => {
      const v = line.split(',').map(Number);
      expect(Array.from(iris.features.subarray(i * 4, i * 4 + 4))).toEqual(v.slice(0, 4).map(Math.fround));
      expect(iris.labels[i]).toBe(v[4]);
    });
    expect(Array.from(iris.features.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });
});

describe('labeledDataset / labeledTensors', () => {
  test('stratified split + pipeline over digits: batch shapes, scaling, no leaks', async () => {
    const digits = loadDigits();
    const { train, test: held } = splitIndices(digits.numExamples, { test: 0.2, stratify: digits.labels, seed: 0 });
    expect(held.length).toBe(360);
    const heldCounts = classCounts(Array.from(held, (i) => digits.labels[i]!), 10);
    // Proportional shares are 35.6..36.6; each class within one of its share.
    heldCounts.forEach((c, k) => expect(Math.abs(c - (360 * [178, 182, 177, 183, 181, 182, 181, 179, 174, 180][k]!) / 1797)).toBeLessThan(1));
    await expectNoLeaks(async () => {
      const ds = labeledDataset(digits, { scale: 1 / 16, indices: train }).shuffle({ seed: 1 }).batch(64);
      expect(ds.size).toBe(Math.ceil(train.length / 64));
      let seen = 0;
      let max = 0;
      for await (const { xs, ys } of ds) {
        expect(xs.shape[1]).toBe(64);
        seen += ys.shape[0]!;
        max = Math.max(max, ...xs.dataSync());
        tf.dispose([xs, ys]);
      }
      expect(seen).toBe(train.length);
      expect(max).toBe(1);
      const oh = await labeledDataset(digits, { oneHot: true, indices: [5] }).batch(1).toArray();
      expect(Array.from(oh[0]!.ys.dataSync())).toEqual(Array.from({ length: 10 }, (_, k) => (k === digits.labels[5] ? 1 : 0)));
      tf.dispose(oh);
    });
    expect(() => labeledDataset(digits, { indices: [1797] })).toThrow(/index 0 is 1797, but 'digits' has 1797 examples/);
  });

  test('labeledTensors gives [n, ...featureShape] and labels, one-hot on request', async () => {
    await expectNoLeaks(() => {
      const { xs, ys } = labeledTensors(loadDigits(), { indices: [0, 1, 2] });
      expect(xs.shape).toEqual([3, 8, 8]);
      expect(Array.from(ys.dataSync())).toEqual([0, 1, 2]);
      const iris = labeledTensors(loadIris(), { oneHot: true });
      expect(iris.ys.shape).toEqual([150, 3]);
      const perClass = tf.sum(iris.ys, 0);
      expect(Array.from(perClass.dataSync())).toEqual([50, 50, 50]);
      tf.dispose([xs, ys, iris.xs, iris.ys, perClass]);
    });
  });
});
