import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '../testing/run-layer-test.js';
import { dropout, spatialDropout1d, spatialDropout2d, spatialDropout3d } from './dropout.js';
import { alphaDropout, gaussianDropout, gaussianNoise } from './noise.js';
import { setSeed } from '../random/seed.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function run(layer: { apply(x: tf.Tensor, o: { training: boolean }): tf.Tensor }, x: tf.Tensor): Float32Array {
  return tf.tidy(() => layer.apply(x, { training: true }).dataSync() as Float32Array);
}

describe('dropout and noise layers', () => {
  test('inference is the identity, as in tfjs-layers', async () => {
    await runLayerTest({ create: () => dropout({ rate: 0.5 }), inputShape: [4, 6], twin: () => tfl.layers.dropout({ rate: 0.5 }), stochastic: true });
    await runLayerTest({ create: () => spatialDropout1d({ rate: 0.5 }), inputShape: [2, 3, 4], twin: () => tfl.layers.spatialDropout1d({ rate: 0.5 }), stochastic: true });
    await runLayerTest({ create: () => gaussianDropout({ rate: 0.3 }), inputShape: [4, 6], twin: () => tfl.layers.gaussianDropout({ rate: 0.3 }), stochastic: true });
    await runLayerTest({ create: () => gaussianNoise({ stddev: 0.3 }), inputShape: [4, 6], twin: () => tfl.layers.gaussianNoise({ stddev: 0.3 }), stochastic: true });
    await runLayerTest({ create: () => alphaDropout({ rate: 0.3 }), inputShape: [4, 6], twin: () => tfl.layers.alphaDropout({ rate: 0.3 }), stochastic: true });
    await runLayerTest({ create: () => spatialDropout2d({ rate: 0.5 }), inputShape: [2, 3, 3, 4] });
    await runLayerTest({ create: () => spatialDropout3d({ rate: 0.5 }), inputShape: [2, 2, 2, 2, 3] });
  });

  test('Dropout drops about `rate` and rescales the rest by 1/(1-rate)', () => {
    setSeed(7);
    const v = run(dropout({ rate: 0.25 }), tf.ones([100, 100]));
    const zeros = v.filter((a) => a === 0).length / v.length;
    expect(zeros).toBeGreaterThan(0.23);
    expect(zeros).toBeLessThan(0.27);
    for (const a of v) if (a !== 0) expect(a).toBeCloseTo(1 / 0.75, 5);
  });

  test('same seed, same mask; seeded generator advances between calls', () => {
    const layer = dropout({ rate: 0.5 });
    const x = tf.ones([4, 8]);
    setSeed(3);
    const a = run(layer, x);
    const b = run(layer, x);
    setSeed(3);
    const c = run(layer, x);
    expect(Array.from(c)).toEqual(Array.from(a));
    expect(Array.from(b)).not.toEqual(Array.from(a));
  });

  test("a layer's own seed gives a new mask at each training call, the same sequence for the same seed (Keras 3 SeedGenerator)", () => {
    const x = tf.ones([4, 16]);
    for (const make of [
      (seed: number) => dropout({ rate: 0.5, seed }),
      (seed: number) => spatialDropout1d({ rate: 0.5, seed }),
      (seed: number) => gaussianDropout({ rate: 0.3, seed }),
      (seed: number) => gaussianNoise({ stddev: 0.3, seed }),
      (seed: number) => alphaDropout({ rate: 0.3, seed }),
    ]) {
      const layer = make(5);
      const xi = layer.className === 'SpatialDropout1D' ? tf.ones([2, 4, 16]) : x;
      const a = run(layer, xi);
      const b = run(layer, xi);
      expect(Array.from(b), layer.className).not.toEqual(Array.from(a));
      const again = make(5);
      expect(Array.from(run(again, xi)), layer.className).toEqual(Array.from(a));
      expect(Array.from(run(again, xi)), layer.className).toEqual(Array.from(b));
      expect(Array.from(run(make(6), xi)), layer.className).not.toEqual(Array.from(a));
    }
  });

  test('SpatialDropout2D shares one mask value per sample and channel', () => {
    setSeed(11);
    const v = run(spatialDropout2d({ rate: 0.5 }), tf.ones([3, 4, 4, 5]));
    for (let n = 0; n < 3; n++) {
      for (let c = 0; c < 5; c++) {
        const vals = new Set<number>();
        for (let i = 0; i < 16; i++) vals.add(v[n * 80 + i * 5 + c]!);
        expect(vals.size).toBe(1);
      }
    }
  });

  test('GaussianNoise and GaussianDropout have the documented moments', () => {
    setSeed(5);
    const noise = run(gaussianNoise({ stddev: 0.5 }), tf.zeros([200, 100]));
    const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeCloseTo(0.5, 1);
    const mult = run(gaussianDropout({ rate: 0.2 }), tf.ones([200, 100]));
    const m2 = mult.reduce((a, b) => a + b, 0) / mult.length;
    const sd2 = Math.sqrt(mult.reduce((a, b) => a + (b - m2) ** 2, 0) / mult.length);
    expect(m2).toBeCloseTo(1, 1);
    expect(sd2).toBeCloseTo(Math.sqrt(0.2 / 0.8), 1);
  });

  test('AlphaDropout keeps zero mean and unit variance of SELU-normalized inputs', () => {
    setSeed(9);
    const x = tf.randomNormal([300, 100], 0, 1, 'float32', 1);
    const y = run(alphaDropout({ rate: 0.2 }), x);
    const m = y.reduce((a, b) => a + b, 0) / y.length;
    const v = y.reduce((a, b) => a + (b - m) ** 2, 0) / y.length;
    expect(Math.abs(m)).toBeLessThan(0.05);
    expect(v).toBeCloseTo(1, 1);
  });

  test('rates are validated', () => {
    expect(() => dropout({ rate: 1 })).toThrow('Dropout: rate must be a number in [0, 1). Received: rate=1');
    expect(() => gaussianNoise({ stddev: -1 })).toThrow('GaussianNoise: stddev must be a number >= 0. Received: stddev=-1');
  });
});
