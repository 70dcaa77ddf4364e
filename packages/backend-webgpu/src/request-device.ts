import { describeAdapter, type AdapterDescription } from './adapter-description.js';

/**
 * Limits Sinew asks for at the adapter's own maximum: the WebGPU defaults (256 MiB buffers, 128 MiB
 * bindings, 8 storage buffers per stage, 16 KiB workgroup memory) make large models fail, and
 * tfjs-backend-webgpu binds up to 8 or more storage buffers in one shader.
 *
 * @example
 * ```ts
 * import { requestedLimits } from '@sinew/backend-webgpu';
 * console.log(requestedLimits.includes('maxStorageBuffersPerShaderStage')); // true
 * ```
 */
export const requestedLimits = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxBindingsPerBindGroup',
  'maxDynamicStorageBuffersPerPipelineLayout',
] as const;

/** Optional features tfjs-backend-webgpu uses when present (profiling; canvas output). */
export const wantedFeatures: readonly GPUFeatureName[] = ['timestamp-query', 'bgra8unorm-storage'];

/** What `requestWebGPUDevice` resolves to. */
export interface WebGPUDeviceSetup {
  device: GPUDevice;
  /** The adapter's info as tfjs-backend-webgpu's constructor wants it. */
  adapterInfo: GPUAdapterInfo | undefined;
  adapter: AdapterDescription;
  /** The limits the device was created with (the adapter's maxima for `requestedLimits`). */
  limits: Record<string, number>;
  features: string[];
}

/** Options for {@link requestWebGPUDevice}. */
export interface RequestDeviceOptions {
  powerPreference?: GPUPowerPreference;
}

/**
 * Requests an adapter and a device with the adapter's real limits and a flat list of features.
 * tfjs-backend-webgpu 4.22's own factory nests one feature in an array (`[['bgra8unorm-storage']]`),
 * which strict implementations reject, and keeps the defaults for storage buffers per stage.
 *
 * @throws Error naming the adapter and the limits when the device cannot be created.
 * @example
 * ```ts
 * const { device, adapter } = await requestWebGPUDevice(navigator.gpu);
 * console.log(adapter.vendor, device.limits.maxBufferSize);
 * device.destroy();
 * ```
 */
export async function requestWebGPUDevice(gpu: GPU, options: RequestDeviceOptions = {}): Promise<WebGPUDeviceSetup | null> {
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter == null) return null;
  const requiredFeatures = wantedFeatures.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const name of requestedLimits) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const adapterInfo = await readAdapterInfo(adapter);
  const description = describeAdapter(adapterInfo, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  } catch (err) {
    throw new Error(
      `WebGPU: requestDevice failed on adapter '${description.vendor} ${description.architecture}' with features [${requiredFeatures.join(', ')}] and limits ${JSON.stringify(requiredLimits)}: ${(err as Error).message}`,
    );
  }
  const limits: Record<string, number> = {};
  for (const name of requestedLimits) {
    const value = (device.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') limits[name] = value;
  }
  return { device, adapterInfo, adapter: description, limits, features: [...device.features].map(String).sort() };
}

/** `adapter.info` (current spec), or `requestAdapterInfo()` (Chrome before 127), or nothing. */
export async function readAdapterInfo(adapter: GPUAdapter): Promise<GPUAdapterInfo | undefined> {
  if ('info' in adapter && adapter.info) return adapter.info;
  const legacy = adapter as unknown as { requestAdapterInfo?: () => Promise<GPUAdapterInfo> };
  if (typeof legacy.requestAdapterInfo === 'function') {
    try {
      return await legacy.requestAdapterInfo();
    } catch {
      return undefined;
    }
  }
  return undefined;
}
