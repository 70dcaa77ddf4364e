// Sinew's fixed webgpu kernels, case by case, against tfjs-backend-cpu ('cpu'); and each case against
// tfjs-backend-webgpu's own kernel, which fails there: rank 5 and 6 (3-D models; no shader past rank 4,
// or none at all), and int32/bool transposes and reductions (float-only shaders, at every rank from 3).
import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import '@sinew/backend-cpu/register';
import '../register.js';
import { webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

/** Deterministic values, distinct enough that a wrong index shows. */
function values(shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, k) => (dtype === 'int32' ? (k * 7) % 11 - 3 : Math.sin(k * 1.3) + 0.01 * k)), shape, dtype);
}
// Inputs computed on the device (elementwise shaders exist up to rank 6), as in a model (a fresh upload can take CPU shortcuts in tfjs).
const onDevice = (shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor => tf.neg(values(shape, dtype));

type Case = [label: string, kernel: string, fn: () => tf.Tensor];
// tfjs-backend-webgpu's broadcasting shaders fail where an operand of rank 1 meets a rank-5/6 output.
const cases: Case[] = [
  ['MirrorPad reflect, rank 5', 'MirrorPad', () => tf.mirrorPad(onDevice([2, 3, 2, 3, 2]), [[0, 1], [1, 1], [1, 0], [0, 2], [1, 1]], 'reflect')],
  ['MirrorPad symmetric, rank 6', 'MirrorPad', () => tf.mirrorPad(onDevice([2, 1, 3, 2, 2, 3]), [[1, 0], [0, 1], [2, 0], [0, 0], [1, 1], [0, 3]], 'symmetric')],
  ['StridedSlice with steps, rank 5', 'StridedSlice', () => tf.stridedSlice(onDevice([3, 4, 2, 5, 2]), [0, 1, 0, 4, 0], [3, 4, 2, 0, 2], [2, 2, 1, -2, 1])],
  ['StridedSlice negative steps, rank 6, int32', 'StridedSlice', () => tf.stridedSlice(onDevice([2, 3, 2, 3, 2, 3], 'int32'), [1, -1, 0, 0, 0, -1], [2, -100, 2, 3, 2, -100], [1, -1, 1, 2, 1, -2])],
  ['Reverse, rank 5', 'Reverse', () => tf.reverse(onDevice([2, 3, 2, 3, 2]), [1, -1])],
  ['Select, rank 5', 'Select', () => { const x = onDevice([2, 3, 2, 3, 2]); return tf.where(tf.greater(x, 0.2), x, tf.mul(x, 3)); }],
  ['Cumsum exclusive reverse, rank 5', 'Cumsum', () => tf.cumsum(onDevice([2, 3, 4, 2, 2]), 2, true, true)],
  ['Cumprod, rank 6', 'Cumprod', () => tf.cumprod(tf.add(onDevice([2, 1, 3, 2, 2, 3]), 1), 5)],
  ['Tile, rank 5', 'Tile', () => tf.tile(onDevice([1, 2, 2, 1, 3]), [2, 1, 3, 2, 1])],
  ['Tile (broadcastTo), rank 6, int32', 'Tile', () => tf.broadcastTo(onDevice([1, 2, 1, 3, 1, 2], 'int32'), [2, 2, 2, 3, 2, 2])],
  ['RealDiv broadcast, rank 5', 'RealDiv', () => tf.div(onDevice([2, 3, 2, 3, 4]), tf.add(onDevice([4]), 3))],
  ['Less broadcast, rank 6', 'Less', () => tf.cast(tf.less(onDevice([2, 1, 3, 2, 2, 3]), onDevice([3])), 'float32')],
  ['Add int32 broadcast, rank 5', 'Add', () => tf.add(onDevice([2, 3, 2, 3, 2], 'int32'), onDevice([2], 'int32'))],
  ['Prelu, rank 5', 'Prelu', () => tf.prelu(onDevice([2, 3, 2, 3, 4]), onDevice([4]))],
  ['Sum over alternate axes, rank 10 (the Tile gradient)', 'Sum', () => tf.sum(tf.reshape(onDevice([6, 4, 6, 2]), [2, 1, 3, 2, 2, 1, 1, 3, 2, 2]), [0, 2, 4, 6, 8])],
  ['Max over alternate axes, rank 7, keepDims', 'Max', () => tf.max(tf.reshape(onDevice([6, 6, 6, 2]), [2, 3, 2, 3, 2, 3, 2]), [0, 2, 4, 6], true)],
  ['Transpose int32, rank 3', 'Transpose', () => tf.transpose(onDevice([2, 3, 4], 'int32'), [2, 0, 1])],
  ['Transpose bool, rank 4', 'Transpose', () => tf.cast(tf.transpose(tf.greater(onDevice([2, 3, 2, 3]), 0), [3, 1, 2, 0]), 'float32')],
  ['Sum int32 along axis 0, rank 3', 'Sum', () => tf.sum(onDevice([3, 2, 4], 'int32'), 0)],
  ['Max int32 along axis 1, rank 3', 'Max', () => tf.max(onDevice([3, 4, 2], 'int32'), 1)],
  ['Min int32 along axes 0 and 2, rank 4', 'Min', () => tf.min(onDevice([3, 2, 4, 2], 'int32'), [0, 2])],
  ['Prod int32 along axis 1, rank 3', 'Prod', () => tf.prod(tf.sign(onDevice([2, 3, 2], 'int32')), 1)],
  ['All along axis 1, rank 3', 'All', () => tf.cast(tf.all(tf.greater(onDevice([2, 3, 4]), -0.5), 1), 'float32')],
  ['Any along axis 0, rank 4', 'Any', () => tf.cast(tf.any(tf.greater(onDevice([3, 2, 2, 3]), 0.5), 0), 'float32')],
  ['Cumsum int32 along axis 0, rank 3', 'Cumsum', () => tf.cumsum(onDevice([3, 2, 4], 'int32'), 0)],
  ['ArgMax int32 along axis 0, rank 3', 'ArgMax', () => tf.argMax(onDevice([4, 3, 2], 'int32'), 0)],
  ['ArgMin int32 along axis 1, rank 5', 'ArgMin', () => tf.argMin(onDevice([2, 4, 2, 3, 2], 'int32'), 1)],
];

// tfjs-backend-webgpu's own kernels, taken from the registry before setBackend('webgpu') replaces them.
const tfjsKernels = new Map<string, KernelConfig>();
if (row?.available) {
  await import('@tensorflow/tfjs-backend-webgpu');
  for (const [, name] of cases) tfjsKernels.set(name, tf.getKernel(name, 'webgpu')!);
}

/** Runs `fn` on webgpu with tfjs-backend-webgpu's kernel `name` registered in place of Sinew's. */
async function withTfjsKernel<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const ours = tf.getKernel(name, 'webgpu')!;
  tf.unregisterKernel(name, 'webgpu');
  tf.registerKernel(tfjsKernels.get(name)!);
  try {
    return await fn();
  } finally {
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel(ours);
  }
}

async function run(fn: () => tf.Tensor): Promise<{ shape: number[]; dtype: string; values: number[] }> {
  const y = tf.tidy(fn);
  try {
    return { shape: y.shape, dtype: y.dtype, values: Array.from(await y.data()) };
  } finally {
    y.dispose();
  }
}

/** Float32 within 1e-4 (relative); int32 and bool exactly. */
function close(got: number[], want: { dtype: string; values: number[] }): boolean {
  const tolerance = want.dtype === 'float32' ? 1e-4 : 0;
  return got.length === want.values.length && got.every((g, i) => Math.abs(g - want.values[i]!) <= tolerance * (1 + Math.abs(want.values[i]!)));
}

afterAll(async () => {
  if (!row?.available) return;
  tf.env().set('WEBGPU_CPU_FORWARD', true);
  await webgpuBackend.dispose!();
});

describe.skipIf(!row?.available)(`rank 5 and 6 on webgpu (${row?.reason ?? 'available'})`, () => {
  test.each(cases)('%s equals cpu (%s)', async (_label, name, fn) => {
    await setBackend('cpu');
    const want = await run(fn);
    await setBackend('webgpu');
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    expect(tf.getKernel(name, 'webgpu')?.kernelFunc).not.toBe(tfjsKernels.get(name)?.kernelFunc);
    // tfjs's kernel first, on recycled buffers holding other values: where its shader does not compile
    // it leaves them unwritten. (The WGSL errors it logs are expected.)
    const filler = tf.fill([want.values.length], 1234.5);
    await filler.data();
    filler.dispose();
    const unfixed = await withTfjsKernel(name, () => run(fn)).catch((e: unknown) => String(e));
    const got = await expectNoLeaks(async () => {
      const ids = tf.backend().numDataIds();
      const result = await run(fn);
      expect(tf.backend().numDataIds(), 'backend data left by the kernel').toBe(ids);
      return result;
    });
    expect(got.shape).toEqual(want.shape);
    expect(got.dtype).toBe(want.dtype);
    expect(close(got.values, want), `${got.values.slice(0, 8).join(', ')} vs ${want.values.slice(0, 8).join(', ')}`).toBe(true);
    expect(typeof unfixed === 'string' || !close(unfixed.values, want), `tfjs-backend-webgpu alone was right: ${typeof unfixed === 'string' ? '' : unfixed.values.slice(0, 8).join(', ')}`).toBe(true);
  });
});

// No neighbouring axes broadcast alike, so Sinew tiles both operands in full (tfjs-backend-webgpu is
// right here by itself: neither operand has rank 1).
describe.skipIf(!row?.available)('broadcasting that no merge brings to rank 4, on webgpu', () => {
  test('SquaredDifference of [3, 1, 3, 1] and [2, 1, 2, 1, 2] equals cpu', async () => {
    const fn = (): tf.Tensor => tf.squaredDifference(onDevice([3, 1, 3, 1]), onDevice([2, 1, 2, 1, 2]));
    await setBackend('cpu');
    const want = await run(fn);
    await setBackend('webgpu');
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    const got = await expectNoLeaks(() => run(fn));
    expect(got.shape).toEqual([2, 3, 2, 3, 2]);
    expect(close(got.values, want)).toBe(true);
  });
});
