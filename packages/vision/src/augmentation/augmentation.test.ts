import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { gaussianNoise, sequential, setSeed } from '@sinew/core';
import { expectNoLeaks } from '@sinew/tooling';
import { affineTransform, rotationMap, translationMap, zoomMap } from './affine.js';
import { randomFlip, randomRotation, randomTranslation, randomZoom } from './random-geometric.js';
import { randomBrightness, randomContrast, randomCrop } from './random-photometric.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const img = (seed: number, shape: number[] = [6, 5, 5, 2]) => tf.randomUniform(shape as [number, number, number, number], 0, 1, 'float32', seed) as tf.Tensor4D;
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('affine maps (the geometry under rotation, translation and zoom)', () => {
  test('rotation by π/2 equals numpy rot90 (transpose then flip rows); identity maps are identities', () => {
    const x = tf.reshape(tf.range(0, 25), [1, 5, 5, 1]) as tf.Tensor4D;
    const y = affineTransform(x, [rotationMap(Math.PI / 2, 5, 5)], { interpolation: 'nearest', fillMode: 'constant' });
    const rot90 = tf.reverse(tf.transpose(tf.reshape(x, [5, 5])), 0);
    expect(maxDiff(tf.reshape(y, [5, 5]), rot90)).toBe(0);
    expect(maxDiff(affineTransform(x, [zoomMap(1, 1, 5, 5)]), x)).toBeLessThan(1e-6);
    expect(maxDiff(affineTransform(x, [rotationMap(0, 5, 5)]), x)).toBeLessThan(1e-6);
  });
  test('translation by whole pixels equals pad-and-slice; zoom 0.5 about the centre magnifies the middle', () => {
    const x = tf.reshape(tf.range(1, 26), [1, 5, 5, 1]) as tf.Tensor4D;
    const y = affineTransform(x, [translationMap(2, -1)], { interpolation: 'nearest', fillMode: 'constant' });
    const ref = tf.slice(tf.pad(x, [[0, 0], [0, 1], [2, 0], [0, 0]]), [0, 1, 0, 0], [1, 5, 5, 1]);
    expect(maxDiff(y, ref)).toBe(0);
    const z = affineTransform(x, [zoomMap(0.5, 0.5, 5, 5)], { interpolation: 'nearest' });
    expect((tf.reshape(z, [5, 5]).arraySync() as number[][])[2]![2]).toBe(13); // the centre pixel stays put
  });
});

describe('augmentation layers', () => {
  const layers = () => [
    randomFlip(),
    randomRotation({ factor: 0.1 }),
    randomTranslation({ heightFactor: 0.2, widthFactor: 0.2 }),
    randomZoom({ heightFactor: 0.3 }),
    randomBrightness({ factor: 0.2, valueRange: [0, 1] }),
    randomContrast({ factor: 0.5, valueRange: [0, 1] }),
  ];

  test('identity in inference, different in training, reproducible with setSeed, no leaks', async () => {
    for (const layer of layers()) {
      const x = img(1);
      await expectNoLeaks(() => {
        const inf = layer.apply(x);
        expect(maxDiff(inf, x)).toBe(0);
        setSeed(7);
        const a = layer.apply(x, { training: true });
        setSeed(7);
        const b = layer.apply(x, { training: true });
        const c = layer.apply(x, { training: true });
        expect(a.shape).toEqual(x.shape);
        expect(maxDiff(a, b)).toBe(0);
        expect(maxDiff(a, x)).toBeGreaterThan(0);
        expect(maxDiff(a, c)).toBeGreaterThan(0);
        tf.dispose([inf, a, b, c]);
      });
      x.dispose();
      layer.dispose();
    }
  });

  test('RandomFlip: each image is the original or its mirror, and both happen', () => {
    setSeed(3);
    const x = img(2, [16, 4, 4, 1]);
    const y = randomFlip({ mode: 'horizontal' }).apply(x, { training: true });
    const mirrored = tf.reverse(x, 2);
    let same = 0;
    let flipped = 0;
    for (let i = 0; i < 16; i++) {
      const yi = tf.slice(y, [i, 0, 0, 0], [1, -1, -1, -1]);
      if (maxDiff(yi, tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1])) === 0) same++;
      else if (maxDiff(yi, tf.slice(mirrored, [i, 0, 0, 0], [1, -1, -1, -1])) === 0) flipped++;
    }
    expect(same + flipped).toBe(16);
    expect(same).toBeGreaterThan(0);
    expect(flipped).toBeGreaterThan(0);
  });

  test('RandomBrightness shifts each image by one constant within ±factor·range; RandomContrast keeps channel means', () => {
    setSeed(4);
    const x = tf.add(tf.mul(img(3), 0.5), 0.25) as tf.Tensor4D; // in [0.25, 0.75]: no clipping for these factors
    const y = randomBrightness({ factor: 0.2, valueRange: [0, 1] }).apply(x, { training: true });
    const d = tf.sub(y, x);
    const perImageMin = tf.min(d, [1, 2, 3]).dataSync();
    const perImageMax = tf.max(d, [1, 2, 3]).dataSync();
    for (let i = 0; i < 6; i++) {
      expect(perImageMax[i]! - perImageMin[i]!).toBeLessThan(1e-6);
      expect(Math.abs(perImageMax[i]!)).toBeLessThanOrEqual(0.2 + 1e-6);
    }
    const c = randomContrast({ factor: 0.2, valueRange: [0, 1] }).apply(x, { training: true });
    expect(maxDiff(tf.mean(c, [1, 2]), tf.mean(x, [1, 2]))).toBeLessThan(1e-5);
    const ratio = tf.div(tf.sub(c, tf.mean(c, [1, 2], true)), tf.sub(x, tf.mean(x, [1, 2], true))).dataSync();
    for (const r of ratio) {
      if (!Number.isFinite(r)) continue;
      expect(r).toBeGreaterThan(0.79);
      expect(r).toBeLessThan(1.21);
    }
  });

  test('RandomCrop: training crops are windows of the input, inference crops the centre', () => {
    setSeed(5);
    const x = tf.reshape(tf.range(0, 2 * 6 * 7), [2, 6, 7, 1]) as tf.Tensor4D;
    const layer = randomCrop({ height: 3, width: 4 });
    const y = layer.apply(x, { training: true });
    expect(y.shape).toEqual([2, 3, 4, 1]);
    const v = y.arraySync() as number[][][][];
    for (let b = 0; b < 2; b++) {
      const tl = v[b]![0]![0]![0]! - b * 42;
      const [top, left] = [Math.floor(tl / 7), tl % 7];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expect(v[b]![i]![j]![0]).toBe(b * 42 + (top + i) * 7 + left + j);
    }
    const c = layer.apply(x);
    expect((c.arraySync() as number[][][][])[0]![0]![0]![0]).toBe(1 * 7 + 1);
    expect(() => layer.apply(tf.ones([1, 2, 8, 1]), { training: true })).toThrow(/cannot crop \[3, 4\]/);
  });

  test("Gaussian noise (core's GaussianNoise layer) is training-only and seeded", () => {
    const noise = gaussianNoise({ stddev: 0.1 });
    const x = tf.zeros([1000]).reshape([10, 10, 10, 1]);
    expect(maxDiff(noise.apply(x), x)).toBe(0);
    setSeed(1);
    const a = noise.apply(x, { training: true });
    setSeed(1);
    const b = noise.apply(x, { training: true });
    expect(maxDiff(a, b)).toBe(0);
    const sd = Math.sqrt(tf.mean(tf.square(a)).dataSync()[0]!);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
  });

  test('an augmentation pipeline in a Sequential model is active only with training: true', () => {
    const m = sequential({ layers: [randomFlip({ inputShape: [4, 4, 1] }), randomRotation({ factor: 0.2 }), randomZoom({ heightFactor: 0.2 })] });
    const x = img(9, [3, 4, 4, 1]);
    expect(maxDiff(m.apply(x), x)).toBe(0);
    setSeed(2);
    expect(maxDiff(m.apply(x, { training: true }), x)).toBeGreaterThan(0);
    m.dispose();
  });

  test("dataFormat 'channelsFirst': the same seeded draw as channels-last, transposed in and out; shape inference agrees", async () => {
    const make = (dataFormat: 'channelsLast' | 'channelsFirst') => [
      randomFlip({ dataFormat }),
      randomRotation({ factor: 0.1, dataFormat }),
      randomTranslation({ heightFactor: 0.2, widthFactor: 0.2, dataFormat }),
      randomZoom({ heightFactor: 0.3, dataFormat }),
      randomBrightness({ factor: 0.2, valueRange: [0, 1], dataFormat }),
      randomContrast({ factor: 0.5, valueRange: [0, 1], dataFormat }),
      randomCrop({ height: 3, width: 4, dataFormat }),
    ];
    const last = make('channelsLast');
    const first = make('channelsFirst');
    // Non-square spatial size and 3 channels, so a transposition mix-up cannot pass.
    const x = img(4, [6, 5, 6, 3]);
    const xf = tf.transpose(x, [0, 3, 1, 2]);
    await expectNoLeaks(() => {
      last.forEach((l, i) => {
        const f = first[i]!;
        for (const training of [true, false]) {
          setSeed(11);
          const a = l.apply(x, { training });
          setSeed(11);
          const b = f.apply(xf, { training });
          expect(b.shape, `${f.name} training=${training}`).toEqual([a.shape[0], a.shape[3], a.shape[1], a.shape[2]]);
          const back = tf.transpose(b, [0, 2, 3, 1]);
          expect(maxDiff(back, a), `${f.name} training=${training}`).toBeLessThan(1e-6);
          back.dispose();
          if (training && i < 6) expect(maxDiff(a, x), l.name).toBeGreaterThan(0);
          tf.dispose([a, b]);
        }
        // One image without the batch axis.
        setSeed(3);
        const image = tf.tidy(() => tf.squeeze(tf.slice(xf, [0, 0, 0, 0], [1, 3, 5, 6]), [0]));
        const one = f.apply(image, { training: true });
        expect(one.shape[0], f.name).toBe(3);
        tf.dispose([image, one]);
      });
    });
    expect(first[6]!.computeOutputShape([null, 3, 5, 6])).toEqual([null, 3, 3, 4]);
    expect(last[6]!.computeOutputShape([null, 5, 6, 3])).toEqual([null, 3, 4, 3]);
    expect(first[0]!.getConfig()['dataFormat']).toBe('channelsFirst');
    expect(() => randomFlip({ dataFormat: 'NCHW' as never })).toThrow(/RandomFlip '.*': dataFormat must be 'channelsLast' or 'channelsFirst'/);
    tf.dispose([x, xf]);
    [...last, ...first].forEach((l) => l.dispose());
  });

  test('arguments are validated', () => {
    expect(() => randomRotation({ factor: [0.2, 0.1] })).toThrow(/factor must be a number or a range/);
    expect(() => randomContrast({ factor: 2 })).toThrow(/factor must be a number in \[0, 1\]/);
    expect(() => randomFlip({ mode: 'diagonal' as never })).toThrow(/mode must be/);
    expect(() => randomZoom({ heightFactor: 0.1, fillMode: 'mirror' as never })).toThrow(/fillMode must be/);
  });
});
