import type { Backend, BackendDescription } from '@sinew/backend';

const reason = 'CUDA needs Node.js: @sinew/backend-cuda runs only in Node on Linux with an NVIDIA driver (use webgpu or wasm in a browser)';

/**
 * The browser build of the 'cuda' descriptor: always unavailable, with a reason, so that listing
 * backends in a browser says why there is no CUDA instead of failing to bundle.
 *
 * @example
 * ```ts
 * import { cudaBackend } from '@sinew/backend-cuda';
 * console.log(await cudaBackend.isSupported()); // { available: false, reason: 'CUDA needs Node.js: ...' }
 * ```
 */
export const cudaBackend: Backend = {
  name: 'cuda',
  priority: 300,
  environments: ['node'],
  async isSupported() {
    return { available: false, reason };
  },
  async init() {
    throw new Error(reason);
  },
  describe(): BackendDescription {
    return { name: 'cuda', device: 'unavailable: ' + reason, floatPrecision: 32, software: false, memory: {}, capabilities: {} };
  },
};
