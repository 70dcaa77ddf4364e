import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '../testing/run-layer-test.js';
import { add, average, concatenate, dot, maximum, minimum, multiply, subtract } from './merge.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('merge layers against tfjs-layers', () => {
  const pairs = [
    ['add', () => add(), () => tfl.layers.add({})],
    ['multiply', () => multiply(), () => tfl.layers.multiply({})],
    ['average', () => average(), () => tfl.layers.average({})],
    ['maximum', () => maximum(), () => tfl.layers.maximum({})],
    ['minimum', () => minimum(), () => tfl.layers.minimum({})],
  ] as const;
  for (const [name, ours, theirs] of pairs) {
    test(name, async () => {
      await runLayerTest({ create: ours, inputShape: [[3, 4], [3, 4]], expectedOutputShape: [3, 4], twin: theirs as never });
    });
  }
  test('subtract (tfjs-layers has none): a − b, gradients +1 and −1', async () => {
    await runLayerTest({ create: () => subtract(), inputShape: [[3, 4], [3, 4]], expectedOutputShape: [3, 4] });
    const a = tf.tensor2d([[1, 2]]);
    const b = tf.tensor2d([[5, -1]]);
    const s = subtract();
    expect(Array.from(s.apply([a, b]).dataSync())).toEqual([-4, 3]);
    const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(s.apply([p, q])))([a, b]);
    expect(Array.from(ga!.dataSync())).toEqual([1, 1]);
    expect(Array.from(gb!.dataSync())).toEqual([-1, -1]);
  });
  test('add of three inputs', async () => {
    await runLayerTest({ create: () => add(), inputShape: [[2, 5], [2, 5], [2, 5]], twin: () => tfl.layers.add({}) });
  });
  test('concatenate along the last and a middle axis', async () => {
    await runLayerTest({ create: () => concatenate(), inputShape: [[2, 3, 4], [2, 3, 2]], expectedOutputShape: [2, 3, 6], twin: () => tfl.layers.concatenate() });
    await runLayerTest({ create: () => concatenate({ axis: 1 }), inputShape: [[2, 3, 4], [2, 1, 4]], expectedOutputShape: [2, 4, 4], twin: () => tfl.layers.concatenate({ axis: 1 }) });
  });
  test('dot: vectors, normalized vectors, and batched matrices', async () => {
    await runLayerTest({ create: () => dot({ axes: 1 }), inputShape: [[3, 4], [3, 4]], expectedOutputShape: [3, 1], twin: () => tfl.layers.dot({ axes: 1 }) });
    await runLayerTest({ create: () => dot({ axes: 1, normalize: true }), inputShape: [[3, 4], [3, 4]], twin: () => tfl.layers.dot({ axes: 1, normalize: true }) });
    await runLayerTest({ create: () => dot({ axes: [2, 1] }), inputShape: [[2, 3, 4], [2, 4, 5]], expectedOutputShape: [2, 3, 5], twin: () => tfl.layers.dot({ axes: [2, 1] }) });
    await runLayerTest({ create: () => dot({ axes: [1, 1] }), inputShape: [[2, 3, 4], [2, 3, 5]], expectedOutputShape: [2, 4, 5], twin: () => tfl.layers.dot({ axes: [1, 1] }) });
  });
  test('shape errors name the layer and shapes', () => {
    expect(() => add({ name: 'sum' }).apply([tf.ones([2, 3]), tf.ones([2, 4])])).toThrow("Add 'sum': inputs have incompatible shapes");
    expect(() => subtract().apply([tf.ones([2, 3]), tf.ones([2, 3]), tf.ones([2, 3])])).toThrow('expected exactly 2 inputs, received 3');
    expect(() => concatenate({ name: 'cat' }).apply([tf.ones([2, 3]), tf.ones([3, 3])])).toThrow("Concatenate 'cat': inputs must match except along axis -1");
    expect(() => concatenate({ name: 'cat2', axis: 1 }).apply([tf.ones([2, 3, 1]), tf.ones([2, 3, 2])])).toThrow("Concatenate 'cat2': inputs must match except along axis 1");
  });
});
