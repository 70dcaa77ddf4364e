import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { expectArraysClose } from '@sinew/tooling';
import { CudaBackend } from '../cuda-backend.js';
import { elementwiseProgram, UNARY_FLOAT_OPS } from '../codegen/elementwise.js';
import { KernelCache } from '../kernel-cache.js';
import { registerCudaKernels } from '../kernels/register-kernels.js';
import { loadKoffiLibraries } from './koffi-driver.node.js';

// The koffi layer against fake libcuda/libnvrtc/libcublas built from test/fake-cuda.c: this checks
// the C signatures, out-parameters, pointer passing and kernel-argument packing without a GPU.
const source = fileURLToPath(new URL('../../test/fake-cuda.c', import.meta.url));
let gcc: string | undefined;
try {
  execFileSync('gcc', ['--version'], { stdio: 'pipe' });
  gcc = 'gcc';
} catch {
  gcc = undefined;
}

const dir = mkdtempSync(join(tmpdir(), 'sinew-fake-cuda-'));
let libs: ReturnType<typeof loadKoffiLibraries>;

beforeAll(() => {
  if (!gcc) return;
  for (const [def, so] of [['FAKE_CUDA', 'libcuda.so.1'], ['FAKE_NVRTC', 'libnvrtc.so.13'], ['FAKE_CUBLAS', 'libcublas.so.13']] as const) {
    execFileSync(gcc, ['-shared', '-fPIC', '-O1', `-D${def}`, '-o', join(dir, so), source], { stdio: 'pipe' });
  }
  libs = loadKoffiLibraries({ SINEW_CUDA_LIB_DIR: dir });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!gcc)('the koffi driver over fake CUDA libraries (skipped without gcc)', () => {
  test('loads the three libraries from SINEW_CUDA_LIB_DIR and reads the device', () => {
    expect(libs.paths).toEqual({ cuda: join(dir, 'libcuda.so.1'), nvrtc: join(dir, 'libnvrtc.so.13'), cublas: join(dir, 'libcublas.so.13') });
    expect(libs.driver.device()).toEqual({ name: 'Fake GPU', computeCapability: [9, 0], totalBytes: 1 << 30, multiProcessorCount: 132, driverVersion: 13000 });
    expect(libs.nvrtc.version()).toEqual([13, 0]);
    expect(libs.blas.version()).toEqual([13, 1, 0]);
  });

  test('allocation, copies both ways, memset, device-to-device copy, async read with event polling', () => {
    const d = libs.driver;
    const a = d.memAlloc(16);
    const b = d.memAlloc(16);
    d.copyHtoD(a, new Float32Array([1, 2, 3, 4]));
    d.copyDtoD(b, a, 16);
    const out = new Float32Array(4);
    d.copyDtoH(out, b);
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
    d.memsetD32(a, new Uint32Array(new Float32Array([2.5]).buffer)[0]!, 4);
    const pending = d.copyDtoHAsync(a, 16);
    expect(pending.done()).toBe(false);
    expect(pending.done()).toBe(true);
    expect(Array.from(new Float32Array(pending.take().buffer))).toEqual([2.5, 2.5, 2.5, 2.5]);
    // A second read reuses the pinned staging buffer and still sees new data.
    d.copyHtoD(a, new Float32Array([9, 8, 7, 6]));
    const again = d.copyDtoHAsync(a, 8);
    while (!again.done());
    expect(Array.from(new Float32Array(again.take().buffer))).toEqual([9, 8]);
    expect(d.memGetInfo().freeBytes).toBe((1 << 30) - 32);
    d.memFree(a);
    d.memFree(b);
    expect(d.memGetInfo().freeBytes).toBe(1 << 30);
  });

  test('kernels compile through NVRTC, load by name, and launch with each argument in its own 8-byte slot', () => {
    const cache = new KernelCache(libs.driver, libs.nvrtc, 'sm_90');
    const program = elementwiseProgram({ tag: 'un_LeakyRelu', op: UNARY_FLOAT_OPS.LeakyRelu!, inTypes: ['float'], outType: 'float', params: 1, rank: 0 });
    const kernel = cache.get(program);
    expect(cache.get(program)).toBe(kernel);
    expect(cache.compiledCount).toBe(1);
    libs.driver.launch(kernel, [7, 1, 1], [256, 1, 1], [{ i32: 1000 }, { ptr: 0x7f00_1234_5678 }, { i32: -5 }, { f32: 1.5 }]);
    const cuda = koffi.load(join(dir, 'libcuda.so.1'));
    const lastLaunch = cuda.func('void fake_last_launch(_Out_ uint64_t *out)');
    const rec = new BigUint64Array(18);
    lastLaunch(rec);
    expect(rec[0]).toBe(7n);
    expect(rec[1]).toBe(256n);
    const slots = new DataView(rec.buffer, 16);
    expect(slots.getInt32(0, true)).toBe(1000);
    expect(slots.getBigUint64(8, true)).toBe(0x7f00_1234_5678n);
    expect(slots.getInt32(16, true)).toBe(-5);
    expect(slots.getFloat32(24, true)).toBe(1.5);
  });

  test('an unknown kernel name and a compile error surface the driver and NVRTC messages', () => {
    expect(() => libs.driver.loadKernel(new TextEncoder().encode('extern "C" __global__ void a() {}\0'), 'missing_kernel')).toThrow(/cuModuleGetFunction\(missing_kernel\) failed: CUDA_ERROR_NOT_FOUND \(500\)/);
    expect(() => libs.nvrtc.compile('#error boom\n', 'bad.cu', 'sm_90')).toThrow(/nvrtcCompileProgram\(bad\.cu, sm_90\) failed: NVRTC_ERROR_COMPILATION \(6\)\nfake nvrtc: #error directive/);
  });

  test('CudaBackend over the koffi layer: matMul through cuBLAS matches the cpu backend, memory is returned', async () => {
    await registerCudaKernels('cuda-fake');
    let backend: CudaBackend | undefined;
    tf.registerBackend('cuda-fake', () => (backend = new CudaBackend(libs)), 1);
    const a = Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i));
    const b = Array.from({ length: 2 * 4 * 5 }, (_, i) => Math.cos(i));
    const run = () => [
      tf.matMul(tf.tensor(a, [2, 3, 4]), tf.tensor(b, [2, 4, 5])),
      tf.matMul(tf.tensor(a, [2, 4, 3]), tf.tensor(b, [2, 5, 4]), true, true),
      tf.matMul(tf.tensor(a.slice(0, 12), [3, 4]), tf.tensor(b, [2, 4, 5])),
    ];
    await tf.setBackend('cpu');
    const want = tf.tidy(() => run().map((t) => Array.from(t.dataSync())));
    await tf.setBackend('cuda-fake');
    const free0 = libs.driver.memGetInfo().freeBytes;
    const got = await Promise.all(tf.tidy(run).map(async (t) => {
      const v = Array.from(await t.data());
      t.dispose();
      return v;
    }));
    got.forEach((g, i) => expectArraysClose(g, want[i]!, { atol: 1e-5, rtol: 1e-5, label: `matmul ${i}` }));
    expect(libs.driver.memGetInfo().freeBytes).toBe(free0);
    expect(backend!.kernelCounts.get('BatchMatMul')!.native).toBe(3);
    await tf.setBackend('cpu');
    tf.removeBackend('cuda-fake');
  });
});
