import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { GRU, LSTM, gru, lstm } from './index.js';
import { useCpu } from './test-setup.js';

beforeAll(useCpu);
afterEach(() => {
  LSTM.useFusedSequence = true;
  GRU.useFusedSequence = true;
});

// The fused whole-sequence op must agree with the per-step composite (itself checked against
// tfjs-layers, Keras's numbers and finite differences) on outputs and on every gradient, including
// those with respect to the initial states.
describe('fused LSTM sequence op', () => {
  for (const [goBackwards, returnSequences] of [[false, true], [true, true], [false, false], [true, false]]) {
    it(`matches the composite, outputs and gradients (goBackwards ${goBackwards}, returnSequences ${returnSequences})`, async () => {
      await expectNoLeaks(async () => {
        const layer = lstm({ units: 5, returnSequences, returnState: true, goBackwards });
        const x = tf.randomUniform([3, 7, 4], -1, 1, 'float32', 1);
        const h0 = tf.randomUniform([3, 5], -1, 1, 'float32', 2);
        const c0 = tf.randomUniform([3, 5], -1, 1, 'float32', 3);
        tf.dispose(layer.apply(x));
        const cot = [tf.randomUniform(returnSequences ? [3, 7, 5] : [3, 5], -1, 1, 'float32', 4), tf.randomUniform([3, 5], -1, 1, 'float32', 5), tf.randomUniform([3, 5], -1, 1, 'float32', 6)];
        const loss = (xx: tf.Tensor, hh: tf.Tensor, cc: tf.Tensor): tf.Scalar => {
          const outs = layer.apply<tf.Tensor[]>(xx, { initialState: [hh, cc] });
          return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, cot[i]!)))) as tf.Scalar;
        };
        const run = (fused: boolean): tf.Tensor[] => {
          LSTM.useFusedSequence = fused;
          const outs = layer.apply<tf.Tensor[]>(x, { initialState: [h0, c0] });
          const gIn = tf.grads(loss)([x, h0, c0]);
          const { value, grads } = tf.variableGrads(() => loss(x, h0, c0), layer.trainableVariables);
          value.dispose();
          return [...outs, ...gIn, ...layer.trainableVariables.map((v) => grads[v.name]!)];
        };
        const a = run(true);
        const b = run(false);
        expect(a.length).toBe(9);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, h0, c0, ...cot]);
        layer.dispose();
      });
    });
  }

  it('is used only for tanh/sigmoid (hard sigmoid falls back to the composite)', () => {
    expect(lstm({ units: 2 }).fusable).toBe(true);
    expect(lstm({ units: 2, defaults: 'tfjs' }).fusable).toBe(false);
    expect(lstm({ units: 2, activation: 'relu' }).fusable).toBe(false);
  });
});

describe('fused GRU sequence op (resetAfter)', () => {
  for (const [goBackwards, returnSequences, useBias] of [[false, true, true], [true, false, true], [false, false, false]]) {
    it(`matches the composite (goBackwards ${goBackwards}, returnSequences ${returnSequences}, useBias ${useBias})`, async () => {
      await expectNoLeaks(async () => {
        const layer = gru({ units: 4, returnSequences, returnState: true, goBackwards, useBias, biasInitializer: 'randomNormal' });
        const x = tf.randomUniform([3, 6, 2], -1, 1, 'float32', 1);
        const h0 = tf.randomUniform([3, 4], -1, 1, 'float32', 2);
        tf.dispose(layer.apply(x));
        const cot = [tf.randomUniform(returnSequences ? [3, 6, 4] : [3, 4], -1, 1, 'float32', 4), tf.randomUniform([3, 4], -1, 1, 'float32', 5)];
        const loss = (xx: tf.Tensor, hh: tf.Tensor): tf.Scalar => {
          const outs = layer.apply<tf.Tensor[]>(xx, { initialState: [hh] });
          return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, cot[i]!)))) as tf.Scalar;
        };
        const run = (fused: boolean): tf.Tensor[] => {
          GRU.useFusedSequence = fused;
          const outs = layer.apply<tf.Tensor[]>(x, { initialState: [h0] });
          const gIn = tf.grads(loss)([x, h0]);
          const { value, grads } = tf.variableGrads(() => loss(x, h0), layer.trainableVariables);
          value.dispose();
          return [...outs, ...gIn, ...layer.trainableVariables.map((v) => grads[v.name]!)];
        };
        const a = run(true);
        const b = run(false);
        expect(a.length).toBe(useBias ? 7 : 6);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, h0, ...cot]);
        layer.dispose();
      });
    });
  }

  it('is used only for the reset-after form with tanh/sigmoid', () => {
    expect(gru({ units: 2 }).fusable).toBe(true);
    expect(gru({ units: 2, resetAfter: false }).fusable).toBe(false);
    expect(gru({ units: 2, recurrentActivation: 'hardSigmoid' }).fusable).toBe(false);
  });
});
