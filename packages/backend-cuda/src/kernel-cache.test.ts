import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { allKernelPrograms } from './codegen/catalog.js';
import { DiskCubinStore, defaultCacheDir } from './disk-cache.node.js';
import { createMockLibraries } from './driver/mock-driver.js';
import { KernelCache } from './kernel-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'sinew-cubins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('KernelCache', () => {
  test('compiles once per process, and a second process loads the cubin from disk without NVRTC', () => {
    const program = allKernelPrograms().find((p) => p.name.startsWith('sinew_softmax'))!;
    const first = createMockLibraries();
    const a = new KernelCache(first.driver, first.nvrtc, 'sm_90', new DiskCubinStore(dir));
    expect(a.get(program)).toBe(a.get(program));
    expect(first.nvrtc.compiled).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.cubin'))).toHaveLength(1);
    const second = createMockLibraries();
    const b = new KernelCache(second.driver, second.nvrtc, 'sm_90', new DiskCubinStore(dir));
    b.get(program);
    expect(second.nvrtc.compiled).toBe(0);
    // Another architecture is another cubin.
    new KernelCache(second.driver, second.nvrtc, 'sm_80', new DiskCubinStore(dir)).get(program);
    expect(second.nvrtc.compiled).toBe(1);
  });

  test('an unwritable cache folder costs compile time, never a failure', () => {
    const libs = createMockLibraries();
    // A regular file where the folder should be: every mkdir and write under it fails (ENOTDIR).
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const cache = new KernelCache(libs.driver, libs.nvrtc, 'sm_90', new DiskCubinStore(join(file, 'cubins')));
    expect(() => cache.get(allKernelPrograms()[0]!)).not.toThrow();
  });

  test('defaultCacheDir honours SINEW_CUDA_CACHE_DIR, off, and XDG_CACHE_HOME', () => {
    expect(defaultCacheDir({ SINEW_CUDA_CACHE_DIR: '/x' })).toBe('/x');
    expect(defaultCacheDir({ SINEW_CUDA_CACHE_DIR: 'off' })).toBeUndefined();
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/sinew/cuda');
  });
});
