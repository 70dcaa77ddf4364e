import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectNoLeaks } from '@sinew/tooling';
import { dense } from '../layers/dense.js';
import { sequential } from './sequential.js';
import { loadModel, saveModel } from '../io/index.js';
import { Adam } from '../optimizers/adam.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const x = () => tf.randomNormal([8, 3], 0, 1, 'float32', 1);
const y = () => tf.randomNormal([8, 2], 0, 1, 'float32', 2);

function trainedModel() {
  const m = sequential({ layers: [dense({ units: 4, activation: 'relu', inputShape: [3] }), dense({ units: 2 })] });
  m.compile({ optimizer: 'adam', loss: 'mse' });
  return m;
}

describe('Model ownership of optimizer state', () => {
  test('dispose frees the weights and the optimizer compile made from a name', async () => {
    await expectNoLeaks(async () => {
      const m = trainedModel();
      const [xs, ys] = [x(), y()];
      await m.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
      tf.dispose([xs, ys]);
      m.dispose();
    });
  });

  test('an optimizer passed in by the caller stays the caller’s', async () => {
    const optimizer = new Adam();
    await expectNoLeaks(async () => {
      const m = sequential({ layers: [dense({ units: 2, inputShape: [3] })] });
      m.compile({ optimizer, loss: 'mse' });
      const [xs, ys] = [x(), y()];
      await m.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
      tf.dispose([xs, ys]);
      m.dispose();
      // Still usable: its state is alive until the caller frees it.
      const state = optimizer.getWeights();
      expect(state.length).toBeGreaterThan(1);
      for (const w of state) w.tensor.dispose();
      optimizer.dispose();
    });
  });

  test('save and load with optimizer state leak nothing once both models are disposed', async () => {
    await expectNoLeaks(async () => {
      const m = trainedModel();
      const [xs, ys] = [x(), y()];
      await m.fit(xs, ys, { epochs: 1, batchSize: 4, verbose: 0 });
      const { bytes } = await saveModel(m, 'memory://');
      const loaded = await loadModel(bytes!);
      expect(loaded.restoredOptimizer).not.toBeNull();
      tf.dispose([xs, ys]);
      m.dispose();
      loaded.dispose();
    });
  });
});
