import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setBackend } from '@sinew/backend';
import '../register.js';
import { sliceConfig, splitVConfig, unpackConfig } from './slice.js';

// Oracle: tfjs-backend-cpu's kernels (nobody here wrote them), on the same values.
const FACTORIES = { Slice: sliceConfig, SplitV: splitVConfig, Unpack: unpackConfig } as const;
const originals = new Map<string, tf.KernelConfig>();

function onCpu<T>(f: () => T): Promise<T> {
  return (async () => {
    await setBackend('cpu');
    try {
      return f();
    } finally {
      await setBackend('wasm');
    }
  })();
}

function values(t: tf.Tensor | tf.Tensor[]): unknown {
  return Array.isArray(t) ? t.map((x) => ({ shape: x.shape, dtype: x.dtype, data: Array.from(x.dataSync()) })) : { shape: t.shape, dtype: t.dtype, data: Array.from(t.dataSync()) };
}

function input(shape: number[], dtype: 'float32' | 'int32' | 'bool', seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, (_, i) => ((i * 7919 + seed * 104729) % 1000) - 500);
  if (dtype === 'bool') return tf.tensor(vals.map((v) => v > 0), shape, 'bool');
  return tf.tensor(dtype === 'float32' ? vals.map((v) => v / 7) : vals, shape, dtype);
}

async function agree(name: string, op: (x: tf.Tensor) => tf.Tensor | tf.Tensor[], shape: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32'): Promise<void> {
  const expected = await onCpu(() => {
    const x = input(shape, dtype, shape.length);
    const y = op(x);
    const v = values(y);
    tf.dispose([x, y]);
    return v;
  });
  const x = input(shape, dtype, shape.length);
  const buffers = tf.backend().numDataIds();
  const y = op(x);
  expect(values(y), `${name} ${dtype} [${shape.join(', ')}]`).toEqual(expected);
  tf.dispose(y);
  expect(tf.backend().numDataIds(), `${name}: buffers left`).toBe(buffers);
  x.dispose();
}

describe('wasm Slice, SplitV and Unpack that copy only their outputs', () => {
  beforeAll(async () => {
    await setBackend('cpu');
    await setBackend('wasm');
    for (const [name, factory] of Object.entries(FACTORIES)) {
      const original = tf.getKernel(name, 'wasm')!;
      originals.set(name, original);
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(factory('wasm', original));
    }
  });
  afterAll(() => {
    for (const [name, original] of originals) {
      tf.unregisterKernel(name, 'wasm');
      tf.registerKernel(original);
    }
  });

  test('ours are the registered kernels', () => {
    expect(tf.getBackend()).toBe('wasm');
    for (const name of Object.keys(FACTORIES)) expect(tf.getKernel(name, 'wasm')!.kernelFunc).not.toBe(originals.get(name)!.kernelFunc);
  });

  test('Slice matches tfjs-backend-cpu: contiguous and strided, ranks 1–5, every dtype, empty slices', async () => {
    const cases: [number[], number[], number[]][] = [
      [[10], [3], [4]],
      [[24, 32, 8], [5, 0, 0], [1, 32, 8]], // a leading-axis step: one contiguous copy
      [[24, 32, 8], [5, 0, 0], [3, -1, -1]],
      [[6, 5, 4], [1, 2, 1], [4, 2, 3]], // strided
      [[6, 5, 4], [0, 0, 3], [6, 5, 1]],
      [[3, 4, 5, 6], [1, 1, 2, 0], [2, 3, 2, 6]],
      [[2, 3, 4, 5, 3], [1, 0, 1, 2, 1], [1, 3, 2, 3, 2]],
      [[4, 5], [2, 1], [0, 3]], // empty
      [[4, 5], [0, 0], [4, 5]], // whole
    ];
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const [shape, begin, size] of cases) await agree('Slice', (x) => tf.slice(x, begin, size), shape, dtype);
    }
  });

  test('SplitV matches tfjs-backend-cpu on every axis, equal and uneven sizes', async () => {
    await agree('SplitV', (x) => tf.split(x, 24, 0), [24, 32, 8]);
    await agree('SplitV', (x) => tf.split(x, 4, 2), [1, 40, 128]);
    await agree('SplitV', (x) => tf.split(x, [8, 32, 1], 0), [41, 12]);
    await agree('SplitV', (x) => tf.split(x, [2, -1], 1), [3, 7, 2], 'int32');
    await agree('SplitV', (x) => tf.split(x, 2, -1), [3, 4, 6], 'bool');
  });

  test('Unpack matches tfjs-backend-cpu on every axis', async () => {
    await agree('Unpack', (x) => tf.unstack(x), [24, 32, 12]);
    await agree('Unpack', (x) => tf.unstack(x, 1), [3, 5, 4]);
    await agree('Unpack', (x) => tf.unstack(x, 2), [3, 5, 4], 'int32');
    await agree('Unpack', (x) => tf.unstack(x, -1), [2, 3], 'bool');
  });

  test('gradients through slices still agree (Slice, SplitV and Unpack under tf.grad)', async () => {
    const f = (x: tf.Tensor): tf.Tensor => {
      const parts = tf.unstack(x, 1);
      const [a, b] = tf.split(parts[1]!, [1, 3], 1);
      return tf.sum(tf.mul(tf.slice(x, [0, 1, 1], [2, 2, 2]), 3)).add(tf.sum(tf.square(a!))).add(tf.sum(b!));
    };
    await agree('grad', (x) => tf.grad(f)(x), [2, 3, 4]);
  });

  test('strings go to the original kernel', () => {
    const s = tf.tensor(['a', 'b', 'c', 'd'], [2, 2], 'string');
    const y = tf.slice(s, [1, 0], [1, 2]);
    expect(y.arraySync()).toEqual([['c', 'd']]);
    tf.dispose([s, y]);
  });
});
