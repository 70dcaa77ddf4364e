import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers the 'wasm' backend's kernels with tfjs-core; the backend itself is never started here.
import '@tensorflow/tfjs-backend-wasm';
import { expectNoLeaks } from '@sinew/tooling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight, registerGradients } from './index.js';

const FAKE = 'sinew-preflight-fake';
const WITHHELD = ['Conv2DBackpropFilter', 'Relu'];

/** A training step of a small conv net: forward, backward (variableGrads) and an SGD update. */
function makeStep() {
  const w = tf.variable(tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', 1));
  const b = tf.variable(tf.zeros([4]));
  const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([1, 3], 'int32'), 4);
  const optimizer = tf.train.sgd(0.1);
  const step = () =>
    optimizer.minimize(() => {
      const h = tf.relu(tf.add(tf.conv2d(x, w as tf.Tensor as tf.Tensor4D, 1, 'same'), b));
      const logits = tf.mean(h, [1, 2]);
      return tf.losses.softmaxCrossEntropy(labels, logits);
    });
  const dispose = () => {
    tf.dispose([w, b, x, labels]);
    optimizer.dispose();
  };
  return { w, b, step, dispose };
}

describe('preflight', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    // A stand-in backend: registered with tfjs, never run, with every cpu kernel except two.
    tf.registerBackend(FAKE, () => {
      throw new Error('preflight must not start the backend it checks');
    });
    for (const k of tf.getKernelsForBackend('cpu')) {
      if (!WITHHELD.includes(k.kernelName)) tf.registerKernel({ ...k, backendName: FAKE });
    }
  });

  afterAll(() => {
    for (const k of tf.getKernelsForBackend(FAKE)) tf.unregisterKernel(k.kernelName, FAKE);
    tf.removeBackend(FAKE);
  });

  it("names exactly the kernels a training step needs that the backend lacks, without starting it", async () => {
    const { w, step, dispose } = makeStep();
    const before = Array.from(w.dataSync());
    const report = await expectNoLeaks(() => preflight(step, FAKE), { label: 'preflight' });
    // Relu is withheld too but its forward is used: both withheld kernels must be found.
    expect(report.missingKernels).toEqual(['Conv2DBackpropFilter', 'Relu']);
    expect(report.missingGradients).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.kernelsUsed).toEqual(expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter', 'Relu']));
    expect(String(report)).toContain(`kernels missing on '${FAKE}': Conv2DBackpropFilter, Relu`);
    // The probe ran a real SGD step, but the weights are put back and the active backend is unchanged.
    expect(Array.from(w.dataSync())).toEqual(before);
    expect(tf.getBackend()).toBe('cpu');
    dispose();
  });

  it('names Conv2DBackpropFilter as missing on bare tfjs-backend-wasm (before Sinew fills its gaps)', async () => {
    const { step, dispose } = makeStep();
    const report = await preflight(step, 'wasm');
    expect(report.missingKernels).toContain('Conv2DBackpropFilter');
    expect(report.missingKernels).not.toContain('Conv2D');
    expect(tf.getBackend()).toBe('cpu');
    dispose();
  });

  it('reports nothing missing for the reference backend itself', async () => {
    const { step, dispose } = makeStep();
    const report = await preflight(step, 'cpu');
    expect(report.missingKernels).toEqual([]);
    expect(report.missingGradients).toEqual([]);
    expect(report.ok).toBe(true);
    expect(String(report)).toContain('ok, nothing missing');
    dispose();
  });

  it('reports a gradient that is not registered, and runs on past it, instead of crashing', async () => {
    const x = tf.tensor2d([[0.5, -1, 2]]);
    const fn = () =>
      tf.grad((t: tf.Tensor) => {
        // Cumprod (no gradient registered) is taped but does not feed the loss: it needs none.
        tf.cumprod(t, 1);
        return tf.sum(tf.mul(tf.relu(t), tf.reshape(tf.conv2d(tf.reshape(t, [1, 1, 3, 1]) as tf.Tensor4D, tf.ones([1, 1, 1, 1]) as tf.Tensor4D, 1, 'valid'), [1, 3])));
      })(x);
    expect(tf.getGradient('Cumprod') == null, 'precondition: Cumprod has no gradient').toBe(true);
    tf.unregisterGradient('Relu');
    try {
      await expect(async () => tf.tidy(() => fn())).rejects.toThrow(/gradient function not found for Relu/);
      const report = await expectNoLeaks(() => preflight(fn, 'cpu'), { label: 'preflight' });
      expect(report.missingGradients).toEqual(['Relu']);
      expect(report.tapedWithoutGradient).toEqual(expect.arrayContaining(['Cumprod', 'Relu']));
      expect(report.missingKernels).toEqual([]);
      // Back-propagation went on past Relu: the conv branch's backward kernels were still recorded.
      expect(report.kernelsUsed).toContain('Conv2DBackpropInput');
      expect(report.ok).toBe(false);
      expect(String(report)).toContain('gradients not registered (needed by back-propagation): Relu');
    } finally {
      registerGradients();
    }
    // The engine is left as it was: a missing gradient fails again outside preflight.
    expect(tf.getGradient('Relu')).toBeDefined();
    tf.dispose(x);
  });

  it('restores the previously active backend and the engine hook when fn throws', async () => {
    await tf.setBackend('cpu');
    await expect(
      preflight(() => {
        throw new Error('boom');
      }, FAKE),
    ).rejects.toThrow('boom');
    expect(tf.getBackend()).toBe('cpu');
    const g = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.square(t)))(tf.tensor1d([3])).dataSync()));
    expect(g).toEqual([6]);
  });

  it('names the registered backends when the target is unknown', async () => {
    await expect(preflight(() => undefined, 'nope')).rejects.toThrow(/backend 'nope' is not registered.*registered: .*cpu/);
  });
});
