import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dense, input, model, setSeed } from '@sinew/core';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { bidirectional, gru, lstm, masking, maskOf, simpleRNN } from './index.js';
import { useCpu } from './test-setup.js';

beforeAll(useCpu);

describe('recurrent layer behaviour', () => {
  it('validates arguments and inputs with messages that name the layer and the shapes', () => {
    expect(() => lstm({ units: 0 })).toThrow(/LSTM: units must be a positive integer. Received: units=0/);
    expect(() => gru({ units: 2, dropout: 1 })).toThrow(/dropout must be a number in \[0, 1\)/);
    const l = simpleRNN({ units: 2, name: 'rnn_x' });
    expect(() => l.apply(tf.ones([2, 3]))).toThrow(/SimpleRNN 'rnn_x': expected input of rank 3 \[batch, steps, features\], received shape \[(null|2), 3\]/);
    const s = lstm({ units: 2 });
    expect(() => s.apply(tf.ones([2, 3, 4]), { initialState: [tf.ones([2, 2])] })).toThrow(/expected 2 initial state\(s\), received 1/);
    expect(() => s.apply(tf.ones([2, 3, 4]), { initialState: [tf.ones([3, 2]), tf.ones([3, 2])] })).toThrow(/initial state 0 must have shape \[2, 2\], received \[3, 2\]/);
    expect(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as never })).toThrow(/mergeMode must be/);
  });

  it('stateful layers carry state, refuse a new batch size, and reset', async () => {
    await expectNoLeaks(async () => {
      const layer = gru({ units: 3, stateful: true });
      const whole = gru({ units: 3 });
      const x = tf.randomUniform([2, 4, 2], -1, 1, 'float32', 1);
      const xx = tf.concat([x, x], 1);
      tf.dispose([layer.apply(x), whole.apply(xx)]);
      const w = layer.getWeights();
      whole.setWeights(w);
      layer.resetStates();
      tf.dispose(layer.apply(x));
      const second = layer.apply(x);
      const once = whole.apply(xx);
      // Two stateful calls over halves equal one call over the whole sequence.
      expectArraysClose(second.dataSync(), once.dataSync(), { atol: 1e-6 });
      const other = tf.ones([3, 4, 2]);
      expect(() => layer.apply(other)).toThrow(/fixed batch size/);
      layer.resetStates();
      const fresh = layer.apply(x);
      const first = whole.apply(x);
      expectArraysClose(fresh.dataSync(), first.dataSync(), { atol: 1e-6 });
      tf.dispose([x, xx, second, once, other, fresh, first, ...w]);
      layer.dispose();
      whole.dispose();
    });
  });

  it('dropout is seeded, active only in training, and leak-free', async () => {
    await expectNoLeaks(async () => {
      const x = tf.randomUniform([4, 5, 3], -1, 1, 'float32', 2);
      const layer = lstm({ units: 4, dropout: 0.5, recurrentDropout: 0.5 });
      const a = layer.apply(x);
      const b = layer.apply(x);
      expectArraysClose(a.dataSync(), b.dataSync());
      setSeed(9);
      const t1 = layer.apply(x, { training: true });
      setSeed(9);
      const t2 = layer.apply(x, { training: true });
      expectArraysClose(t1.dataSync(), t2.dataSync());
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(t1, a))).dataSync()[0]!)).toBeGreaterThan(1e-3);
      tf.dispose([x, a, b, t1, t2]);
      layer.dispose();
    });
  });

  it("a layer's own dropout seed gives a new mask per training call and the same sequence per seed", async () => {
    await expectNoLeaks(async () => {
      const x = tf.randomUniform([4, 5, 3], -1, 1, 'float32', 2);
      const run = () => {
        setSeed(1); // same initial weights for both layers
        const layer = lstm({ units: 4, dropout: 0.5, recurrentDropout: 0.5, seed: 7 });
        const outs = [layer.apply(x, { training: true }), layer.apply(x, { training: true })];
        layer.dispose();
        return outs;
      };
      const [a1, a2] = run();
      const [b1, b2] = run();
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a1!, a2!))).dataSync()[0]!)).toBeGreaterThan(1e-3);
      expectArraysClose(a1!.dataSync(), b1!.dataSync());
      expectArraysClose(a2!.dataSync(), b2!.dataSync());
      tf.dispose([x, a1!, a2!, b1!, b2!]);
    });
  });

  it('works in a functional model with stacked layers and a Masking layer', async () => {
    await expectNoLeaks(async () => {
      const inp = input({ shape: [null, 3] });
      const h = lstm({ units: 4, returnSequences: true }).apply(masking().apply(inp));
      const out = dense({ units: 1 }).apply(gru({ units: 5 }).apply(h));
      const m = model({ inputs: inp, outputs: out });
      const x = tf.tidy(() => tf.concat([tf.randomUniform([2, 4, 3], 0.1, 1, 'float32', 3), tf.zeros([2, 2, 3])], 1));
      const y = m.apply(x);
      expect(y.shape).toEqual([2, 1]);
      // The padded tail is skipped: the answer equals the one on the unpadded prefix.
      const prefix = tf.slice(x, [0, 0, 0], [2, 4, 3]);
      const yp = m.apply(prefix);
      expectArraysClose(y.dataSync(), yp.dataSync(), { atol: 1e-6 });
      tf.dispose([x, y, prefix, yp]);
      m.dispose();
    });
  });

  it('Masking attaches the mask it computed', () => {
    const x = tf.tensor3d([[[1, 0], [0, 0], [0, 2]]]);
    const y = masking().apply(x);
    expect(Array.from(maskOf(y)!.data)).toEqual([1, 0, 1]);
    tf.dispose([x, y]);
  });
});
