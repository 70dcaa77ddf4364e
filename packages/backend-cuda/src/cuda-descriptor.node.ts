import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription, Support } from '@sinew/backend';
import { CudaBackend } from './cuda-backend.js';
import { DiskCubinStore, defaultCacheDir } from './disk-cache.node.js';
import type { CudaLibraries } from './driver/types.js';
import { nativeKernelNames, registerCudaKernels } from './kernels/register-kernels.js';

/** Where the libraries came from, when the loader knows. */
export type LoadedLibraries = CudaLibraries & { paths?: { cuda: string; nvrtc: string; cublas: string } };

/** Options for {@link createCudaBackend}. */
export interface CudaBackendDescriptorOptions {
  /** The name registered with tfjs and Sinew; 'cuda' by default. */
  name?: string;
  /** Priority for setBackend('auto'); 300 by default, above webgpu and wasm. */
  priority?: number;
  /** Loads the FFI libraries; throws when CUDA cannot run (the message becomes the reason). Defaults to {@link loadCudaLibraries}. */
  loadLibraries?: () => Promise<LoadedLibraries>;
  /** Keep compiled kernels on disk (default: yes, see defaultCacheDir; SINEW_CUDA_CACHE_DIR=off disables). */
  diskCache?: boolean;
}

/**
 * Finds and starts the real libraries (libcuda, NVRTC, cuBLAS) through koffi. koffi itself is imported
 * here, lazily, so that importing this package never fails, even where koffi has no binary.
 *
 * @throws an Error naming every missing library and where it was looked for.
 * @example
 * ```ts
 * import { loadCudaLibraries } from '@sinew/backend-cuda';
 * try { const libs = await loadCudaLibraries(); console.log(libs.driver.device().name); }
 * catch (e) { console.log('no CUDA here:', (e as Error).message); }
 * ```
 */
export async function loadCudaLibraries(env: Record<string, string | undefined> = process.env): Promise<LoadedLibraries> {
  let mod: typeof import('./driver/koffi-driver.node.js');
  try {
    mod = await import('./driver/koffi-driver.node.js');
  } catch (err) {
    throw new Error(`the FFI library koffi could not be loaded on ${process.platform}-${process.arch}: ${(err as Error).message.split('\n')[0]}`);
  }
  return mod.loadKoffiLibraries(env);
}

/**
 * Makes a 'cuda' backend descriptor. The package's default one ({@link cudaBackend}) uses the real
 * libraries; tests make one over the mock driver.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from '@sinew/backend';
 * import { createCudaBackend, createMockLibraries } from '@sinew/backend-cuda';
 * registerBackend(createCudaBackend({ name: 'cuda-mock', loadLibraries: async () => createMockLibraries() }));
 * console.log((await setBackend('cuda-mock')).device);
 * ```
 */
export function createCudaBackend(options: CudaBackendDescriptorOptions = {}): Backend {
  const name = options.name ?? 'cuda';
  const load = options.loadLibraries ?? (() => loadCudaLibraries());
  let libs: Promise<LoadedLibraries> | undefined;
  let started: CudaBackend | undefined;
  const getLibs = () => (libs ??= load());

  return {
    name,
    priority: options.priority ?? 300,
    environments: ['node'],
    async isSupported(): Promise<Support> {
      if (process.platform !== 'linux') return { available: false, reason: `CUDA through @sinew/backend-cuda runs on Linux only (this is ${process.platform})` };
      try {
        await getLibs();
        return { available: true };
      } catch (err) {
        return { available: false, reason: (err as Error).message };
      }
    },
    async init() {
      if (tf.findBackend(name)) return;
      const l = await getLibs();
      await registerCudaKernels(name);
      const dir = options.diskCache === false ? undefined : defaultCacheDir();
      const cubinStore = dir && l.driver.kind === 'koffi' ? new DiskCubinStore(dir) : undefined;
      tf.registerBackend(name, () => (started = new CudaBackend(l, { cubinStore })), options.priority ?? 300);
    },
    describe(): BackendDescription {
      if (!started) {
        return { name, device: 'not started (call setBackend first)', floatPrecision: 32, software: false, memory: {}, capabilities: {} };
      }
      const b = started;
      const dev = b.libs.driver.device();
      const [maj, min] = dev.computeCapability;
      const mem = b.libs.driver.memGetInfo();
      const nv = b.libs.nvrtc.version();
      const native = nativeKernelNames();
      return {
        name,
        device: `${dev.name} (sm_${maj}${min})`,
        floatPrecision: 32,
        software: b.libs.driver.kind === 'mock',
        memory: { usedBytes: b.memory().numBytesInGPU, totalBytes: mem.totalBytes, freeBytes: mem.freeBytes },
        capabilities: {
          driver: b.libs.driver.kind,
          computeCapability: `${maj}.${min}`,
          multiProcessors: dev.multiProcessorCount,
          driverVersion: `${Math.floor(dev.driverVersion / 1000)}.${(dev.driverVersion % 1000) / 10}`,
          nvrtcVersion: nv.join('.'),
          cublasVersion: b.libs.blas.version().join('.'),
          nativeKernelCount: native.length,
          nativeKernels: native.join(','),
          cpuFallback: true,
          kernelsCompiled: b.kernels.compiledCount,
          fusedMatMul: true,
        },
      };
    },
    async dispose() {
      if (tf.findBackend(name)) tf.removeBackend(name);
      started = undefined;
    },
  };
}

/**
 * 'cuda': NVIDIA GPUs from Node on CUDA 12 and 13, through the driver API, NVRTC and cuBLAS.
 * Registered by '@sinew/backend-cuda/register'; `setBackend('auto')` picks it where it is available.
 *
 * @example
 * ```ts
 * import { cudaBackend } from '@sinew/backend-cuda';
 * const support = await cudaBackend.isSupported();
 * console.log(support.available ? 'CUDA ready' : `no CUDA: ${support.reason}`);
 * ```
 */
export const cudaBackend: Backend = createCudaBackend();
