import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import { expectArraysClose } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequential } from '../engine/sequential.js';
import { dense } from '../layers/dense.js';
import { SGD } from '../optimizers/sgd.js';
import { setSeed } from '../random/index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Digits-shaped data (8x8 = 64 features, 10 classes): a fixed template per class plus noise, from a tiny LCG. */
function digitsLike(n: number, seed: number): { x: tf.Tensor2D; labels: number[] } {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const templates = Array.from({ length: 10 }, () => Array.from({ length: 64 }, () => (rand() < 0.3 ? 1 : 0)));
  const labels: number[] = [];
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    labels.push(c);
    rows.push(templates[c]!.map((v) => v + 0.8 * (rand() - 0.5)));
  }
  return { x: tf.tensor2d(rows), labels };
}

describe('fit with the engine: a 64-32-10 MLP', () => {
  it('matches tfjs-layers fit (same weights, SGD, no shuffle) epoch by epoch', async () => {
    const { x, labels } = digitsLike(96, 3);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
    setSeed(11);
    const ours = sequential({ layers: [dense({ units: 32, activation: 'relu', inputShape: [64] }), dense({ units: 10, activation: 'softmax' })] });
    const theirs = tfl.sequential({
      layers: [tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [64] }), tfl.layers.dense({ units: 10, activation: 'softmax' })],
    });
    const w = ours.getWeights();
    theirs.setWeights(w);
    tf.dispose(w);
    ours.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const h1 = await ours.fit(x, y, { epochs: 4, batchSize: 32, shuffle: false, verbose: 0 });
    const h2 = await theirs.fit(x, y, { epochs: 4, batchSize: 32, shuffle: false, verbose: 0 });
    expectArraysClose(h1.history.loss!, h2.history.loss as number[], { atol: 1e-5, rtol: 1e-4, label: 'epoch losses vs tfjs-layers' });
    expectArraysClose(h1.history.accuracy!, h2.history.acc as number[], { atol: 1e-6, label: 'accuracy vs tfjs-layers' });
    const a = ours.getWeights();
    const b = theirs.getWeights();
    a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4, label: `weight ${i}` }));
    tf.dispose([...a, x, y]);
    theirs.dispose();
  });

  it('reaches 95% held-out accuracy on digits-shaped data with a fixed seed (Adam, sparse labels, validationSplit)', async () => {
    setSeed(42);
    const { x, labels } = digitsLike(600, 9);
    const y = tf.tensor1d(labels);
    const m = sequential({ layers: [dense({ units: 32, activation: 'relu', inputShape: [64] }), dense({ units: 10, activation: 'softmax' })] });
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const before = tf.memory().numTensors;
    const h = await m.fit(x, y, { epochs: 15, batchSize: 32, validationSplit: 0.2, verbose: 0 });
    // Adam: two slots per variable (4 variables) and nothing else.
    expect(tf.memory().numTensors - before).toBe(8);
    const valAcc = h.history.val_accuracy!;
    expect(valAcc[valAcc.length - 1]).toBeGreaterThanOrEqual(0.95);
    expect(h.history.loss![14]).toBeLessThan(h.history.loss![0]!);
    tf.dispose([x, y]);
  });
});
