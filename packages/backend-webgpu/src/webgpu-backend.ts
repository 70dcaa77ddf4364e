import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription, Support } from '@sinew/backend';
import { acquireGpu, explainNoAdapter, releaseGpu } from '#gpu-provider';
import { describeAdapter, formatAdapter, type AdapterDescription } from './adapter-description.js';
import { readAdapterInfo, requestWebGPUDevice, type WebGPUDeviceSetup } from './request-device.js';
import { registerSinewWebGPUKernels } from './kernels/register-kernels.js';

/** tfjs-backend-webgpu's own priority for 'webgpu' in tfjs's engine; kept so tf.ready() behaves alike. */
const TFJS_PRIORITY = 3;

interface Active {
  setup: WebGPUDeviceSetup;
  runtime: string;
  /** Set when the device is lost for a reason other than our own dispose. */
  lost?: string;
}

let active: Active | null = null;
let factory: (() => Promise<tf.KernelBackend>) | null = null;

/** Facts about the adapter behind 'webgpu' once it is initialised; `null` before `init()`. */
export interface WebGPUState {
  adapter: AdapterDescription;
  runtime: string;
  limits: Record<string, number>;
  features: string[];
  device: GPUDevice;
}

/**
 * The device 'webgpu' runs on, for code that needs raw WebGPU beside tfjs (null before `init()`).
 *
 * @example
 * ```ts
 * await setBackend('webgpu');
 * console.log(getWebGPUState()?.limits.maxBufferSize);
 * ```
 */
export function getWebGPUState(): WebGPUState | null {
  if (!active) return null;
  const { setup, runtime } = active;
  return { adapter: setup.adapter, runtime, limits: setup.limits, features: setup.features, device: setup.device };
}

async function probe(): Promise<Support> {
  const found = await acquireGpu();
  if (!found.gpu) return { available: false, reason: found.reason };
  if (active) {
    if (active.lost) return { available: false, reason: `the WebGPU device was lost: ${active.lost}` };
    return active.setup.adapter.software ? { available: true, software: true, reason: softwareCaveat(active.setup.adapter) } : { available: true };
  }
  const adapter = await found.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter == null) return { available: false, reason: await explainNoAdapter() };
  const described = describeAdapter(await readAdapterInfo(adapter), (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  return described.software ? { available: true, software: true, reason: softwareCaveat(described) } : { available: true };
}

function softwareCaveat(adapter: AdapterDescription): string {
  return `software adapter (${formatAdapter({ ...adapter, software: false })}): correct, but slower than wasm`;
}

async function loadTfjsWebGPU(): Promise<typeof import('@tensorflow/tfjs-backend-webgpu')> {
  // Imported only after navigator.gpu exists: the module decides at import whether WebGPU is there.
  const mod = await import('@tensorflow/tfjs-backend-webgpu');
  registerSinewWebGPUKernels();
  return mod;
}

type TfjsWebGPUBackend = typeof import('@tensorflow/tfjs-backend-webgpu').WebGPUBackend;

/**
 * tfjs's WebGPUBackend with one change: a synchronous read (`dataSync`, `arraySync`) of data on the
 * GPU fails with a message that says what to do where the runtime has no `OffscreenCanvas` (Node),
 * instead of tfjs's "OffscreenCanvas is not defined". WebGPU has no blocking readback; tfjs's browser
 * path goes through a canvas.
 */
function sinewBackendClass(Base: TfjsWebGPUBackend): TfjsWebGPUBackend {
  return class SinewWebGPUBackend extends Base {
    override readSync(dataId: object): tf.backend_util.BackendValues {
      const data = this.tensorMap.get(dataId) as { values?: unknown; dtype: string } | undefined;
      if (data != null && data.values == null && data.dtype !== 'string' && typeof OffscreenCanvas === 'undefined') {
        throw new Error(
          "webgpu: a synchronous read (dataSync/arraySync/bufferSync) of a tensor on the GPU is impossible here: WebGPU has no blocking readback and this runtime has no OffscreenCanvas; use await tensor.data() / tensor.array()",
        );
      }
      return super.readSync(dataId);
    }
  };
}

/**
 * 'webgpu': tfjs-backend-webgpu on a device Sinew sets up itself (the adapter's real limits, a flat
 * feature list), over `navigator.gpu` in browsers and dawn.node (npm `webgpu`) in Node, with the
 * kernels tfjs-backend-webgpu lacks filled on the GPU. `dispose()` destroys the device so that a Node
 * process can exit.
 *
 * @example
 * ```ts
 * import '@sinew/backend-webgpu/register';
 * import { setBackend, disposeBackends } from '@sinew/backend';
 * const info = await setBackend('webgpu');
 * console.log(info.device, info.software);
 * await disposeBackends(['webgpu']);
 * ```
 */
export const webgpuBackend: Backend = {
  name: 'webgpu',
  priority: 200,
  environments: ['browser', 'worker', 'node'],

  async isSupported(): Promise<Support> {
    try {
      return await probe();
    } catch (err) {
      return { available: false, reason: `probing WebGPU failed: ${(err as Error).message}` };
    }
  },

  async init(): Promise<void> {
    const found = await acquireGpu();
    if (!found.gpu) throw new Error(`webgpu: ${found.reason}`);
    const mod = await loadTfjsWebGPU();
    if (active?.lost) {
      active = null;
      if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    }
    if (!active) {
      const setup = await requestWebGPUDevice(found.gpu);
      if (!setup) throw new Error(`webgpu: ${await explainNoAdapter()}`);
      const current: Active = { setup, runtime: found.runtime };
      active = current;
      void setup.device.lost.then((info) => {
        if (info.reason !== 'destroyed') current.lost = info.message || String(info.reason);
      });
    }
    if (factory == null || tf.findBackendFactory('webgpu') !== factory) {
      // tfjs-backend-webgpu registers its own factory when navigator.gpu exists at import; ours
      // replaces it so that tfjs runs on the device set up above.
      if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
      const Backend = sinewBackendClass(mod.WebGPUBackend);
      factory = async () => {
        if (!active) throw new Error("webgpu: the device was disposed; call setBackend('webgpu') again");
        return new Backend(active.setup.device, active.setup.adapterInfo);
      };
      tf.registerBackend('webgpu', factory, TFJS_PRIORITY);
    }
  },

  describe(): BackendDescription {
    if (!active) {
      return {
        name: 'webgpu',
        device: "WebGPU (not initialised: call setBackend('webgpu'))",
        floatPrecision: 32,
        software: false,
        memory: {},
        capabilities: {},
      };
    }
    const { setup, runtime } = active;
    const tfBackend = tf.engine().registry.webgpu;
    const usedBytes = (tfBackend?.memory() as { numBytesInGPU?: number } | undefined)?.numBytesInGPU;
    return {
      name: 'webgpu',
      device: `${formatAdapter(setup.adapter)} via ${runtime === 'dawn.node' ? 'dawn.node (Node)' : 'the browser'}`,
      floatPrecision: 32,
      software: setup.adapter.software,
      memory: usedBytes == null ? {} : { usedBytes },
      capabilities: {
        runtime,
        vendor: setup.adapter.vendor,
        architecture: setup.adapter.architecture,
        adapterDevice: setup.adapter.device,
        adapterDescription: setup.adapter.description,
        ...setup.limits,
        timestampQuery: setup.features.includes('timestamp-query'),
        fusedMatMul: true,
        fusedConv2D: true,
      },
    };
  },

  async dispose(): Promise<void> {
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    factory = null;
    const current = active;
    active = null;
    if (current) current.setup.device.destroy();
    releaseGpu();
  },
};
