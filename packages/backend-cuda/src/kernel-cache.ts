import type { KernelProgram } from './codegen/program.js';
import type { CudaDriver, Handle, Nvrtc } from './driver/types.js';

/** Where compiled kernels are kept between processes; the Node implementation is in disk-cache.node.ts. */
export interface CubinStore {
  get(key: string): Uint8Array | undefined;
  set(key: string, image: Uint8Array): void;
}

/**
 * Compiles generated kernels with NVRTC for the device's own architecture, loads them, and keeps
 * them: in memory for the process, and in a {@link CubinStore} (on disk in Node) across processes.
 *
 * @example
 * ```ts
 * import { KernelCache, allKernelPrograms, createMockLibraries } from '@sinew/backend-cuda';
 * const { driver, nvrtc } = createMockLibraries();
 * const cache = new KernelCache(driver, nvrtc, 'sm_90');
 * cache.get(allKernelPrograms()[0]!);
 * console.log(cache.compiledCount); // 1
 * ```
 */
export class KernelCache {
  private readonly loaded = new Map<string, Handle>();
  /** Kernels compiled by NVRTC in this process (not served from a store). */
  compiledCount = 0;
  /** Compile time spent in this process, in milliseconds. */
  compileMs = 0;

  constructor(
    private readonly driver: CudaDriver,
    private readonly nvrtc: Nvrtc,
    readonly arch: string,
    private readonly store?: CubinStore,
  ) {}

  /** The loaded kernel for `program`, compiling it on first use. */
  get(program: KernelProgram): Handle {
    const hit = this.loaded.get(program.name);
    if (hit !== undefined) return hit;
    const [maj, min] = this.nvrtc.version();
    const key = `${this.arch}-nvrtc${maj}.${min}-${program.name}-${hashString(program.source)}`;
    let image = this.store?.get(key);
    if (!image) {
      const t0 = performance.now();
      try {
        image = this.nvrtc.compile(program.source, `${program.name}.cu`, this.arch).image;
      } catch (err) {
        throw new Error(`CUDA backend: NVRTC failed to compile kernel ${program.name} for ${this.arch}: ${(err as Error).message}`);
      }
      this.compileMs += performance.now() - t0;
      this.compiledCount++;
      this.store?.set(key, image);
    }
    const handle = this.driver.loadKernel(image, program.name, program);
    this.loaded.set(program.name, handle);
    return handle;
  }

  /** Names of the kernels loaded so far. */
  names(): string[] {
    return [...this.loaded.keys()];
  }
}

/** FNV-1a, 64-bit, as hex: a cache key for sources (collisions only cost a wrong cache hit check by name too). */
export function hashString(s: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
