import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getBackendInfo, listBackends, setBackend } from '@sinew/backend';
import './register.js';

describe('@sinew/backend-cpu/register', () => {
  test('listBackends shows wasm and cpu available in Node, wasm first', async () => {
    const rows = await listBackends();
    expect(rows.map((r) => [r.name, r.available])).toEqual([
      ['wasm', true],
      ['cpu', true],
    ]);
  });

  test("setBackend('auto') picks wasm and ops run on it", async () => {
    const chosen = await setBackend('auto');
    expect(chosen.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(Array.from(tf.add([1, 2], [3, 4]).dataSync())).toEqual([4, 6]);
  });

  test("setBackend('nope') names the available backends", async () => {
    await expect(setBackend('nope')).rejects.toThrow(/unknown backend.*wasm \(available\).*cpu \(available\)/);
  });

  test('wasm describes its device: SIMD on, one thread in Node and why, memory from the wasm heap', async () => {
    const info = await setBackend('wasm');
    expect(info.device).toMatch(/^WebAssembly SIMD \(XNNPACK\), 1 thread$/);
    expect(info.capabilities).toMatchObject({ simd: true, threads: 1, threadsPossibleHere: false });
    expect(String(info.capabilities.threadsNote)).toMatch(/Node/);
    const t = tf.zeros([1024]);
    const after = getBackendInfo();
    expect(after.memory.usedBytes).toBeGreaterThanOrEqual(4096);
    expect(after.memory.totalBytes).toBeGreaterThan(after.memory.usedBytes!);
    t.dispose();
  });

  test('cpu describes itself as the reference', async () => {
    const info = await setBackend('cpu');
    expect(info).toMatchObject({ name: 'cpu', floatPrecision: 32, capabilities: { reference: true, threads: 1 } });
  });
});
