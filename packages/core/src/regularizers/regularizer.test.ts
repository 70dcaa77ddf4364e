import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectArraysClose } from '@sinew/tooling';
import { getRegularizer, l1, l1l2, l2 } from './regularizer.js';
import { maxNorm, minMaxNorm, nonNeg, unitNorm, getConstraint } from '../constraints/constraint.js';
import { dense } from '../layers/dense.js';
import { activityRegularization } from '../layers/activity-regularization.js';
import { sequential } from '../engine/sequential.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('regularizers', () => {
  test('L1, L2, L1L2 penalties', () => {
    const x = tf.tensor1d([1, -2, 3]);
    expect(l1(0.1).apply(x).dataSync()[0]).toBeCloseTo(0.6, 6);
    expect(l2(0.1).apply(x).dataSync()[0]).toBeCloseTo(1.4, 6);
    expect(l1l2({ l1: 0.1, l2: 0.1 }).apply(x).dataSync()[0]).toBeCloseTo(2.0, 6);
    expect(getRegularizer('l2').l2).toBe(0.01);
    expect(() => l1(-1)).toThrow('L1L2: l1 and l2 must be >= 0. Received: l1=-1, l2=0');
  });
  test('a model sums weight penalties and the activity penalty of the last training pass', () => {
    const m = sequential({
      layers: [dense({ units: 3, inputShape: [2], kernelRegularizer: l2(0.1), activityRegularizer: l1(0.5) }), activityRegularization({ l2: 0.25 })],
    });
    const x = tf.tensor2d([[1, 2], [-1, 0.5]]);
    expect(m.regularizationLoss()!.dataSync()[0]).toBeCloseTo(0.1 * tf.sum(tf.square(m.layers[0]!.weights[0]!)).dataSync()[0]!, 6);
    const y = m.apply(x, { training: true }) as tf.Tensor;
    const expected = 0.1 * tf.sum(tf.square(m.layers[0]!.weights[0]!)).dataSync()[0]! + 0.5 * tf.sum(tf.abs(y)).dataSync()[0]! + 0.25 * tf.sum(tf.square(y)).dataSync()[0]!;
    expect(m.regularizationLoss()!.dataSync()[0]).toBeCloseTo(expected, 4);
    // Differentiable inside the tape.
    const { grads } = tf.variableGrads(() => {
      m.apply(x, { training: true });
      return m.regularizationLoss()!;
    });
    expect(Object.keys(grads)).toHaveLength(2);
    m.dispose();
  });
});

describe('constraints', () => {
  const w = (): tf.Tensor => tf.tensor2d([[3, 0.1], [4, -0.2]]);
  test('maxNorm caps column norms', () => {
    const c = maxNorm({ maxValue: 2 }).apply(w());
    expectArraysClose(c.dataSync(), [1.2, 0.1, 1.6, -0.2], { atol: 1e-5 });
  });
  test('unitNorm, nonNeg, minMaxNorm', () => {
    expectArraysClose(unitNorm().apply(w()).dataSync(), [0.6, 0.1 / Math.sqrt(0.05), 0.8, -0.2 / Math.sqrt(0.05)], { atol: 1e-5 });
    expect(Array.from(nonNeg().apply(w()).dataSync())).toEqual([3, 0.10000000149011612, 4, 0]);
    const n = tf.norm(minMaxNorm({ minValue: 1, maxValue: 2 }).apply(w()), 2, 0).dataSync();
    expectArraysClose(n, [2, 1], { atol: 1e-5 });
    expect(getConstraint('max_norm').className).toBe('MaxNorm');
  });
});
