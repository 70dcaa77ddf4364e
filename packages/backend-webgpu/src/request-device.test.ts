import { describe, expect, test } from 'vitest';
import { requestedLimits, requestWebGPUDevice } from './request-device.js';

/**
 * A fake adapter that validates the device descriptor as strictly as the WebGPU spec does: every
 * required feature must be a string the adapter supports, and every limit a known name within the
 * adapter's maximum.
 */
function strictGpu(adapterLimits: Record<string, number>, features: string[]) {
  const seen: GPUDeviceDescriptor[] = [];
  const adapter = {
    features: new Set(features),
    limits: adapterLimits,
    info: { vendor: 'acme', architecture: 'rdna9', device: '', description: 'Acme GPU' },
    async requestDevice(desc: GPUDeviceDescriptor) {
      seen.push(desc);
      for (const f of desc.requiredFeatures ?? []) {
        if (typeof f !== 'string') throw new TypeError(`requiredFeatures: ${JSON.stringify(f)} is not a GPUFeatureName`);
        if (!features.includes(f)) throw new TypeError(`requiredFeatures: '${f}' is not supported`);
      }
      for (const [k, v] of Object.entries(desc.requiredLimits ?? {})) {
        if (!(k in adapterLimits)) throw new TypeError(`requiredLimits: unknown limit '${k}'`);
        if ((v as number) > adapterLimits[k]!) throw new TypeError(`requiredLimits: ${k}=${v} exceeds the adapter's ${adapterLimits[k]}`);
      }
      return { features: new Set(desc.requiredFeatures), limits: { ...adapterLimits }, destroy() {} };
    },
  };
  const gpu = { requestAdapter: async () => adapter } as unknown as GPU;
  return { gpu, seen };
}

const bigLimits: Record<string, number> = {
  maxBufferSize: 4 * 2 ** 30,
  maxStorageBufferBindingSize: 2 * 2 ** 30,
  maxStorageBuffersPerShaderStage: 16,
  maxComputeWorkgroupStorageSize: 65536,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxTextureDimension2D: 16384,
};

describe('requestWebGPUDevice', () => {
  test('asks for the adapter maxima of the compute limits, and only limits the adapter knows', async () => {
    const { gpu, seen } = strictGpu(bigLimits, []);
    const setup = await requestWebGPUDevice(gpu);
    expect(seen[0]!.requiredLimits).toEqual({
      maxBufferSize: 4 * 2 ** 30,
      maxStorageBufferBindingSize: 2 * 2 ** 30,
      maxStorageBuffersPerShaderStage: 16,
      maxComputeWorkgroupStorageSize: 65536,
      maxComputeInvocationsPerWorkgroup: 1024,
    });
    expect(setup!.limits.maxStorageBuffersPerShaderStage).toBe(16);
    expect(setup!.adapter).toMatchObject({ vendor: 'acme', architecture: 'rdna9', software: false });
  });

  test('passes requiredFeatures as a flat list of supported names (tfjs 4.22 nests one in an array)', async () => {
    const { gpu, seen } = strictGpu(bigLimits, ['timestamp-query', 'bgra8unorm-storage', 'shader-f16']);
    const setup = await requestWebGPUDevice(gpu);
    expect(seen[0]!.requiredFeatures).toEqual(['timestamp-query', 'bgra8unorm-storage']);
    expect(setup!.features).toEqual(['bgra8unorm-storage', 'timestamp-query']);
  });

  test('resolves null when there is no adapter', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    expect(await requestWebGPUDevice(gpu)).toBeNull();
  });

  test('every requested limit is a WebGPU limit name', () => {
    for (const name of requestedLimits) expect(name).toMatch(/^max[A-Z]/);
  });
});
