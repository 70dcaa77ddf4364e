import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getBackendInfo, listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import { getWebGPUState, webgpuBackend } from './index.js';
import './register.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

test('describe() before init says how to start it', () => {
  expect(getWebGPUState()).toBeNull();
  expect(webgpuBackend.describe().device).toMatch(/not initialised/);
});

describe.skipIf(!row?.available)(`'webgpu' on this machine (${row?.reason ?? 'available'})`, () => {
  afterAll(async () => {
    await webgpuBackend.dispose!();
  });

  test('setBackend runs ops on it and describe() reports the adapter', async () => {
    const info = await setBackend('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(getBackendInfo()).toEqual(info);
    expect(info.capabilities.runtime).toBe('dawn.node');
    expect(typeof info.capabilities.vendor).toBe('string');
    expect(info.device).toContain(String(info.capabilities.vendor));
    if (String(info.capabilities.architecture) === 'swiftshader') expect(info.software).toBe(true);
    await expectNoLeaks(async () => {
      const y = tf.tidy(() => tf.softmax(tf.matMul(tf.tensor2d([[1, 2, 3]]), tf.eye(3))));
      const values = await y.data();
      y.dispose();
      const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
      const s = e[0]! + e[1]! + e[2]!;
      expect(Array.from(values).map((v) => +v.toFixed(5))).toEqual(e.map((v) => +(v / s).toFixed(5)));
    });
  });

  test('a synchronous read of GPU data in Node fails with a message that says to await data()', async () => {
    await setBackend('webgpu');
    // 1000 elements: over tfjs-backend-webgpu's CPU hand-off threshold, so the result lives on the GPU.
    const x = tf.range(0, 1000);
    const y = tf.mul(x, 2);
    expect(() => y.dataSync()).toThrow(/synchronous read .* use await tensor\.data\(\)/);
    expect((await y.data())[999]).toBe(1998);
    tf.dispose([x, y]);
  });

  test("the device has the adapter's own limits, not WebGPU's defaults", async () => {
    await setBackend('webgpu');
    const state = getWebGPUState()!;
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter).not.toBeNull();
    for (const name of ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize'] as const) {
      expect(state.device.limits[name], name).toBe(adapter!.limits[name]);
    }
    // The spec's defaults: a device made without requiredLimits would have exactly these.
    expect(state.device.limits.maxStorageBuffersPerShaderStage).toBeGreaterThan(8);
    expect(state.device.limits.maxBufferSize).toBeGreaterThan(268435456);
  });

  test('addN of 9 tensors runs: 10 storage buffers in one shader, over the WebGPU default of 8', async () => {
    await setBackend('webgpu');
    expect(getWebGPUState()!.device.limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(10);
    // 200 elements each: over the CPU hand-off threshold, so tfjs-backend-webgpu's AddN shader runs
    // with all nine inputs bound at once (it does not split them).
    const xs = Array.from({ length: 9 }, (_, k) => tf.fill([200], k + 1));
    const sum = tf.addN(xs);
    const values = await sum.data();
    expect(values[0]).toBe(45);
    expect(values[199]).toBe(45);
    tf.dispose([...xs, sum]);
  });

  test('dispose destroys the device and removes the tfjs backend; setBackend afterwards starts a fresh one', async () => {
    await setBackend('webgpu');
    const first = getWebGPUState()!.device;
    await webgpuBackend.dispose!();
    expect(getWebGPUState()).toBeNull();
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
    const lost = await first.lost;
    expect(lost.reason).toBe('destroyed');

    await setBackend('webgpu');
    expect(getWebGPUState()!.device).not.toBe(first);
    const s = tf.sum(tf.tensor1d([1, 2, 3, 4]));
    expect(await s.data()).toEqual(new Float32Array([10]));
    s.dispose();
  });
});
