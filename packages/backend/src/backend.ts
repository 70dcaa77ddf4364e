/**
 * What a Sinew backend is: a descriptor around one tfjs `KernelBackend`, with the facts tfjs does not
 * keep (which environments it serves, how to probe it cheaply, what device it runs on).
 */

/** Where code is running. */
export type Environment = 'node' | 'browser' | 'worker';

/** The answer of a backend's probe. `reason` says why it is unavailable (or notes a caveat). */
export interface Support {
  available: boolean;
  reason?: string;
  /**
   * True when the device is emulated in software (SwiftShader, a mock driver): it works, but 'auto'
   * ranks it below every backend on real hardware, wasm included.
   */
  software?: boolean;
}

/** Memory facts a backend can report; any may be unknown. */
export interface MemoryInfo {
  /** Bytes currently held by tensors on this backend. */
  usedBytes?: number;
  /** Device memory in total, where the device says. */
  totalBytes?: number;
  /** Device memory free, where the device says. */
  freeBytes?: number;
}

/** What `describe()` reports after `init()`. */
export interface BackendDescription {
  /** The backend's registered name, e.g. 'wasm'. */
  name: string;
  /** The device in words, e.g. 'NVIDIA H100 80GB HBM3 (sm_90)' or 'WebAssembly SIMD, 2 threads'. */
  device: string;
  /** Precision of float tensors: 32 on every backend today; 16 where a backend stores halves. */
  floatPrecision: 16 | 32;
  /** True for emulated devices (SwiftShader, a mock driver): correct, but not fast. */
  software: boolean;
  memory: MemoryInfo;
  /** Named capabilities, e.g. { fusedMatMul: true, threads: 2, simd: true }. */
  capabilities: Record<string, boolean | number | string>;
}

/**
 * A backend descriptor. Backend packages export one per backend and register it with
 * {@link registerBackend} from their `register` entry; nothing calls `setBackend` at import.
 */
export interface Backend {
  /** The name users pass to `setBackend`, and tfjs's engine knows it by. */
  readonly name: string;
  /** Higher wins when 'auto' chooses among supported backends. */
  readonly priority: number;
  /** Environments this backend can serve at all. */
  readonly environments: readonly Environment[];
  /** A cheap probe; must never throw or reject: unavailable is `{available: false, reason}`. */
  isSupported(): Promise<Support>;
  /** Registers the tfjs backend (idempotent) and prepares the device. */
  init(): Promise<void>;
  /** Facts about the device; valid after `init()`. */
  describe(): BackendDescription;
  /** Releases the device (dawn.node, CUDA contexts) so a Node process can exit. */
  dispose?(): Promise<void>;
}
