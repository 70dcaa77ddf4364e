import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
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
});
