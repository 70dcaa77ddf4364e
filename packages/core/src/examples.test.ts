// The README's and the TSDoc's main examples, run as written (with the imports a user would write).
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import {
  activations,
  add,
  concatenate,
  dense,
  getInitializer,
  initializers,
  input,
  loadModel,
  model,
  registerLambda,
  lambda,
  sequential,
  setSeed,
  shuffleIndices,
} from './index.node.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('documented examples', () => {
  test('build, summary, apply, gradients', () => {
    setSeed(42);
    const m = sequential({
      layers: [dense({ units: 16, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })],
    });
    expect(m.summary(() => undefined)).toContain('Total params: 131');
    const y = m.apply(tf.ones([2, 4]));
    expect(y.shape).toEqual([2, 3]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(m.apply(x)))(tf.ones([2, 4]));
    expect(g.shape).toEqual([2, 4]);
  });
  test('functional API with a residual connection and two inputs', () => {
    const x = input({ shape: [8] });
    const h = dense({ units: 8, activation: 'relu' }).apply(x);
    const y = dense({ units: 1 }).apply(add().apply([x, h]));
    const m = model({ inputs: x, outputs: y });
    expect((m.apply(tf.ones([2, 8])) as tf.Tensor).shape).toEqual([2, 1]);
    const a = input({ shape: [4] });
    const b = input({ shape: [4] });
    const two = model({ inputs: [a, b], outputs: concatenate().apply([a, b]) });
    expect(two.apply([tf.ones([1, 4]), tf.ones([1, 4])]).shape).toEqual([1, 8]);
  });
  test('save and load, in memory and as a file', async () => {
    registerLambda('double', (t) => tf.mul(t as tf.Tensor, 2));
    const m = sequential({ layers: [dense({ units: 2, inputShape: [3] }), lambda({ fn: 'double' })] });
    const { bytes } = await m.save('memory://');
    const again = await loadModel(bytes!);
    expect(Array.from(again.apply(tf.ones([1, 3])).dataSync())).toEqual(Array.from(m.apply(tf.ones([1, 3])).dataSync()));
  });
  test('compile and trainOnBatch: repeated steps on one batch lower its loss', async () => {
    setSeed(3);
    const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = tf.tensor2d([[1, 2], [3, 4], [-1, 0]]);
    const y = tf.tensor2d([[1], [2], [0]]);
    const first = (await m.trainOnBatch(x, y)).loss!;
    let last = first;
    for (let i = 0; i < 20; i++) last = (await m.trainOnBatch(x, y)).loss!;
    expect(last).toBeLessThan(first / 2);
  });
  test('initializers, activations, seeds', () => {
    expect(initializers.glorotUniform().apply([3, 4]).shape).toEqual([3, 4]);
    expect(getInitializer('heNormal').className).toBe('HeNormal');
    expect(Array.from(activations.step(tf.tensor([-0.5, 0, 2])).dataSync())).toEqual([0, 1, 1]);
    expect(activations.hardSigmoid(tf.tensor([1])).dataSync()[0]).toBeCloseTo(2 / 3, 6);
    expect(activations.hardSigmoid(tf.tensor([1]), { variant: 'tfjs' }).dataSync()[0]).toBeCloseTo(0.7, 6);
    setSeed(1);
    const p = shuffleIndices(5);
    setSeed(1);
    expect(shuffleIndices(5)).toEqual(p);
  });
});
