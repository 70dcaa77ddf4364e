import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { LSTM, lstm } from './index.js';
import { expectFreesEveryBuffer, fusedAndComposite, onBackend, randomSequenceCase } from './fused-comparison.fixture.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);
afterEach(() => {
  LSTM.useFusedSequence = true;
});

// On wasm the fused LSTM op calls the fused matrix-product kernel directly (rank-3 operands, bias and
// sigmoid in the kernel): it must agree there too with the per-step composite (itself checked
// against tfjs-layers, Keras's numbers and finite differences), outputs and every gradient.
describe('fused LSTM sequence op on wasm', () => {
  for (const [goBackwards, returnSequences, useBias] of [[false, true, true], [true, false, true], [false, false, false]]) {
    it(`matches the composite (goBackwards ${goBackwards}, returnSequences ${returnSequences}, useBias ${useBias})`, async () => {
      expect(tf.getBackend()).toBe('wasm');
      await expectNoLeaks(async () => {
        const layer = lstm({ units: 5, returnSequences, returnState: true, goBackwards, useBias, biasInitializer: 'randomNormal' });
        const { x, initialState, cot } = randomSequenceCase({ batch: 3, steps: 7, features: 4, units: 5, states: 2, returnSequences });
        tf.dispose(layer.apply(x));
        const [a, b] = fusedAndComposite(layer, LSTM, x, initialState, cot);
        expect(a.length).toBe(useBias ? 9 : 8);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, ...initialState, ...cot]);
        layer.dispose();
      });
    });
  }

  // Without returnState (nor stateful) the op leaves the final c out; outputs and gradients must not change.
  for (const backend of ['wasm', 'cpu']) {
    for (const returnSequences of [false, true]) {
      it(`matches the composite without returnState (returnSequences ${returnSequences}, ${backend})`, async () => {
        await onBackend(backend, async () => {
          await expectNoLeaks(async () => {
            const layer = lstm({ units: 4, returnSequences, biasInitializer: 'randomNormal' });
            const x = tf.randomUniform([3, 6, 2], -1, 1, 'float32', 7);
            tf.dispose(layer.apply(x));
            const cot = tf.randomUniform(returnSequences ? [3, 6, 4] : [3, 4], -1, 1, 'float32', 8);
            const [a, b] = fusedAndComposite(layer, LSTM, x, [], [cot]);
            expect(a.length).toBe(5);
            a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
            tf.dispose([...a, ...b, x, cot]);
            layer.dispose();
          });
        });
      });
    }
  }

  // The op runs its inner loops on bare kernel outputs, which tf.memory() does not count: the
  // backend's own count of data buffers must come back too, on wasm and on cpu.
  for (const backend of ['wasm', 'cpu']) {
    it(`frees every buffer it makes, forward and backward (${backend})`, async () => {
      await onBackend(backend, async () => {
        for (const returnSequences of [false, true]) {
          const layer = lstm({ units: 3, returnSequences });
          const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 1);
          expectFreesEveryBuffer(layer, x);
          x.dispose();
          layer.dispose();
        }
      });
    });
  }
});
