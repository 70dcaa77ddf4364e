/** How the 'wasm' backend loads and runs; set before it starts. */
export interface WasmOptions {
  /**
   * Where the `.wasm` binaries are served from: a URL prefix ending in '/' (all three files there) or
   * a map from file name to URL, as tfjs-backend-wasm's `setWasmPaths` takes. Node needs nothing; a
   * bundled web app must serve `node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm` somewhere and
   * say where (or put them beside the bundle, the default location).
   */
  paths?: string | Record<string, string>;
  /**
   * XNNPACK threads, in cross-origin-isolated pages only (the threaded binary cannot run elsewhere).
   * Default 1: tfjs-backend-wasm 4.22's threaded binary hung at start-up in our Chromium tests, so
   * more than one thread is opt-in; try it in your target browsers.
   */
  threads?: number;
}

let options: WasmOptions = {};

/**
 * Configures the 'wasm' backend before it starts (before `setBackend('wasm' | 'auto')`); later calls
 * have no effect on a started backend.
 *
 * @example
 * ```ts
 * import { configureWasm } from '@sinew/backend-cpu';
 * import '@sinew/backend-cpu/register';
 * // Vite: copy node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm to public/wasm/
 * configureWasm({ paths: '/wasm/' });
 * await setBackend('auto');
 * ```
 */
export function configureWasm(next: WasmOptions): void {
  options = { ...options, ...next };
}

/** The options {@link configureWasm} set. */
export function wasmOptions(): Readonly<WasmOptions> {
  return options;
}
