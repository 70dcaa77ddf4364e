import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { LSTM, lstm } from './index.js';
import { useCpu, useWasm } from './test-setup.js';

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
        expect(a.length).toBe(useBias ? 9 : 8);
        a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
        tf.dispose([...a, ...b, x, h0, c0, ...cot]);
        layer.dispose();
      });
    });
  }

  // Without returnState (nor stateful) the op leaves the final c out; outputs and gradients must not change.
  for (const backend of ['wasm', 'cpu']) {
    for (const returnSequences of [false, true]) {
      it(`matches the composite without returnState (returnSequences ${returnSequences}, ${backend})`, async () => {
        await (backend === 'cpu' ? useCpu() : useWasm());
        try {
          await expectNoLeaks(async () => {
            const layer = lstm({ units: 4, returnSequences, biasInitializer: 'randomNormal' });
            const x = tf.randomUniform([3, 6, 2], -1, 1, 'float32', 7);
            tf.dispose(layer.apply(x));
            const cot = tf.randomUniform(returnSequences ? [3, 6, 4] : [3, 4], -1, 1, 'float32', 8);
            const loss = (xx: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer.apply(xx) as tf.Tensor, cot));
            const run = (fused: boolean): tf.Tensor[] => {
              LSTM.useFusedSequence = fused;
              const out = layer.apply(x) as tf.Tensor;
              const gx = tf.grad(loss)(x);
              const { value, grads } = tf.variableGrads(() => loss(x), layer.trainableVariables);
              value.dispose();
              return [out, gx, ...layer.trainableVariables.map((v) => grads[v.name]!)];
            };
            const a = run(true);
            const b = run(false);
            expect(a.length).toBe(5);
            a.forEach((t, i) => expectArraysClose(t.dataSync(), b[i]!.dataSync(), { atol: 1e-5, rtol: 1e-4 }));
            tf.dispose([...a, ...b, x, cot]);
            layer.dispose();
          });
        } finally {
          await useWasm();
        }
      });
    }
  }

  // The op runs its inner loops on bare kernel outputs, which tf.memory() does not count: the
  // backend's own count of data buffers must come back too, on wasm and on cpu.
  for (const backend of ['wasm', 'cpu']) {
    it(`frees every buffer it makes, forward and backward (${backend})`, async () => {
      await (backend === 'cpu' ? useCpu() : useWasm());
      try {
        for (const returnSequences of [false, true]) {
          const layer = lstm({ units: 3, returnSequences });
          const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 1);
          tf.dispose(layer.apply(x));
          const before = tf.backend().numDataIds();
          const tensorsBefore = tf.memory().numTensors;
          const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, layer.trainableVariables);
          tf.dispose([value, ...Object.values(grads)]);
          tf.dispose(layer.apply(x));
          expect(tf.memory().numTensors).toBe(tensorsBefore);
          expect(tf.backend().numDataIds()).toBe(before);
          x.dispose();
          layer.dispose();
        }
      } finally {
        await useWasm();
      }
    });
  }
});
