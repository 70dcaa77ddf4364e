import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectArraysClose, finiteDifferenceGrad } from '@sinew/tooling';
import * as A from './activations.js';
import { getActivation, listActivations } from './get-activation.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const xs = [-2.9, -1.5, -0.5, -0.01, 0.01, 0.3, 1, 2.4, 4];

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is only 1e-7 accurate; use a series for |x| < 3 instead.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 80; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const oracles: Record<string, (x: number) => number> = {
  leakyRelu: (x) => (x < 0 ? 0.2 * x : x),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  geluApproximate: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  hardSigmoid: (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
  hardSigmoidTfjs: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  selu: (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1)),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  softsign: (x) => x / (1 + Math.abs(x)),
  swish: (x) => x / (1 + Math.exp(-x)),
  silu: (x) => x / (1 + Math.exp(-x)),
  mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  softplus: (x) => Math.log1p(Math.exp(x)),
  relu6: (x) => Math.min(6, Math.max(0, x)),
  exponential: (x) => Math.exp(x),
  step: (x) => (x >= 0 ? 1 : 0),
};

describe('activations', () => {
  for (const [name, f] of Object.entries(oracles)) {
    test(`${name}: values equal the formula; gradient equals finite differences`, () => {
      const fn = getActivation(name);
      const y = tf.tidy(() => fn(tf.tensor1d(xs)).dataSync());
      expectArraysClose(y, xs.map(f), { atol: 1e-6, rtol: 1e-5, label: name });
      if (name === 'step') return;
      const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(fn(x)))(tf.tensor1d(xs)).dataSync());
      const fd = finiteDifferenceGrad((p) => Array.from(p).reduce((s, v) => s + f(v), 0), xs, 1e-4);
      // The sample points avoid the kinks of the hard sigmoids (±3 and ±2.5).
      expectArraysClose(g, fd, { atol: 1e-3, rtol: 1e-3, label: `${name} gradient` });
    });
  }
  test('step has a zero gradient and a threshold', () => {
    const g = tf.grad((x: tf.Tensor) => tf.sum(A.step(x)))(tf.tensor1d([-1, 2]));
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    expect(Array.from(A.step(tf.tensor1d([0.4, 0.6]), 0.5).dataSync())).toEqual([0, 1]);
  });
  test('softmax and logSoftmax along a chosen axis', () => {
    const x = tf.tensor2d([[1, 2], [3, 5]]);
    const s0 = A.softmax(x, 0).dataSync();
    expectArraysClose(s0, [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(3)), 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(-3))], { atol: 1e-6 });
    const ls = A.logSoftmax(tf.tensor2d([[1000, 0]])).dataSync();
    expectArraysClose(ls, [0, -1000], { atol: 1e-3 });
  });
  test('relu options follow Keras (negativeSlope, maxValue, threshold)', () => {
    const y = A.relu(tf.tensor1d([-2, 0.5, 1.5, 10]), { negativeSlope: 0.1, maxValue: 6, threshold: 1 }).dataSync();
    expectArraysClose(y, [-0.3, -0.05, 1.5, 6], { atol: 1e-6 });
  });
  test('unknown names list the known ones', () => {
    expect(() => getActivation('nope')).toThrow(/Unknown activation 'nope'. Known activations: linear, relu/);
    expect(listActivations()).toContain('mish');
    expect(getActivation('leaky_relu')).toBe(getActivation('leakyRelu'));
  });
});
