import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import '../register.js';
import { getWebGPUState, webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

describe.skipIf(!row?.available)(`AddN on webgpu (${row?.reason ?? 'available'})`, () => {
  afterAll(async () => {
    await webgpuBackend.dispose!();
  });

  test.each([2, 9, 25, 40])('addN of %i tensors equals their sum, past the storage-buffer limit too', async (n) => {
    await setBackend('webgpu');
    const limit = getWebGPUState()!.device.limits.maxStorageBuffersPerShaderStage;
    if (n === 25) expect(n + 1).toBeGreaterThan(limit); // one shader could not bind them all
    await expectNoLeaks(async () => {
      // 300 elements: over tfjs-backend-webgpu's CPU hand-off threshold, so the shaders run.
      const xs = Array.from({ length: n }, (_, k) => tf.fill([3, 100], k + 1));
      const sum = tf.addN(xs);
      const values = await sum.data();
      tf.dispose([...xs, sum]);
      const expected = (n * (n + 1)) / 2;
      expect(values.every((v) => v === expected), `first ${values[0]}, expected ${expected}`).toBe(true);
    });
  });
});
