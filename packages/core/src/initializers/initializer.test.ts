import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectArraysClose } from '@sinew/tooling';
import { computeFans, Initializer } from './initializer.js';
import * as init from './factories.js';
import { getInitializer, serializeInitializer } from './get-initializer.js';
import { setSeed, clearSeed } from '../random/seed.js';

beforeAll(async () => {
  await setBackend('cpu');
});

function stats(t: tf.Tensor): { mean: number; sd: number; min: number; max: number } {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

describe('initializers', () => {
  test('fans follow Keras', () => {
    expect(computeFans([3, 4])).toEqual([3, 4]);
    expect(computeFans([3, 3, 8, 16])).toEqual([72, 144]);
    expect(computeFans([5])).toEqual([5, 5]);
  });
  test('variance-scaling family: bounds and standard deviations from the formulas', () => {
    const shape = [200, 300];
    const cases: [Initializer, 'uniform' | 'normal', number][] = [
      [init.glorotUniform(), 'uniform', Math.sqrt(6 / 500)],
      [init.heUniform(), 'uniform', Math.sqrt(6 / 200)],
      [init.lecunUniform(), 'uniform', Math.sqrt(3 / 200)],
      [init.glorotNormal(), 'normal', Math.sqrt(2 / 500)],
      [init.heNormal(), 'normal', Math.sqrt(2 / 200)],
      [init.lecunNormal(), 'normal', Math.sqrt(1 / 200)],
    ];
    for (const [i, kind, scale] of cases) {
      const t = i.apply(shape);
      const s = stats(t);
      expect(Math.abs(s.mean)).toBeLessThan(scale * 0.02);
      if (kind === 'uniform') {
        expect(s.max).toBeLessThanOrEqual(scale);
        expect(s.min).toBeGreaterThanOrEqual(-scale);
        expect(s.sd).toBeCloseTo(scale / Math.sqrt(3), 3);
      } else {
        // Truncated at 2σ of the pre-truncation stddev, which is scaled so that the result has σ = scale.
        expect(s.sd / scale).toBeGreaterThan(0.97);
        expect(s.sd / scale).toBeLessThan(1.03);
        expect(s.max).toBeLessThanOrEqual((2 * scale) / 0.8796256610342398 + 1e-6);
      }
      t.dispose();
    }
  });
  test('constant, zeros, ones, identity, randomUniform bounds', () => {
    expect(Array.from(init.constant({ value: 0.5 }).apply([2]).dataSync())).toEqual([0.5, 0.5]);
    expect(Array.from(init.identity({ gain: 2 }).apply([2, 2]).dataSync())).toEqual([2, 0, 0, 2]);
    const u = stats(init.randomUniform({ minval: 1, maxval: 2 }).apply([1000]));
    expect(u.min).toBeGreaterThanOrEqual(1);
    expect(u.max).toBeLessThan(2);
  });
  test('orthogonal gives orthonormal columns (and rows when wide)', () => {
    for (const shape of [[6, 4], [4, 6], [5, 5]]) {
      const q = init.orthogonal({ seed: 1 }).apply(shape) as tf.Tensor2D;
      const small = Math.min(shape[0]!, shape[1]!);
      const gram = shape[0]! >= shape[1]! ? tf.matMul(q, q, true, false) : tf.matMul(q, q, false, true);
      expectArraysClose(gram.dataSync(), tf.eye(small).dataSync(), { atol: 1e-5 });
    }
  });
  test('setSeed makes every initializer bit-identical; different seeds differ', () => {
    const draw = () => [init.glorotUniform(), init.heNormal(), init.orthogonal(), init.truncatedNormal(), init.randomNormal()].map((i) => Array.from(i.apply([4, 3]).dataSync()));
    setSeed(123);
    const a = draw();
    setSeed(123);
    const b = draw();
    setSeed(124);
    const c = draw();
    clearSeed();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
  test('serialization round trip and Keras names', () => {
    const i = init.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 3 });
    const back = getInitializer(JSON.parse(JSON.stringify(serializeInitializer(i))));
    expect(Array.from(back.apply([3, 3]).dataSync())).toEqual(Array.from(i.apply([3, 3]).dataSync()));
    expect(getInitializer('glorot_uniform').className).toBe('GlorotUniform');
    expect(() => getInitializer('nope')).toThrow("Unknown initializer 'nope'");
    expect(() => init.varianceScaling({ scale: 0 })).toThrow('VarianceScaling: scale must be positive. Received: scale=0');
  });
});
