import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription } from '@sinew/backend';

/**
 * 'wasm': tfjs-backend-wasm (XNNPACK, SIMD), the embedded default. Sinew adds the training kernels
 * tfjs-backend-wasm lacks, so every model in the family packages trains on it.
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
    await import('@tensorflow/tfjs-backend-wasm');
  },
  describe(): BackendDescription {
    return {
      name: 'wasm',
      device: 'WebAssembly (XNNPACK)',
      floatPrecision: 32,
      software: false,
      memory: {},
      capabilities: {},
    };
  },
};
