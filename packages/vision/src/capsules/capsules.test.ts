import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { capsuleLayer, capsuleLength, capsuleMask, primaryCaps } from './capsule-layers.js';
import { marginLoss } from './margin-loss.js';
import { squash } from './squash.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Procedure 1 of Sabour et al. (2017), on plain arrays. u: [b][I][D], W: [I][J][O][D]. */
function refRouting(u: number[][][], W: number[][][][], routings: number): number[][][] {
  const sq = (s: number[]) => {
    const n2 = s.reduce((a, x) => a + x * x, 0);
    return s.map((x) => (n2 / (1 + n2)) * (x / Math.sqrt(n2 + 1e-7)));
  };
  return u.map((ub) => {
    const I = W.length;
    const J = W[0]!.length;
    const uHat = W.map((Wi, i) => Wi.map((Wij) => Wij.map((row) => row.reduce((a, w, d) => a + w * ub[i]![d]!, 0))));
    const b = Array.from({ length: I }, () => new Array<number>(J).fill(0));
    let v: number[][] = [];
    for (let r = 0; r < routings; r++) {
      const c = b.map((bi) => {
        const m = Math.max(...bi);
        const e = bi.map((x) => Math.exp(x - m));
        const z = e.reduce((a, x) => a + x, 0);
        return e.map((x) => x / z);
      });
      v = Array.from({ length: J }, (_, j) => sq(uHat[0]![j]!.map((_, o) => uHat.reduce((a, ui, i) => a + c[i]![j]! * ui[j]![o]!, 0))));
      if (r < routings - 1) for (let i = 0; i < I; i++) for (let j = 0; j < J; j++) b[i]![j]! += uHat[i]![j]!.reduce((a, x, o) => a + x * v[j]![o]!, 0);
    }
    return v;
  });
}

describe('capsules', () => {
  test('squash keeps the direction and maps length n to n²/(1+n²)', () => {
    const v = squash(tf.tensor2d([[3, 4], [0.1, 0], [0, 0]]));
    const [a, b, c] = v.arraySync() as number[][];
    expect(Math.hypot(...a!)).toBeCloseTo(25 / 26, 5);
    expect(a![0]! / a![1]!).toBeCloseTo(0.75, 5);
    expect(Math.hypot(...b!)).toBeCloseTo(0.01 / 1.01, 5);
    expect(c).toEqual([0, 0]);
    const g = tf.grad((s: tf.Tensor) => tf.sum(squash(s)))(tf.zeros([1, 3]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
  });

  test('margin loss follows eq. 4', () => {
    const l = marginLoss(tf.tensor2d([[1, 0], [0, 1]]), tf.tensor2d([[0.8, 0.3], [0.05, 0.95]]));
    const [x, y] = Array.from(l.dataSync());
    expect(x).toBeCloseTo(0.01 + 0.5 * 0.04, 6);
    expect(y).toBeCloseTo(0, 6);
  });

  for (const routings of [1, 3]) {
    test(`routing by agreement (${routings} iteration(s)) equals Procedure 1 written out`, () => {
      const layer = capsuleLayer({ numCapsules: 3, dimCapsule: 4, routings });
      const u = squash(tf.randomNormal([2, 5, 3], 0, 1, 'float32', 4));
      const v = layer.apply(u);
      const [W] = layer.getWeights();
      const ref = refRouting(u.arraySync() as number[][][], W!.arraySync() as number[][][][], routings);
      expect(v.shape).toEqual([2, 3, 4]);
      const got = v.arraySync() as number[][][];
      ref.forEach((rb, b) => rb.forEach((rj, j) => rj.forEach((x, o) => expect(got[b]![j]![o]).toBeCloseTo(x, 5))));
      layer.dispose();
    });
  }

  test('routing changes the result (3 iterations differ from 1)', () => {
    const a = capsuleLayer({ numCapsules: 3, dimCapsule: 4, routings: 1 });
    const u = squash(tf.randomNormal([2, 6, 3], 0, 1, 'float32', 5));
    a.apply(u).dispose();
    // Predictions of unit scale, so that agreement moves the coupling coefficients visibly.
    const w = tf.randomNormal(a.getWeights()[0]!.shape, 0, 1, 'float32', 6);
    a.setWeights([w]);
    const v1 = a.apply(u);
    const b = capsuleLayer({ numCapsules: 3, dimCapsule: 4, routings: 3 });
    b.apply(u).dispose();
    b.setWeights([w]);
    const v3 = b.apply(u);
    expect(tf.max(tf.abs(tf.sub(v1, v3))).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  test('harness: CapsuleLayer, PrimaryCaps, CapsuleLength, CapsuleMask (shapes, config, training step, save/load, leaks)', async () => {
    await runLayerTest({ create: () => capsuleLayer({ numCapsules: 3, dimCapsule: 4, routings: 2 }), inputShape: [2, 6, 5], expectedOutputShape: [2, 3, 4] });
    await runLayerTest({ create: () => primaryCaps({ numCapsules: 2, dimCapsule: 3, kernelSize: 3, strides: 2 }), inputShape: [2, 7, 7, 2], expectedOutputShape: [2, 18, 3] });
    await runLayerTest({ create: () => capsuleLength(), inputShape: [2, 4, 3], expectedOutputShape: [2, 4] });
    await runLayerTest({ create: () => capsuleMask(), inputShape: [2, 4, 3], expectedOutputShape: [2, 12] });
  });

  test('PrimaryCaps is conv, reshape to vectors, squash; CapsuleMask keeps the chosen capsule', () => {
    const p = primaryCaps({ numCapsules: 2, dimCapsule: 3, kernelSize: 2 });
    const x = tf.randomUniform([1, 3, 3, 1], 0, 1, 'float32', 6);
    const y = p.apply(x);
    const [k, bias] = p.getWeights();
    const conv = tf.add(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'valid'), bias!);
    const ref = squash(tf.reshape(conv, [1, 8, 3]));
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-6);
    const caps = tf.tensor3d([[[1, 1], [3, 0], [0, 2]]]);
    expect(Array.from(capsuleMask().apply([caps, tf.tensor2d([[0, 0, 1]])]).dataSync())).toEqual([0, 0, 0, 0, 0, 2]);
    expect(Array.from(capsuleMask().apply(caps).dataSync())).toEqual([0, 0, 3, 0, 0, 0]);
  });
});
