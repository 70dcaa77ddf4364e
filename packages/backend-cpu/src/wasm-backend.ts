import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription } from '@sinew/backend';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- for the {@link} in the TSDoc
import type { configureWasm } from './wasm-options.js';
import { registerTrainingKernels } from './kernels/register-training-kernels.js';
import { wasmOptions } from './wasm-options.js';
import { wasmThreadSupport, type WasmThreadSupport } from './wasm-threads.js';

/** What `init()` found, for `describe()`. */
interface WasmFacts {
  simd: boolean;
  threads: number;
  threadSupport: WasmThreadSupport;
  addedKernels: string[];
}

let facts: WasmFacts | undefined;

function heapBytes(): number | undefined {
  // The wasm linear memory is the device memory of this backend: it grows, never shrinks.
  const backend = tf.findBackend('wasm') as unknown as { wasm?: { HEAPU8?: Uint8Array } } | null;
  return backend?.wasm?.HEAPU8?.buffer.byteLength;
}

/**
 * 'wasm': tfjs-backend-wasm (XNNPACK, SIMD), the embedded default. `init()` adds the training kernels
 * tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/Input,
 * UnsortedSegmentSum), composed of wasm kernels, so every model in the family packages trains on it.
 *
 * Threads: tfjs-backend-wasm's threaded SIMD binary can only run where SharedArrayBuffer can be posted
 * (a cross-origin-isolated page or worker), never in Node (tensorflow/tfjs#3830). Sinew starts it only
 * on request, `configureWasm({ threads: n })`, because it hung at start-up in our Chromium tests;
 * `describe().capabilities` says whether threads are possible here and what runs.
 *
 * Binaries: Node loads them from the package folder. A browser bundle fetches them from beside the
 * bundle unless told otherwise: call {@link configureWasm} (`{ paths: '/wasm/' }`) before
 * `setBackend`, pointing at where your bundler copied `node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm`.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { setBackend } from '@sinew/backend';
 * const info = await setBackend('wasm');
 * console.log(info.device, info.capabilities); // 'WebAssembly SIMD (XNNPACK), 1 thread', {...}
 * ```
 */
export const wasmBackend: Backend = {
  name: 'wasm',
  priority: 100,
  environments: ['node', 'browser', 'worker'],
  async isSupported() {
    if (typeof WebAssembly !== 'object') return { available: false, reason: 'WebAssembly is not available in this runtime' };
    return { available: true };
  },
  async init() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (tf.findBackend('wasm') == null) {
      const { paths, threads } = wasmOptions();
      if (paths != null) wasm.setWasmPaths(paths as Parameters<typeof wasm.setWasmPaths>[0]);
      // tfjs-backend-wasm 4.22's threaded binary never finished starting in our cross-origin-isolated
      // Chromium runs (neither bundled nor as tfjs's own UMD build), so setBackend would hang: threads
      // are opt-in, with configureWasm({ threads }).
      if (threads != null && threads > 1) wasm.setThreadsCount(threads);
      else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
    const addedKernels = registerTrainingKernels('wasm');
    const threadSupport = wasmThreadSupport();
    // Starting the backend here, without switching to it (setBackend does that), lets describe()
    // report the thread count and surfaces a missing .wasm binary as an init error.
    const engine = tf.engine() as unknown as { initializeBackend(name: string): { success: boolean | Promise<boolean> } };
    const ok = await engine.initializeBackend('wasm').success;
    if (!ok) {
      throw new Error("wasm: tfjs could not start the wasm backend (its .wasm binary could not be loaded: in a bundled app, serve node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm and call configureWasm({ paths }) from '@sinew/backend-cpu' first)");
    }
    let threads = 1;
    try {
      threads = wasm.getThreadsCount();
    } catch {
      threads = 1;
    }
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    facts = { simd, threads, threadSupport, addedKernels: [...(facts?.addedKernels ?? []), ...addedKernels] };
  },
  describe(): BackendDescription {
    const f = facts;
    const simd = f?.simd ?? false;
    const threads = f?.threads ?? 1;
    const heap = heapBytes();
    const active = (tf.engine() as unknown as { backendName?: string }).backendName === 'wasm';
    return {
      name: 'wasm',
      device: `WebAssembly${simd ? ' SIMD' : ''} (XNNPACK), ${threads} thread${threads === 1 ? '' : 's'}`,
      floatPrecision: 32,
      software: false,
      memory: {
        ...(active ? { usedBytes: tf.memory().numBytes } : {}),
        ...(heap != null ? { totalBytes: heap } : {}),
      },
      capabilities: {
        simd,
        threads,
        multithreadBinary: threads > 1,
        threadsPossibleHere: f?.threadSupport.possible ?? false,
        threadsNote: f?.threadSupport.reason ?? 'not initialised',
        trainingKernelsAdded: (f?.addedKernels ?? []).join(','),
        fusedMatMul: true,
        fusedConv2D: true,
      },
    };
  },
};
