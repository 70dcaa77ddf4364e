import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { conv1d } from './conv1d.js';
import { conv2d } from './conv2d.js';
import { conv3d } from './conv3d.js';
import { convOutputLength } from './conv-utils.js';
import { refConv } from './reference.fixture.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('Conv2D against tfjs-layers', () => {
  const cases: { name: string; args: Record<string, unknown>; input: number[]; out: number[] }[] = [
    { name: 'valid', args: { filters: 3, kernelSize: 3 }, input: [2, 6, 7, 2], out: [2, 4, 5, 3] },
    { name: 'same, strides 2, relu', args: { filters: 4, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'relu' }, input: [2, 7, 6, 3], out: [2, 4, 3, 4] },
    { name: 'channelsFirst', args: { filters: 2, kernelSize: 2, dataFormat: 'channelsFirst', strides: [1, 2] }, input: [2, 3, 5, 6], out: [2, 2, 4, 3] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const report = await runLayerTest({
        create: () => conv2d(c.args as never),
        inputShape: c.input,
        expectedOutputShape: c.out,
        twin: () => tfl.layers.conv2d(c.args as never) as never,
      });
      expect(report.checks).toContain('tfjs-layers oracle');
      expect(report.maxOutputDiff).not.toBeNull();
    });
  }
});

describe('Conv1D and Conv3D against tfjs-layers', () => {
  test('Conv1D valid, strides 2', async () => {
    await runLayerTest({ create: () => conv1d({ filters: 3, kernelSize: 3, strides: 2 }), inputShape: [2, 9, 2], expectedOutputShape: [2, 4, 3], twin: () => tfl.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2 }) as never });
  });
  test('Conv2D dilation 2: output vs tfjs-layers (its dilated gradient is unimplemented), gradients by the harness without twin', async () => {
    const args = { filters: 2, kernelSize: 3, dilationRate: 2, useBias: false };
    await runLayerTest({ create: () => conv2d(args), inputShape: [1, 9, 8, 2], expectedOutputShape: [1, 5, 4, 2] });
    const ours = conv2d(args);
    const twin = tfl.layers.conv2d(args);
    const x = tf.randomUniform([1, 9, 8, 2], -1, 1, 'float32', 7);
    const y = ours.apply(x);
    twin.apply(x);
    const w = ours.getWeights();
    twin.setWeights(w);
    const yt = twin.apply(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(y, yt))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, y, yt, ...w]);
    ours.dispose();
    twin.dispose();
  });
  test('Conv1D causal with dilation 2 (tfjs-layers lacks causal): loop reference with left padding (k-1)·d', async () => {
    const layer = conv1d({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'linear', biasInitializer: 'ones' });
    await runLayerTest({ create: () => conv1d({ filters: 2, kernelSize: 3, padding: 'causal', dilationRate: 2 }), inputShape: [2, 8, 3], expectedOutputShape: [2, 8, 2] });
    const x = tf.randomUniform([2, 8, 3], -1, 1, 'float32', 8);
    const y = layer.apply(x);
    const [k, b] = layer.getWeights();
    const ref = refConv(x, k!, b!, { strides: [1], dilation: [2], padding: [[4, 0]] });
    expect(y.shape).toEqual([2, 8, 2]);
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-5);
    // Causality: changing the last step leaves every earlier output unchanged.
    const x2 = tf.concat([tf.slice(x, [0, 0, 0], [2, 7, 3]), tf.ones([2, 1, 3])], 1);
    const y2 = layer.apply(x2);
    expect(tf.max(tf.abs(tf.sub(tf.slice(y, [0, 0, 0], [2, 7, 2]), tf.slice(y2, [0, 0, 0], [2, 7, 2])))).dataSync()[0]).toBe(0);
    tf.dispose([x, y, k!, b!, ref, x2, y2]);
    layer.dispose();
  });
  test('Conv1D same', async () => {
    const args = { filters: 2, kernelSize: 4, padding: 'same' } as const;
    await runLayerTest({ create: () => conv1d(args), inputShape: [1, 7, 3], expectedOutputShape: [1, 7, 2], twin: () => tfl.layers.conv1d(args) as never });
  });
  test('Conv3D valid and same with strides', async () => {
    await runLayerTest({ create: () => conv3d({ filters: 2, kernelSize: 2 }), inputShape: [1, 4, 5, 3, 2], expectedOutputShape: [1, 3, 4, 2, 2], twin: () => tfl.layers.conv3d({ filters: 2, kernelSize: 2 }) as never });
    const args = { filters: 3, kernelSize: [3, 2, 2], strides: 2, padding: 'same' } as const;
    await runLayerTest({ create: () => conv3d(args as never), inputShape: [2, 5, 4, 3, 1], expectedOutputShape: [2, 3, 2, 2, 3], twin: () => tfl.layers.conv3d(args as never) as never });
  });
});

describe('against a loop reference (what tfjs-layers lacks)', () => {
  test('groups, explicit padding, dilation: Conv2D output and output size', async () => {
    for (const cfg of [
      { groups: 2, padding: [[1, 2], [0, 1]] as [number, number][], strides: [2, 1], dilation: [1, 1] },
      { groups: 3, padding: 'same' as const, strides: [1, 1], dilation: [2, 1] },
      { groups: 1, padding: 'valid' as const, strides: [1, 1], dilation: [1, 3] },
    ]) {
      const layer = conv2d({ filters: 6, kernelSize: [3, 2], groups: cfg.groups, padding: cfg.padding, strides: cfg.strides, dilationRate: cfg.dilation, biasInitializer: 'randomNormal' });
      const x = tf.randomUniform([2, 7, 8, 6], -1, 1, 'float32', 5);
      const y = layer.apply(x);
      const [k, b] = layer.getWeights();
      const ref = refConv(x, k!, b!, { strides: cfg.strides, dilation: cfg.dilation, padding: cfg.padding, groups: cfg.groups });
      expect(y.shape).toEqual(ref.shape);
      const h = convOutputLength(7, 3, Array.isArray(cfg.padding) ? cfg.padding[0]! : cfg.padding, cfg.strides[0]!, cfg.dilation[0]);
      expect(y.shape[1]).toBe(h);
      const diff = tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
      tf.dispose([x, y, k!, b!, ref]);
      layer.dispose();
    }
  });

  test('groups through the harness (config, training step, save/load, leaks) and gradient by finite differences', async () => {
    await runLayerTest({ create: () => conv2d({ filters: 4, kernelSize: 2, groups: 2, padding: [[1, 0], [0, 1]] }), inputShape: [1, 4, 4, 4], expectedOutputShape: [1, 4, 4, 4] });
    const layer = conv1d({ filters: 4, kernelSize: 3, groups: 2 });
    const x = tf.randomUniform([1, 6, 2], -1, 1, 'float32', 3);
    layer.apply(x).dispose();
    const w = tf.randomUniform([1, 4, 4], -1, 1, 'float32', 4);
    const f = (xx: tf.Tensor) => tf.tidy(() => tf.sum(tf.mul(layer.apply(xx), w)));
    const g = tf.grad(f)(x);
    const gv = g.arraySync() as number[][][];
    const eps = 1e-2;
    const xv = x.arraySync() as number[][][];
    for (const [t, c] of [[0, 0], [3, 1], [5, 0]] as const) {
      const plus = xv.map((r) => r.map((v) => [...v]));
      const minus = xv.map((r) => r.map((v) => [...v]));
      plus[0]![t]![c]! += eps;
      minus[0]![t]![c]! -= eps;
      const fd = tf.tidy(() => (f(tf.tensor(plus)).dataSync()[0]! - f(tf.tensor(minus)).dataSync()[0]!) / (2 * eps));
      expect(gv[0]![t]![c]!).toBeCloseTo(fd, 3);
    }
    tf.dispose([x, w, g]);
    layer.dispose();
  });

  test('validates arguments and inputs', () => {
    expect(() => conv2d({ filters: 0, kernelSize: 3 })).toThrow(/filters must be a positive integer. Received: filters=0/);
    expect(() => conv2d({ filters: 3, kernelSize: 3, groups: 2 })).toThrow(/groups must be a positive integer that divides filters/);
    expect(() => conv2d({ filters: 3, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/strides > 1 cannot be combined/);
    expect(() => conv2d({ filters: 3, kernelSize: 3, padding: 'causal' })).toThrow(/causal/);
    const c = conv2d({ filters: 2, kernelSize: 3, name: 'probe' });
    expect(() => c.apply(tf.ones([28, 28]))).toThrow("Conv2D 'probe': expected input of rank 4, received shape [28, 28]");
    c.dispose();
  });

  test('a window larger than the input fails, naming the layer and shapes, instead of a negative dimension', async () => {
    const { Sequential } = await import('@sinew/core');
    const cases: [string, () => { apply(x: tf.Tensor): unknown; dispose(): void }, number[], RegExp][] = [
      ['Conv2D valid', () => conv2d({ filters: 2, kernelSize: 7, name: 'big' }), [1, 5, 5, 1], /Conv2D 'big': the window \[7, 7\] \(padding 'valid'.*does not fit input shape \[1, 5, 5, 1\].*would be \[-1, -1\]/],
      ['Conv2D dilated', () => conv2d({ filters: 2, kernelSize: 3, dilationRate: 3, name: 'dil' }), [1, 6, 9, 1], /Conv2D 'dil'.*dilation \[3, 3\].*\[1, 6, 9, 1\].*would be \[-0, 3\]|Conv2D 'dil'.*would be \[0, 3\]/],
      ['Conv1D channelsFirst', () => conv1d({ filters: 2, kernelSize: 4, dataFormat: 'channelsFirst', name: 'c1' }), [2, 3, 3], /Conv1D 'c1'.*does not fit input shape \[2, 3, 3\]/],
      ['Conv3D explicit padding', () => conv3d({ filters: 1, kernelSize: 3, padding: [[0, 0], [1, 0], [0, 0]], name: 'c3' }), [1, 3, 1, 3, 1], /Conv3D 'c3'.*would be \[1, -0, 1\]|Conv3D 'c3'.*would be \[1, 0, 1\]/],
    ];
    for (const [what, make, shape, message] of cases) {
      const layer = make();
      const x = tf.ones(shape);
      expect(() => layer.apply(x), what).toThrow(message);
      x.dispose();
      layer.dispose();
    }
    // 'same' padding always fits.
    const same = conv2d({ filters: 2, kernelSize: 7, padding: 'same' });
    const y = same.apply(tf.ones([1, 5, 5, 1])) as tf.Tensor;
    expect(y.shape).toEqual([1, 5, 5, 2]);
    tf.dispose([y]);
    same.dispose();
    // Shape inference (Sequential, functional graphs) fails the same way, before any tensor exists.
    expect(() => new Sequential({ layers: [conv2d({ filters: 2, kernelSize: 9, inputShape: [5, 5, 1], name: 'sym' })] }).summary()).toThrow(/Conv2D 'sym': the window \[9, 9\]/);
  });
});
