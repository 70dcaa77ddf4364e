import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { GRU, gru } from './index.js';
import { expectFreesEveryBuffer, fusedAndComposite, onBackend, randomSequenceCase } from './fused-comparison.fixture.js';
import { useWasm } from './test-setup.js';

beforeAll(useWasm);
afterEach(() => {
  GRU.useFusedSequence = true;
});

// The fused GRU op calls kernels directly (the fused matrix-product kernel with rank-3 operands, bias
// and sigmoid in the kernel, among them): on wasm and on cpu it must agree with the per-step
// composite (itself checked against Keras's numbers, a loop reference and finite differences),
// outputs and every gradient, including the initial state's and the bias's, in both reset forms.
describe('fused GRU sequence ops on wasm and cpu', () => {
  for (const backend of ['wasm', 'cpu']) {
    for (const [resetAfter, goBackwards, returnSequences, useBias, steps] of [
      [true, false, true, true, 7],
      [true, true, false, true, 7],
      [true, false, false, false, 7],
      [true, false, true, true, 1],
      [false, false, true, true, 7],
      [false, true, false, true, 7],
      [false, false, false, false, 7],
      [false, false, true, true, 1],
    ] as const) {
      it(`matches the composite (${backend}, resetAfter ${resetAfter}, goBackwards ${goBackwards}, returnSequences ${returnSequences}, useBias ${useBias}, ${steps} steps)`, async () => {
        await onBackend(backend, async () => {
          expect(tf.getBackend()).toBe(backend);
          await expectNoLeaks(async () => {
            const layer = gru({ units: 5, resetAfter, returnSequences, returnState: true, goBackwards, useBias, biasInitializer: 'randomNormal' });
            expect(layer.fusedForm).toBe(resetAfter ? 'resetAfter' : 'resetBefore');
            const { x, initialState, cot } = randomSequenceCase({ batch: 3, steps, features: 4, units: 5, states: 1, returnSequences });
            tf.dispose(layer.apply(x));
            const [a, b] = fusedAndComposite(layer, GRU, x, initialState, cot);
            expect(a.length).toBe(useBias ? 7 : 6);
            a.forEach((t, i) => {
              expect(t.shape).toEqual(b[i]!.shape);
              expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 });
            });
            tf.dispose([...a, ...b, x, ...initialState, ...cot]);
            layer.dispose();
          });
        });
      });
    }
  }

  // The op runs its inner loops on bare kernel outputs, which tf.memory() does not count: the
  // backend's own count of data buffers must come back too, on wasm and on cpu, training or not.
  for (const backend of ['wasm', 'cpu']) {
    it(`frees every buffer it makes, forward and backward (${backend})`, async () => {
      await onBackend(backend, async () => {
        for (const [resetAfter, returnSequences] of [[true, false], [true, true], [false, false], [false, true]]) {
          const layer = gru({ units: 3, returnSequences, resetAfter });
          const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 1);
          expectFreesEveryBuffer(layer, x);
          x.dispose();
          layer.dispose();
        }
      });
    });
  }
});
