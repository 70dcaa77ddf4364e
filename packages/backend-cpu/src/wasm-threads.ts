import { currentEnvironment } from '@sinew/backend';

/** Whether tfjs-backend-wasm's threaded SIMD binary can run here, and why (not). */
export interface WasmThreadSupport {
  possible: boolean;
  reason: string;
}

/**
 * Tells whether this runtime can run tfjs-backend-wasm 4.22's multithreaded build. It needs a
 * SharedArrayBuffer that can be posted to a worker, which browsers grant only to cross-origin-isolated
 * pages (COOP `same-origin` + COEP `require-corp`); in Node, tfjs turns threads off outright
 * (tensorflow/tfjs#3830), and forcing the flag fails because emscripten starts its pthread workers from
 * a `blob:` URL, which Node's Worker refuses (ERR_WORKER_PATH).
 *
 * @example
 * ```ts
 * const { possible, reason } = wasmThreadSupport();
 * ```
 */
export function wasmThreadSupport(): WasmThreadSupport {
  if (currentEnvironment() === 'node') {
    return {
      possible: false,
      reason: 'Node: tfjs-backend-wasm 4.22 runs single-threaded (pthread workers start from blob: URLs that Node refuses; tensorflow/tfjs#3830)',
    };
  }
  const g = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown };
  if (typeof g.SharedArrayBuffer !== 'function') {
    return { possible: false, reason: 'no SharedArrayBuffer here: serve the page cross-origin isolated (COOP same-origin, COEP require-corp) for threads' };
  }
  if (g.crossOriginIsolated === false) {
    return { possible: false, reason: 'the page is not cross-origin isolated (COOP same-origin, COEP require-corp), so threads are off' };
  }
  return { possible: true, reason: "cross-origin isolated: the threaded SIMD binary can run; opt in with configureWasm({ threads: n }) (off by default: tfjs-backend-wasm 4.22's hung at start-up in Chromium tests)" };
}
