import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, dense, sequential, setSeed } from '@sinew/core';
import { binaryAdditionTask, parityTask } from '@sinew/data';
import { fitTruncatedBPTT, gru, lstm, simpleRNN, timeDistributed, type BaseRNN } from './index.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);

describe('learning by backpropagation through time', () => {
  it('an LSTM learns running parity (BPTT through fit)', async () => {
    setSeed(3);
    const train = parityTask({ count: 256, length: 10, seed: 1 });
    const test = parityTask({ count: 128, length: 10, seed: 2 });
    const toX = (d: typeof train): tf.Tensor3D => tf.tensor3d(d.map((e) => e.xs));
    const toY = (d: typeof train): tf.Tensor3D => tf.tensor3d(d.map((e) => e.ys as number[][]));
    const [x, y, xt, yt] = [toX(train), toY(train), toX(test), toY(test)];
    const model = sequential({
      layers: [lstm({ units: 12, returnSequences: true, inputShape: [10, 1] }), timeDistributed({ layer: dense({ units: 1, activation: 'sigmoid' }) })],
    });
    model.compile({ optimizer: new Adam({ learningRate: 0.03 }), loss: 'binaryCrossentropy' });
    await model.fit(x, y, { epochs: 40, batchSize: 64, verbose: 0 });
    const p = model.predict(xt) as tf.Tensor;
    const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.cast(yt, 'bool')), 'float32')).dataSync()[0]!);
    expect(acc).toBeGreaterThan(0.97);
    tf.dispose([x, y, xt, yt, p]);
    model.dispose();
  });

  // The hand-built summing and comparison nets' tasks, learned instead of constructed.
  for (const [task, make] of [
    ['binary addition (SimpleRNN)', () => simpleRNN({ units: 16, returnSequences: true, inputShape: [9, 2] })],
    ['binary comparison a > b (GRU)', () => gru({ units: 8, returnSequences: true, inputShape: [9, 2] })],
  ] as [string, () => BaseRNN][]) {
    it(`learns ${task} by BPTT`, async () => {
      setSeed(7);
      const make3 = (n: number, seed: number): [tf.Tensor3D, tf.Tensor3D] => {
        const d = binaryAdditionTask({ count: n, bits: 8, seed });
        const ys = task.startsWith('binary addition')
          ? d.map((e) => e.ys)
          : d.map((e) => {
              let a = 0, b = 0;
              return e.xs.map((r, t) => ((a += r[0]! * 2 ** t), (b += r[1]! * 2 ** t), [a > b ? 1 : 0]));
            });
        return [tf.tensor3d(d.map((e) => e.xs)), tf.tensor3d(ys)];
      };
      const [x, y] = make3(512, 1);
      const [xt, yt] = make3(256, 2);
      const model = sequential({ layers: [make(), timeDistributed({ layer: dense({ units: 1, activation: 'sigmoid' }) })] });
      model.compile({ optimizer: new Adam({ learningRate: 0.02 }), loss: 'binaryCrossentropy' });
      await model.fit(x, y, { epochs: 30, batchSize: 64, verbose: 0 });
      const p = model.predict(xt) as tf.Tensor;
      const acc = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.cast(yt, 'bool')), 'float32')).dataSync()[0]!);
      expect(acc).toBeGreaterThan(0.98);
      tf.dispose([x, y, xt, yt, p]);
      model.dispose();
    });
  }

  it('truncated BPTT (k1 = 5, k2 = 10) learns to echo the input 3 steps late on a 200-step stream', async () => {
    setSeed(5);
    const B = 8;
    const T = 200;
    const bits = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([B, T, 1], 0, 1, 'float32', 9), 0.5), 'float32'));
    // y_t = x_{t−3}: the state must carry bits across chunk boundaries.
    const target = tf.tidy(() => tf.concat([tf.zeros([B, 3, 1]), tf.slice(bits, [0, 0, 0], [B, T - 3, 1])], 1));
    const model = sequential({
      layers: [
        lstm({ units: 16, stateful: true, returnSequences: true, batchInputShape: [B, null, 1] }),
        timeDistributed({ layer: dense({ units: 1, activation: 'sigmoid' }) }),
      ],
    });
    const losses = await fitTruncatedBPTT({ model, x: bits, y: target, optimizer: new Adam({ learningRate: 0.02, globalClipNorm: 1 }), loss: 'binaryCrossentropy', k1: 5, k2: 10, epochs: 8 });
    // ln 2 ≈ 0.693 is chance.
    expect(losses[0]!).toBeGreaterThan(0.5);
    expect(losses[losses.length - 1]!).toBeLessThan(0.15);
    tf.dispose([bits, target]);
    model.dispose();
  });
});
