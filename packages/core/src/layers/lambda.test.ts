import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '../testing/run-layer-test.js';
import { lambda, registerLambda } from './lambda.js';
import { activityRegularization } from './activity-regularization.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('Lambda and ActivityRegularization', () => {
  test('a registered lambda passes the whole harness (config and save/load by name)', async () => {
    registerLambda('cube', (x) => tf.pow(x as tf.Tensor, 3));
    await runLayerTest({ create: () => lambda({ fn: 'cube' }), inputShape: [2, 3], expectedOutputShape: [2, 3] });
    const y = lambda({ fn: 'cube' }).apply(tf.tensor2d([[2]]));
    expect(y.dataSync()[0]).toBe(8);
  });
  test('an unregistered name fails clearly', () => {
    expect(() => lambda({ fn: 'nope' })).toThrow("Lambda: no function registered as 'nope'; call registerLambda('nope', fn)");
  });
  test('lambda with an explicit output shape', () => {
    const l = lambda({ fn: (x) => tf.sum(x as tf.Tensor, 1, true), outputShape: [1] });
    expect(l.computeOutputShape([null, 5])).toEqual([null, 1]);
  });
  test('ActivityRegularization: identity that records l1·Σ|y| + l2·Σy² in training', async () => {
    await runLayerTest({ create: () => activityRegularization({ l1: 0.1, l2: 0.2 }), inputShape: [2, 3] });
    const l = activityRegularization({ l1: 0.1, l2: 0.2 });
    const x = tf.tensor2d([[1, -2]]);
    l.apply(x, { training: false }).dispose();
    expect(l.regularizationLoss()).toBeNull();
    l.apply(x, { training: true }).dispose();
    expect(l.regularizationLoss()!.dataSync()[0]).toBeCloseTo(0.1 * 3 + 0.2 * 5, 6);
    l.dispose();
  });
});
