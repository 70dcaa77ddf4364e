/**
 * Where `navigator.gpu` comes from in a browser or a worker: the runtime itself. Node gets
 * `gpu-provider.node.ts` instead, through the `#gpu-provider` import's `node` condition.
 */

/** The outcome of looking for a WebGPU entry point: the `GPU` object, or why there is none. */
export type GpuAcquisition = { gpu: GPU; runtime: string } | { gpu: null; reason: string };

/**
 * Returns the runtime's `navigator.gpu`, or the reason it has none. Never throws.
 *
 * @example
 * ```ts
 * const found = await acquireGpu();
 * console.log(found.gpu ? 'WebGPU present' : found.reason);
 * ```
 */
export async function acquireGpu(): Promise<GpuAcquisition> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return { gpu: nav.gpu, runtime: 'browser' };
  const isSecure = (globalThis as { isSecureContext?: boolean }).isSecureContext;
  if (isSecure === false) {
    return { gpu: null, reason: 'navigator.gpu is missing: WebGPU needs a secure context (https:// or http://localhost)' };
  }
  return {
    gpu: null,
    reason:
      'navigator.gpu is missing: this browser has no WebGPU (Chrome/Edge 113+, Safari 26+, Firefox 141+ on Windows; Chromium on Linux needs --enable-unsafe-webgpu)',
  };
}

/**
 * Why the runtime returned no adapter, in words a user can act on. Browsers say little, so this is
 * generic; the Node provider inspects the Vulkan setup instead.
 */
export async function explainNoAdapter(): Promise<string> {
  return 'navigator.gpu.requestAdapter() returned null: the browser found no usable GPU (blocklisted driver, or WebGPU disabled in chrome://gpu)';
}

/** Forgets what `acquireGpu` installed, so that the runtime can release the device and exit. */
export function releaseGpu(): void {
  // Nothing to undo: the browser owns navigator.gpu.
}
