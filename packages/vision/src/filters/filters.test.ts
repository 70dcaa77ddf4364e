import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { expectNoLeaks } from '@sinew/tooling';
import { correlate1d, correlate2d, convolve1d, convolve2d } from './correlate.js';
import { gaussianKernel1d, gaussianKernel2d, laplacianOfGaussianKernel, boxKernel2d, namedKernel2d } from './kernels.js';
import { boxFilter1d, gaussianFilter2d, laplacianOfGaussian, scharr, sobel } from './smoothing.js';
import { filter1d, filter2d } from './filter-layers.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const lectureImage = [[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]];
const lectureKernel = [[0, 1, 2], [2, 2, 0], [0, 1, 2]];

describe('correlation and convolution', () => {
  test("the lecture's 5x5 image and 3x3 kernel correlate to [[12,12,17],[10,17,19],[9,6,14]]", async () => {
    await expectNoLeaks(() => {
      const img = tf.tensor2d(lectureImage);
      const y = correlate2d(img, lectureKernel);
      expect(y.arraySync()).toEqual([[12, 12, 17], [10, 17, 19], [9, 6, 14]]);
      tf.dispose([img, y]);
    });
  });

  test('convolve2d flips the kernel: equals the direct definition y[i,j] = Σ x[i-u, j-v] k[u,v] (full)', () => {
    const y = convolve2d(tf.tensor2d(lectureImage), lectureKernel, 'full').arraySync() as number[][];
    expect(y.length).toBe(7);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        let s = 0;
        for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) s += (lectureImage[i - u]?.[j - v] ?? 0) * lectureKernel[u]![v]!;
        expect(y[i]![j]).toBeCloseTo(s, 5);
      }
    }
    // Not the same as correlation for this asymmetric kernel.
    expect(correlate2d(tf.tensor2d(lectureImage), lectureKernel).arraySync()).not.toEqual(convolve2d(tf.tensor2d(lectureImage), lectureKernel).arraySync());
  });

  test("numpy.convolve's documented example: convolve([1,2,3], [0,1,0.5]) = [0, 1, 2.5, 4, 1.5]", () => {
    expect(Array.from(convolve1d(tf.tensor1d([1, 2, 3]), [0, 1, 0.5], 'full').dataSync())).toEqual([0, 1, 2.5, 4, 1.5]);
    expect(Array.from(correlate1d(tf.tensor1d([1, 2, 3, 4]), [1, 0, -1]).dataSync())).toEqual([-2, -2]);
    expect(Array.from(boxFilter1d(tf.tensor1d([0, 3, 6, 9]), 3, 'valid').dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([3, 6]);
  });

  test('per-channel and batched images keep their shapes', () => {
    const img = tf.randomUniform([2, 6, 7, 3], 0, 1, 'float32', 1);
    const y = correlate2d(img, boxKernel2d(3), 'same');
    expect(y.shape).toEqual([2, 6, 7, 3]);
    const ch1 = correlate2d(tf.squeeze(tf.slice(img, [1, 0, 0, 2], [1, -1, -1, 1])), boxKernel2d(3), 'same');
    expect(tf.max(tf.abs(tf.sub(tf.squeeze(tf.slice(y, [1, 0, 0, 2], [1, -1, -1, 1])), ch1))).dataSync()[0]).toBeLessThan(1e-6);
    expect(() => correlate2d(tf.ones([2, 2]), lectureKernel)).toThrow(/larger than the image/);
  });
});

describe('classic kernels', () => {
  test('Sobel on a unit vertical step responds 4 on the edge, 0 on flat parts; Scharr 16', () => {
    const step = tf.tensor2d(Array.from({ length: 5 }, () => [0, 0, 0, 1, 1, 1]));
    const { x, y, magnitude } = sobel(step, 'valid');
    expect(x.arraySync()).toEqual([[0, 4, 4, 0], [0, 4, 4, 0], [0, 4, 4, 0]]);
    expect(Array.from(y.dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(magnitude.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(scharr(step, 'valid').x.arraySync()).toEqual([[0, 16, 16, 0], [0, 16, 16, 0], [0, 16, 16, 0]]);
  });

  test("a Gaussian kernel sums to 1 and matches OpenCV's getGaussianKernel(5, 1)", () => {
    for (const [size, sigma] of [[3, 0.5], [5, 1], [7, 2], [9, 1.4]] as const) {
      expect(gaussianKernel1d(size, sigma).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(gaussianKernel2d(size, sigma).flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    const opencv = [0.05448868, 0.24420134, 0.40261995, 0.24420134, 0.05448868];
    gaussianKernel1d(5, 1).forEach((v, i) => expect(v).toBeCloseTo(opencv[i]!, 7));
    // Smoothing keeps a constant image constant away from the border.
    const flat = gaussianFilter2d(tf.fill([9, 9], 2), 5, 1, 'valid');
    for (const v of flat.dataSync()) expect(v).toBeCloseTo(2, 5);
  });

  test('Laplacian of Gaussian: sums to 0, negative centre, symmetric, zero on flat images', () => {
    const k = laplacianOfGaussianKernel(9, 1.4);
    expect(k.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(k[4]![4]!).toBeLessThan(0);
    expect(k[4]![4]!).toBe(Math.min(...k.flat()));
    expect(k[1]![3]).toBeCloseTo(k[3]![1]!, 12);
    for (const v of laplacianOfGaussian(tf.fill([12, 12], 5), 9, 1.4, 'valid').dataSync()) expect(Math.abs(v)).toBeLessThan(1e-4);
    expect(() => laplacianOfGaussianKernel(4)).toThrow(/odd/);
    expect(() => namedKernel2d('nope' as never)).toThrow(/unknown kernel 'nope'/);
  });
});

describe('filter layers', () => {
  test('fixed Filter2D bank (Sobel x, y) matches tfjs-layers depthwiseConv2d with the same kernels; has no trainable weights', async () => {
    const report = await runLayerTest({
      create: () => filter2d({ kernels: ['sobelX', 'sobelY'] }),
      inputShape: [2, 6, 5, 2],
      expectedOutputShape: [2, 6, 5, 4],
      twin: () => tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false }) as never,
    });
    expect(report.checks).not.toContain('training step');
    const layer = filter2d({ kernels: 'sobelX' });
    const step = tf.tensor4d(Array.from({ length: 5 }, () => [0, 0, 0, 1, 1, 1]).flat(), [1, 5, 6, 1]);
    const y = layer.apply(step);
    // 'same' pads with zeros, so the right border (1 next to a padded 0) is a falling step: -4.
    expect((y.arraySync() as number[][][][])[0]![2]!.map((p) => p[0])).toEqual([0, 0, 4, 4, 0, -4]);
    expect(layer.trainableWeights).toHaveLength(0);
    tf.dispose([step, y]);
    layer.dispose();
  });

  test('learnable Filter2D starts as the Gaussian and trains (weight gradients vs tfjs-layers)', async () => {
    const report = await runLayerTest({
      create: () => filter2d({ kernels: 'gaussian', size: 5, sigma: 1, trainable: true, padding: 'valid' }),
      inputShape: [2, 7, 7, 1],
      expectedOutputShape: [2, 3, 3, 1],
      twin: () => tfl.layers.depthwiseConv2d({ kernelSize: 5, useBias: false }) as never,
    });
    expect(report.checks).toContain('training step');
    const layer = filter2d({ kernels: 'gaussian', size: 5, sigma: 1, trainable: true });
    layer.apply(tf.zeros([1, 5, 5, 1])).dispose();
    const [k] = layer.getWeights();
    expect(Array.from(k!.dataSync())).toEqual(Array.from(new Float32Array(gaussianKernel2d(5, 1).flat())));
    tf.dispose(k!);
    layer.dispose();
  });

  test('Filter1D equals correlate1d per channel', async () => {
    await runLayerTest({ create: () => filter1d({ kernels: ['box', [1, 0, -1]], size: 3 }), inputShape: [2, 8, 2], expectedOutputShape: [2, 8, 4] });
    const layer = filter1d({ kernels: [[1, 0, -1]], padding: 'valid' });
    const x = tf.randomUniform([1, 6, 1], 0, 1, 'float32', 2);
    const y = layer.apply(x);
    const ref = correlate1d(tf.reshape(x, [6]), [1, 0, -1]);
    expect(tf.max(tf.abs(tf.sub(tf.reshape(y, [4]), ref))).dataSync()[0]).toBeLessThan(1e-6);
    tf.dispose([x, y, ref]);
    layer.dispose();
  });
});
