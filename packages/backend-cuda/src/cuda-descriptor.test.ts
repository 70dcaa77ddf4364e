import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getBackendInfo, listBackends, registerBackend, setBackend, unregisterBackend } from '@sinew/backend';
import { cudaBackend as browserDescriptor } from './index.browser.js';
import { createCudaBackend, cudaBackend, loadCudaLibraries } from './cuda-descriptor.node.js';
import { createMockLibraries } from './driver/mock-driver.js';
import { libraryCandidates, searchDirectories } from './driver/library-discovery.node.js';

const noDriverHere = libraryCandidates('cuda').every((c) => !c.path.includes('/')) && !process.env.SINEW_LIBCUDA;

describe("the 'cuda' descriptor", () => {
  afterAll(async () => {
    unregisterBackend('cuda-mock');
    await tf.setBackend('cpu');
  });

  test.skipIf(!noDriverHere)('on a machine without the NVIDIA driver, cuda is unavailable and says what is missing and where it looked', async () => {
    const support = await cudaBackend.isSupported();
    expect(support.available).toBe(false);
    expect(support.reason).toMatch(/libcuda \(the NVIDIA driver\): libcuda\.so\.1 \/ libcuda\.so not found/);
    expect(support.reason).toMatch(/Looked in: .*the dynamic loader path.*\/usr\/local\/cuda\/lib64/);
  });

  test('a missing library named by its override is reported with the override', async () => {
    await expect(loadCudaLibraries({ SINEW_LIBCUDA: '/nonexistent/libcuda.so.1', SINEW_LIBNVRTC: '/nonexistent/libnvrtc.so.13', SINEW_LIBCUBLAS: '/nonexistent/libcublas.so.13' })).rejects.toThrow(
      /\$SINEW_LIBCUDA=\/nonexistent\/libcuda\.so\.1 did not load/,
    );
  });

  test('registered through @sinew/backend, listBackends shows cuda with its reason, never throwing', async () => {
    registerBackend(cudaBackend);
    const rows = await listBackends();
    const row = rows.find((r) => r.name === 'cuda')!;
    expect(row.priority).toBe(300);
    if (!row.available) expect(row.reason).toBeTruthy();
    unregisterBackend('cuda');
  });

  test('the browser entry reports that CUDA needs Node.js', async () => {
    expect(await browserDescriptor.isSupported()).toEqual({ available: false, reason: expect.stringMatching(/^CUDA needs Node\.js/) });
    await expect(browserDescriptor.init()).rejects.toThrow(/CUDA needs Node\.js/);
  });

  test('over the mock libraries, setBackend starts it and describe() reports the device', async () => {
    registerBackend(createCudaBackend({ name: 'cuda-mock', loadLibraries: async () => createMockLibraries() }));
    const d = await setBackend('cuda-mock');
    expect(d.device).toBe('Mock CUDA device (host memory) (sm_90)');
    expect(d.software).toBe(true);
    expect(d.capabilities.computeCapability).toBe('9.0');
    expect(d.capabilities.driverVersion).toBe('13.0');
    expect(String(d.capabilities.nativeKernels)).toContain('Conv2DBackpropFilter');
    expect(d.memory.totalBytes).toBe(1 << 30);
    expect(Array.from(tf.matMul(tf.tensor([[1, 2]]), tf.tensor([[3], [4]])).dataSync())).toEqual([11]);
    expect(getBackendInfo().name).toBe('cuda-mock');
  });
});

describe('library discovery', () => {
  test('SINEW_CUDA_LIB_DIR and per-library overrides come first, then the loader, then toolkit folders', () => {
    const c = libraryCandidates('nvrtc', { SINEW_LIBNVRTC: '/x/libnvrtc.so.13', SINEW_CUDA_LIB_DIR: '/a:/b' });
    expect(c.slice(0, 4).map((x) => x.path)).toEqual(['/x/libnvrtc.so.13', '/a/libnvrtc.so.13', '/a/libnvrtc.so.12', '/a/libnvrtc.so']);
    expect(c.find((x) => x.path === 'libnvrtc.so.13')?.source).toMatch(/dynamic loader/);
    expect(searchDirectories({})).toContain('/usr/local/cuda/lib64');
    expect(searchDirectories({})).toContain('/usr/local/cuda/targets/x86_64-linux/lib');
    expect(searchDirectories({ CUDA_HOME: '/opt/cuda-x' })[0]).toBe('/opt/cuda-x/lib64');
  });

  test("Python installs' nvidia/<component>/lib folders are searched (PyTorch's CUDA wheels)", () => {
    const venv = mkdtempSync(join(tmpdir(), 'sinew-venv-'));
    try {
      const lib = join(venv, 'lib', 'python3.12', 'site-packages', 'nvidia', 'cublas', 'lib');
      mkdirSync(lib, { recursive: true });
      writeFileSync(join(lib, 'libcublas.so.12'), '');
      expect(searchDirectories({ VIRTUAL_ENV: venv })).toContain(lib);
      const found = libraryCandidates('cublas', { VIRTUAL_ENV: venv }).find((c) => c.path === join(lib, 'libcublas.so.12'));
      expect(found?.source).toBe(lib);
    } finally {
      rmSync(venv, { recursive: true, force: true });
    }
  });
});
