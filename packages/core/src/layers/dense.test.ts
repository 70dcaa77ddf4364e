import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '../testing/run-layer-test.js';
import { Dense, dense } from './dense.js';
import { l2 } from '../regularizers/regularizer.js';
import { maxNorm } from '../constraints/constraint.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('Dense', () => {
  test('matches tfjs-layers: output, gradients, shapes, config, training step, save/load, no leaks', async () => {
    const report = await runLayerTest({
      create: () => dense({ units: 3, activation: 'tanh' }),
      inputShape: [4, 5],
      expectedOutputShape: [4, 3],
      twin: () => tfl.layers.dense({ units: 3, activation: 'tanh' }),
    });
    expect(report.checks).toEqual(['output shape', 'tfjs-layers oracle', 'config round trip', 'training step', 'save/load round trip', 'no leaks']);
  });

  test('rank-3 input contracts the last axis, no bias, relu', async () => {
    await runLayerTest({
      create: () => dense({ units: 2, useBias: false, activation: 'relu' }),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 2],
      twin: () => tfl.layers.dense({ units: 2, useBias: false, activation: 'relu' }) as never,
    });
  });

  test('validates arguments and inputs', () => {
    expect(() => dense({ units: 0 })).toThrow('Dense: units must be a positive integer. Received: units=0');
    const d = dense({ units: 2, name: 'probe' });
    expect(() => d.apply(tf.ones([3]))).toThrow("Dense 'probe': expected input of rank >= 2, received shape [3]");
    d.apply(tf.ones([1, 4])).dispose();
    expect(() => d.apply(tf.ones([1, 5]))).toThrow("Dense 'probe': expected axis -1 of the input to have size 4, received shape [1, 5]");
    expect(() => d.setWeights([tf.ones([4, 2])])).toThrow(/expected 2 weight\(s\) \(probe\/kernel \[4, 2\], probe\/bias \[2\]\), received 1/);
    expect(() => d.setWeights([tf.ones([4, 3]), tf.ones([2])])).toThrow('weight 0 (probe/kernel) must have shape [4, 2], received [4, 3]');
    d.dispose();
  });

  test('auto names, weight names, trainable freezing, countParams', () => {
    const a = new Dense({ units: 2 });
    const b = new Dense({ units: 2 });
    expect(b.name).toMatch(/^dense_\d+$/);
    expect(a.name).not.toBe(b.name);
    a.apply(tf.ones([1, 3])).dispose();
    expect(a.weightRecords.map((w) => w.name)).toEqual([`${a.name}/kernel`, `${a.name}/bias`]);
    expect(a.weights.map((w) => w.name)).toEqual([`${a.name}/kernel:0`, `${a.name}/bias:0`]);
    expect(a.countParams()).toBe(8);
    a.trainable = false;
    expect(a.trainableWeights).toHaveLength(0);
    expect(a.nonTrainableWeights).toHaveLength(2);
    a.trainable = true;
    expect(a.trainableVariables).toHaveLength(2);
    a.dispose();
    b.dispose();
  });

  test('kernel regularizer and constraint hooks', () => {
    const d = dense({ units: 2, kernelRegularizer: l2(0.5), kernelConstraint: maxNorm({ maxValue: 0.1 }) });
    d.apply(tf.ones([1, 3])).dispose();
    const k = d.getWeights()[0]!;
    const loss = d.regularizationLoss()!;
    expect(loss.dataSync()[0]).toBeCloseTo(0.5 * tf.sum(tf.square(k)).dataSync()[0]!, 5);
    d.applyConstraints();
    const norms = tf.sqrt(tf.sum(tf.square(d.kernel!), 0)).dataSync();
    for (const n of norms) expect(n).toBeLessThanOrEqual(0.1 + 1e-6);
    tf.dispose([k, loss]);
    d.dispose();
  });
});
