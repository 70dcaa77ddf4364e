import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '../testing/run-layer-test.js';
import { flatten, identity, permute, repeatVector, reshape } from './reshaping.js';
import { activation } from './activation.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('shape layers against tfjs-layers', () => {
  test('Flatten', async () => {
    await runLayerTest({ create: () => flatten(), inputShape: [2, 3, 4], expectedOutputShape: [2, 12], twin: () => tfl.layers.flatten() });
  });
  test('Reshape with an inferred axis', async () => {
    await runLayerTest({
      create: () => reshape({ targetShape: [3, -1] }),
      inputShape: [2, 12],
      expectedOutputShape: [2, 3, 4],
      twin: () => tfl.layers.reshape({ targetShape: [3, -1] }),
    });
  });
  test('Permute', async () => {
    await runLayerTest({
      create: () => permute({ dims: [2, 3, 1] }),
      inputShape: [2, 3, 4, 5],
      expectedOutputShape: [2, 4, 5, 3],
      twin: () => tfl.layers.permute({ dims: [2, 3, 1] }),
    });
  });
  test('RepeatVector', async () => {
    await runLayerTest({ create: () => repeatVector({ n: 3 }), inputShape: [2, 4], expectedOutputShape: [2, 3, 4], twin: () => tfl.layers.repeatVector({ n: 3 }) });
  });
  test('Identity', async () => {
    const r = await runLayerTest({ create: () => identity(), inputShape: [2, 4], expectedOutputShape: [2, 4] });
    expect(r.checks).toContain('save/load round trip');
  });
  test('Activation, for every activation tfjs-layers shares', async () => {
    for (const name of ['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'linear'] as const) {
      await runLayerTest({
        label: `Activation(${name})`,
        create: () => activation({ activation: name }),
        inputShape: [3, 5],
        expectedOutputShape: [3, 5],
        twin: () => tfl.layers.activation({ activation: name }),
        checkSaveLoad: name === 'relu',
      });
    }
  });
  test("hardSigmoid 'tfjs' variant equals tfjs-layers' hardSigmoid", async () => {
    await runLayerTest({
      create: () => activation({ activation: 'hardSigmoidTfjs' }),
      inputShape: [3, 5],
      makeInputs: (shapes) => shapes.map((s) => tf.randomUniform(s, -4, 4, 'float32', 5)),
      twin: () => tfl.layers.activation({ activation: 'hardSigmoid' }),
    });
  });
  test('argument validation names the argument and value', () => {
    expect(() => reshape({ targetShape: [0, 2] })).toThrow('Reshape: targetShape must be positive integers with at most one -1. Received: targetShape=[0,2]');
    expect(() => permute({ dims: [1, 3] })).toThrow('Permute: dims must be a permutation of 1..2');
    expect(() => repeatVector({ n: -1 })).toThrow('RepeatVector: n must be a positive integer. Received: n=-1');
    const r = reshape({ targetShape: [5], name: 'rs' });
    expect(() => r.apply(tf.ones([2, 4]))).toThrow("Reshape 'rs': cannot reshape input of shape [2, 4] (4 values per sample) to [5]");
  });
});
