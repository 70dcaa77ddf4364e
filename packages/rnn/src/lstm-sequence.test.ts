import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { GRU, LSTM, gru, lstm } from './index.js';
import { fusedAndComposite, randomSequenceCase } from './fused-comparison.fixture.js';
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
        const { x, initialState, cot } = randomSequenceCase({ batch: 3, steps: 7, features: 4, units: 5, states: 2, returnSequences });
        tf.dispose(layer.apply(x));
        const [a, b] = fusedAndComposite(layer, LSTM, x, initialState, cot);
        expect(a.length).toBe(9);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, ...initialState, ...cot]);
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
        const { x, initialState, cot } = randomSequenceCase({ batch: 3, steps: 6, features: 2, units: 4, states: 1, returnSequences });
        tf.dispose(layer.apply(x));
        const [a, b] = fusedAndComposite(layer, GRU, x, initialState, cot);
        expect(a.length).toBe(useBias ? 7 : 6);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, ...initialState, ...cot]);
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
