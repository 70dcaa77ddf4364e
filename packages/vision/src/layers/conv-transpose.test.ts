import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { conv1dTranspose } from './conv1d-transpose.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { conv3dTranspose } from './conv3d-transpose.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { separableConv2d } from './separable-conv2d.js';
import { deconvOutputLength } from './conv-utils.js';
import { refConvTranspose } from './reference.fixture.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('DepthwiseConv2D and SeparableConv2D against tfjs-layers', () => {
  test('depthwise, multiplier 2, same, strides 2', async () => {
    const args = { kernelSize: 3, depthMultiplier: 2, padding: 'same', strides: 2 } as const;
    await runLayerTest({ create: () => depthwiseConv2d(args), inputShape: [2, 7, 6, 3], expectedOutputShape: [2, 4, 3, 6], twin: () => tfl.layers.depthwiseConv2d(args) as never });
  });
  test('depthwise valid, relu, channelsFirst', async () => {
    const args = { kernelSize: [2, 3], activation: 'relu', dataFormat: 'channelsFirst' } as const;
    await runLayerTest({ create: () => depthwiseConv2d(args as never), inputShape: [2, 2, 5, 6], expectedOutputShape: [2, 2, 4, 4], twin: () => tfl.layers.depthwiseConv2d(args as never) as never });
  });
  test('separable, multiplier 2', async () => {
    const args = { filters: 4, kernelSize: 3, depthMultiplier: 2 };
    await runLayerTest({ create: () => separableConv2d(args), inputShape: [2, 6, 6, 3], expectedOutputShape: [2, 4, 4, 4], twin: () => tfl.layers.separableConv2d(args) as never });
  });
});

describe('Conv2DTranspose and Conv3DTranspose against tfjs-layers', () => {
  for (const args of [
    { filters: 3, kernelSize: 3, strides: 2 },
    { filters: 2, kernelSize: [3, 2], strides: [2, 1], padding: 'same' as const, activation: 'relu' as const },
    { filters: 2, kernelSize: 4, strides: 2, padding: 'same' as const },
  ]) {
    test(`Conv2DTranspose ${JSON.stringify(args)}`, async () => {
      const inputShape = [2, 3, 4, 2];
      const expected = [2, ...[3, 4].map((n, i) => deconvOutputLength(n, ([] as number[]).concat(args.kernelSize)[i] ?? (args.kernelSize as number), args.padding ?? 'valid', ([] as number[]).concat(args.strides)[i] ?? (args.strides as number))!), args.filters];
      await runLayerTest({ create: () => conv2dTranspose(args), inputShape, expectedOutputShape: expected, twin: () => tfl.layers.conv2dTranspose(args as never) as never });
    });
  }
  test('Conv2DTranspose channelsFirst', async () => {
    const args = { filters: 2, kernelSize: 3, strides: 2, dataFormat: 'channelsFirst' as const };
    await runLayerTest({ create: () => conv2dTranspose(args), inputShape: [2, 3, 3, 4], expectedOutputShape: [2, 2, 7, 9], twin: () => tfl.layers.conv2dTranspose(args) as never });
  });
  test('Conv3DTranspose valid and same', async () => {
    const a = { filters: 2, kernelSize: 2, strides: 2 };
    await runLayerTest({ create: () => conv3dTranspose(a), inputShape: [1, 2, 3, 2, 2], expectedOutputShape: [1, 4, 6, 4, 2], twin: () => tfl.layers.conv3dTranspose(a) as never });
    const b = { filters: 1, kernelSize: 3, strides: [1, 2, 2], padding: 'same' as const };
    await runLayerTest({ create: () => conv3dTranspose(b), inputShape: [1, 2, 2, 3, 2], expectedOutputShape: [1, 2, 4, 6, 1], twin: () => tfl.layers.conv3dTranspose(b) as never });
  });
});

describe('transposed convolutions against the scatter definition (what tfjs-layers lacks)', () => {
  test('output-size formula (Keras compute_conv_transpose_output_length)', () => {
    expect(deconvOutputLength(5, 3, 'valid', 2)).toBe(11);
    expect(deconvOutputLength(5, 3, 'same', 2)).toBe(10);
    expect(deconvOutputLength(5, 1, 'valid', 3)).toBe(15);
    expect(deconvOutputLength(5, 3, 'valid', 2, 1, 1)).toBe(12);
    expect(deconvOutputLength(5, 3, 'same', 2, 1, 1)).toBe(10);
    expect(deconvOutputLength(5, 3, 'valid', 1, 2)).toBe(9);
  });

  const cases = [
    { rank: 1, kernel: [3], strides: [2], dilation: [1], padding: 'valid' as const, op: null },
    { rank: 1, kernel: [4], strides: [3], dilation: [1], padding: 'same' as const, op: [2] },
    { rank: 1, kernel: [3], strides: [1], dilation: [2], padding: 'valid' as const, op: null },
    { rank: 2, kernel: [3, 2], strides: [2, 3], dilation: [1, 1], padding: 'valid' as const, op: [1, 2] },
    { rank: 2, kernel: [3, 3], strides: [1, 1], dilation: [2, 1], padding: 'same' as const, op: null },
    { rank: 3, kernel: [2, 3, 2], strides: [2, 1, 2], dilation: [1, 1, 1], padding: 'valid' as const, op: [1, 0, 0] },
    { rank: 3, kernel: [3, 3, 3], strides: [2, 2, 1], dilation: [1, 1, 1], padding: 'same' as const, op: null },
  ];
  for (const c of cases) {
    test(`rank ${c.rank} ${JSON.stringify(c)}`, async () => {
      const make = () => {
        const args = { filters: 3, kernelSize: c.kernel, strides: c.strides, dilationRate: c.dilation, padding: c.padding, outputPadding: c.op, biasInitializer: 'randomNormal' as const };
        return c.rank === 1 ? conv1dTranspose(args) : c.rank === 2 ? conv2dTranspose(args) : conv3dTranspose(args);
      };
      const spatial = [4, 3, 3].slice(0, c.rank);
      const layer = make();
      const x = tf.randomUniform([2, ...spatial, 2], -1, 1, 'float32', 11);
      const y = layer.apply(x);
      const [k, b] = layer.getWeights();
      const lengths = spatial.map((n, i) => deconvOutputLength(n, c.kernel[i]!, c.padding, c.strides[i]!, c.dilation[i]!, c.op?.[i] ?? null)!);
      const ref = refConvTranspose(x, k!, b!, { strides: c.strides, dilation: c.dilation, padding: c.padding, outputLength: lengths });
      expect(y.shape).toEqual([2, ...lengths, 3]);
      expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-5);
      tf.dispose([x, y, k!, b!, ref]);
      layer.dispose();
      // Harness: shapes, config round trip, training step, save/load, no leaks.
      await runLayerTest({ create: make, inputShape: [2, ...spatial, 2], expectedOutputShape: [2, ...lengths, 3] });
    });
  }

  test('Conv1DTranspose is the adjoint of Conv1D: <conv(x), y> = <x, convT(y)> with shared kernel', () => {
    const t = conv1dTranspose({ filters: 2, kernelSize: 3, strides: 2, useBias: false });
    const y = tf.randomUniform([1, 4, 3], -1, 1, 'float32', 1);
    const ty = t.apply(y); // [1, 9, 2]
    const x = tf.randomUniform(ty.shape, -1, 1, 'float32', 2);
    const [k] = t.getWeights(); // [3, 2 (filters), 3 (in)] = conv kernel [k, in=2, out=3]
    const cx = tf.conv1d(x as tf.Tensor3D, k as tf.Tensor3D, 2, 'valid');
    const lhs = tf.sum(tf.mul(cx, y)).dataSync()[0]!;
    const rhs = tf.sum(tf.mul(x, ty)).dataSync()[0]!;
    expect(lhs).toBeCloseTo(rhs, 4);
    tf.dispose([y, ty, x, k!, cx]);
    t.dispose();
  });

  test('validates outputPadding', () => {
    expect(() => conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(/outputPadding must be 2 non-negative integers each smaller than its stride/);
  });
});
