import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
// The package entry registers Sinew's gradients (tfjs-core's Node entry has none).
import '@sinew/backend';
import { CudaBackend } from './cuda-backend.js';
import { createMockLibraries } from './driver/mock-driver.js';
import { NATIVE_KERNELS, registerCudaKernels } from './kernels/register-kernels.js';
import { parityCases } from '../test/parity-cases.js';

const libs = createMockLibraries();
let backend: CudaBackend;

beforeAll(async () => {
  await registerCudaKernels('cuda');
  tf.registerBackend('cuda', () => (backend = new CudaBackend(libs)), 1);
  await tf.setBackend('cuda');
});

afterAll(() => {
  tf.removeBackend('cuda');
});

/** Runs `f` on cpu and on the mock-backed cuda, returns both results as plain arrays. */
async function both(f: () => tf.Tensor | tf.Tensor[], name = f.toString().slice(0, 80)): Promise<void> {
  await tf.setBackend('cpu');
  const want = tf.tidy(() => [f()].flat().map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as Float32Array) })));
  await tf.setBackend('cuda');
  const got = tf.tidy(() => [f()].flat().map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as Float32Array) })));
  expect(got.map((g) => [g.shape, g.dtype])).toEqual(want.map((w) => [w.shape, w.dtype]));
  got.forEach((g, i) => expectArraysClose(g.values, want[i]!.values, { atol: 1e-4, rtol: 1e-4, label: `output ${i} of ${name}` }));
}

describe('CudaBackend on the mock driver', () => {
  test('write/read round trip per dtype, sync and async', async () => {
    const f = tf.tensor([1.5, -2, 3]);
    const i = tf.tensor([1, -2, 3], [3], 'int32');
    const b = tf.tensor([true, false, true], [3], 'bool');
    const s = tf.tensor(['a', 'bc']);
    expect(Array.from(f.dataSync())).toEqual([1.5, -2, 3]);
    expect(await i.data()).toEqual(new Int32Array([1, -2, 3]));
    expect(await b.data()).toEqual(new Uint8Array([1, 0, 1]));
    expect(await s.data()).toEqual(['a', 'bc']);
    tf.dispose([f, i, b, s]);
  });

  test('async read polls an event instead of blocking', async () => {
    const before = libs.driver.stats.eventPolls;
    const t = tf.tensor([1, 2, 3]);
    expect(Array.from(await t.data())).toEqual([1, 2, 3]);
    expect(libs.driver.stats.eventPolls - before).toBeGreaterThanOrEqual(2);
    t.dispose();
  });

  test('dispose frees device memory; reshape aliases and is freed with its last reference', async () => {
    const allocs = libs.driver.liveAllocations;
    const x = tf.tensor([1, 2, 3, 4]);
    const y = tf.reshape(x, [2, 2]);
    expect(libs.driver.liveAllocations).toBe(allocs + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(libs.driver.liveAllocations).toBe(allocs);
  });

  test('memory() reports device bytes from memGetInfo', () => {
    const x = tf.zeros([256]);
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU: number; numBytesInGPUTotal: number; numBytesInGPUFree: number };
    expect(m.numBytesInGPU).toBeGreaterThanOrEqual(1024);
    expect(m.numBytesInGPUTotal).toBe(1 << 30);
    expect(m.numBytesInGPUFree).toBe((1 << 30) - libs.driver.usedBytes);
    x.dispose();
  });

  test('tensors move between cpu and cuda', async () => {
    await tf.setBackend('cpu');
    const onCpu = tf.tensor([1, 2, 3]);
    await tf.setBackend('cuda');
    const sum = tf.add(onCpu, tf.scalar(1));
    expect(Array.from(sum.dataSync())).toEqual([2, 3, 4]);
    tf.dispose([onCpu, sum]);
  });

  test('tensors move from cuda to cpu, and the device copy is freed', async () => {
    const allocs = libs.driver.liveAllocations;
    const onCuda = tf.tensor([5, 6, 7]);
    expect(libs.driver.liveAllocations).toBe(allocs + 1);
    await tf.setBackend('cpu');
    const doubled = tf.mul(onCuda, 2);
    expect(Array.from(doubled.dataSync())).toEqual([10, 12, 14]);
    expect(libs.driver.liveAllocations).toBe(allocs);
    tf.dispose([onCuda, doubled]);
    await tf.setBackend('cuda');
  });

  test('a tensor disposed while its async read is in flight still reads correctly', async () => {
    const t = tf.tensor([1, 2, 3]);
    const p = t.data();
    t.dispose();
    expect(Array.from(await p)).toEqual([1, 2, 3]);
  });

  test('the CPU fallback handles complex64 and string tensors and leaks neither tensors nor device memory', async () => {
    const allocs = libs.driver.liveAllocations;
    await expectNoLeaks(async () => {
      await both(() => tf.real(tf.mul(tf.complex([1, 2], [3, -4]), tf.complex([0.5, 1], [2, 2]))));
      await both(() => tf.imag(tf.complex([1, 2], [3, -4])));
      const parts = tf.tidy(() => tf.string.stringSplit(tf.tensor(['a b', 'c']), ' ').values!.dataSync());
      expect(parts).toEqual(['a', 'b', 'c']);
    });
    expect(libs.driver.liveAllocations).toBe(allocs);
  });

  test('time() uses events', async () => {
    const info = await tf.time(() => tf.tidy(() => tf.relu(tf.tensor([-1, 1]))));
    expect(typeof info.kernelMs).toBe('number');
  });

  test('a kernel with no native version runs through the CPU fallback', async () => {
    const before = backend.kernelCounts.get('Cumsum')?.fallback ?? 0;
    await both(() => tf.cumsum(tf.tensor([1, 2, 3, 4])));
    expect(backend.kernelCounts.get('Cumsum')!.fallback).toBe(before + 1);
  });

  test('native kernels run natively (counted) and leak nothing', async () => {
    await expectNoLeaks(async () => {
      const before = backend.kernelCounts.get('Relu')?.native ?? 0;
      tf.tidy(() => tf.relu(tf.tensor([-1, 2])).dataSync());
      expect(backend.kernelCounts.get('Relu')!.native).toBe(before + 1);
    });
  });

  for (const family of ['unary', 'binary', 'cast', 'reduce', 'matmul', 'shape', 'conv']) {
    test(`${family} kernels match cpu`, async () => {
      const gemms = libs.driver.stats.gemms;
      const cases = parityCases().filter((c) => c.family === family);
      expect(cases.length).toBeGreaterThan(3);
      for (const c of cases) await both(c.run, c.name);
      if (family === 'matmul') expect(libs.driver.stats.gemms).toBeGreaterThan(gemms + 5);
    });
  }

  test('the parity cases ran the training kernels natively', () => {
    for (const k of ['Multiply', 'Sum', 'Softmax', 'BatchMatMul', '_FusedMatMul', 'Transpose', 'Concat', 'GatherV2', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPool', 'MaxPoolGrad', 'AvgPoolGrad', 'UnsortedSegmentSum', 'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'FusedConv2D', 'FusedBatchNorm', 'Pack', 'Unpack']) {
      expect(backend.kernelCounts.get(k)?.native ?? 0, k).toBeGreaterThan(0);
    }
  });
});

describe('kernel table', () => {
  test('every native kernel name is a tfjs kernel that tfjs-backend-cpu implements', () => {
    const cpu = new Set(tf.getKernelsForBackend('cpu').map((k) => k.kernelName));
    expect(Object.keys(NATIVE_KERNELS).filter((k) => !cpu.has(k))).toEqual([]);
  });
});

describe('training end to end', () => {
  test('SGD steps of a small CNN (conv, pool, dense, softmax cross-entropy) give the same losses as cpu', async () => {
    const losses = async (name: string) => {
      await tf.setBackend(name);
      const seeded = (shape: number[], k: number) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37 + k) * 0.3), shape);
      const vars = [seeded([3, 3, 1, 4], 1), seeded([4], 2), seeded([3, 3, 4, 6], 3), seeded([2 * 2 * 6, 3], 4), seeded([3], 5)].map((t) => tf.variable(t));
      const [w1, b1, w2, w3, b3] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
      const x = seeded([4, 8, 8, 1], 6) as tf.Tensor4D;
      const y = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3, 1, 0, 'float32');
      const out: number[] = [];
      for (let step = 0; step < 4; step++) {
        out.push(
          tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => {
              let h = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
              h = tf.maxPool(h, 2, 2, 'valid');
              h = tf.avgPool(tf.relu(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'same')) as tf.Tensor4D, 2, 2, 'valid');
              return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(tf.reshape(h, [4, 24]), w3), b3)) as tf.Scalar;
            }, vars);
            for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.5)));
            return value.dataSync()[0]!;
          }),
        );
      }
      tf.dispose([x, y, ...vars]);
      return out;
    };
    const want = await losses('cpu');
    const got = await losses('cuda');
    expectArraysClose(got, want, { atol: 1e-4, rtol: 1e-4, label: 'losses' });
    expect(want[3]!).toBeLessThan(want[0]!);
    expect(backend.kernelCounts.get('Multiply')!.native).toBeGreaterThan(0);
  });
});

describe('generated sources', () => {
  test('every program the backend generated is in the nvcc-checked catalog, with the same source', async () => {
    const { allKernelPrograms } = await import('./codegen/catalog.js');
    const catalog = new Map(allKernelPrograms().map((p) => [p.name, p.source]));
    const generated = backend.generatedPrograms();
    expect(generated.length).toBeGreaterThan(40);
    for (const p of generated) expect(catalog.get(p.name), p.name).toBe(p.source);
  });
});
