import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import koffi from 'koffi';
import type { Blas, CompiledKernel, CudaDriver, CudaLibraries, DeviceInfo, DevicePtr, GemmArgs, Handle, KernelArg, Nvrtc, PendingCopy } from './types.js';
import { describePlaces, describeSearch, libraryCandidates, type CudaLibraryName } from './library-discovery.node.js';

type Fn = (...args: any[]) => any;
type Lib = ReturnType<typeof koffi.load>;

/** Thrown when the CUDA backend cannot run here; `message` says exactly what is missing. */
export class CudaUnavailableError extends Error {
  override name = 'CudaUnavailableError';
}

interface Loaded {
  lib: Lib;
  path: string;
}

/** Loads the first candidate that dlopen accepts; null with the search described when none does. */
function loadLibrary(name: CudaLibraryName, env: Record<string, string | undefined>): Loaded | { error: string } {
  const failures: string[] = [];
  for (const c of libraryCandidates(name, env)) {
    try {
      if (name !== 'cuda' && c.path.includes('/')) preloadSiblings(c.path);
      return { lib: koffi.load(c.path), path: c.path };
    } catch (err) {
      // A bare soname that is absent fails quietly; a file that exists but will not load is worth naming.
      if (c.path.includes('/') || c.source.startsWith('$')) failures.push(`${c.path}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return { error: describeSearch(name, env) + (failures.length ? `; failed to load: ${failures.join('; ')}` : '') };
}

/**
 * cuBLAS needs libcublasLt and NVRTC its builtins library from the same release. Loading them first,
 * by full path, lets the loader resolve them by soname even when their folder is on no search path
 * (e.g. Python wheels' nvidia/<component>/lib folders).
 */
function preloadSiblings(path: string): void {
  const dir = dirname(path);
  const base = basename(path);
  const wanted = base.startsWith('libcublas.') ? /^libcublasLt\.so\.\d+$/ : base.startsWith('libnvrtc.') ? /^libnvrtc-builtins\.so\.\d+\.\d+$/ : null;
  if (!wanted || !existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    if (wanted.test(f)) {
      try {
        koffi.load(join(dir, f));
      } catch {
        // the main library's own load reports what is wrong
      }
    }
  }
}

function optionalFunc(lib: Lib, ...decls: string[]): Fn | undefined {
  for (const d of decls) {
    try {
      return lib.func(d) as Fn;
    } catch {
      // try the next name: older drivers lack the _v2 symbols of newer headers
    }
  }
  return undefined;
}

const CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
const CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
const CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
const CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED = 115;
const CUDA_ERROR_NOT_READY = 600;
const CU_STREAM_NON_BLOCKING = 1;
const MAX_KERNEL_ARGS = 96;
/** Most pinned host memory kept for reuse by asynchronous reads. */
const STAGING_POOL_BYTES = 64 * 1024 * 1024;

/** The CUDA driver API over koffi: one device, its primary context, one non-blocking stream. */
export class KoffiCudaDriver implements CudaDriver {
  readonly kind = 'koffi' as const;
  private readonly f: Record<string, Fn> = {};
  private readonly dev: number;
  private readonly ctx: unknown;
  readonly stream: unknown;
  private readonly info: DeviceInfo;
  private readonly pools: boolean;
  private readonly argValues: unknown;
  private readonly argView: DataView;
  private readonly argPtrs: unknown;
  private readonly modules: unknown[] = [];

  constructor(
    private readonly lib: Lib,
    readonly path: string,
    ordinal = 0,
  ) {
    const decl = (s: string) => {
      const name = /\s(\w+)\(/.exec(s)![1]!;
      this.f[name] = lib.func(s) as Fn;
    };
    decl('int cuInit(unsigned int flags)');
    decl('int cuDriverGetVersion(_Out_ int *v)');
    decl('int cuDeviceGetCount(_Out_ int *n)');
    decl('int cuDeviceGet(_Out_ int *dev, int ordinal)');
    decl('int cuDeviceGetName(_Out_ uint8_t *name, int len, int dev)');
    decl('int cuDeviceGetAttribute(_Out_ int *v, int attr, int dev)');
    decl('int cuDeviceTotalMem_v2(_Out_ size_t *bytes, int dev)');
    decl('int cuDevicePrimaryCtxRetain(_Out_ void **ctx, int dev)');
    decl('int cuDevicePrimaryCtxRelease_v2(int dev)');
    decl('int cuCtxSetCurrent(void *ctx)');
    decl('int cuStreamCreate(_Out_ void **stream, unsigned int flags)');
    decl('int cuStreamSynchronize(void *stream)');
    decl('int cuStreamDestroy_v2(void *stream)');
    decl('int cuMemAlloc_v2(_Out_ uint64_t *ptr, size_t bytes)');
    decl('int cuMemFree_v2(uint64_t ptr)');
    decl('int cuMemcpyHtoDAsync_v2(uint64_t dst, const void *src, size_t bytes, void *stream)');
    decl('int cuMemcpyDtoHAsync_v2(void *dst, uint64_t src, size_t bytes, void *stream)');
    decl('int cuMemcpyDtoDAsync_v2(uint64_t dst, uint64_t src, size_t bytes, void *stream)');
    decl('int cuMemsetD32Async(uint64_t dst, unsigned int value, size_t count, void *stream)');
    decl('int cuMemAllocHost_v2(_Out_ void **p, size_t bytes)');
    decl('int cuMemFreeHost(void *p)');
    decl('int cuModuleLoadData(_Out_ void **module, const void *image)');
    decl('int cuModuleUnload(void *module)');
    decl('int cuModuleGetFunction(_Out_ void **fn, void *module, const char *name)');
    decl('int cuLaunchKernel(void *f, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, void *stream, void *params, void *extra)');
    decl('int cuEventCreate(_Out_ void **ev, unsigned int flags)');
    decl('int cuEventRecord(void *ev, void *stream)');
    decl('int cuEventQuery(void *ev)');
    decl('int cuEventDestroy_v2(void *ev)');
    decl('int cuMemGetInfo_v2(_Out_ size_t *free, _Out_ size_t *total)');
    decl('int cuGetErrorName(int err, _Out_ const char **name)');
    const elapsed = optionalFunc(lib, 'int cuEventElapsedTime_v2(_Out_ float *ms, void *a, void *b)', 'int cuEventElapsedTime(_Out_ float *ms, void *a, void *b)');
    if (!elapsed) throw new CudaUnavailableError(`${path} has neither cuEventElapsedTime_v2 nor cuEventElapsedTime`);
    this.f.cuEventElapsedTime = elapsed;
    const allocAsync = optionalFunc(lib, 'int cuMemAllocAsync(_Out_ uint64_t *ptr, size_t bytes, void *stream)');
    const freeAsync = optionalFunc(lib, 'int cuMemFreeAsync(uint64_t ptr, void *stream)');

    this.check(this.f.cuInit!(0), 'cuInit');
    const count = [0];
    this.check(this.f.cuDeviceGetCount!(count), 'cuDeviceGetCount');
    if (count[0]! <= ordinal) throw new CudaUnavailableError(`${path} loaded, but the driver sees ${count[0]} CUDA device(s) (wanted device ${ordinal})`);
    const dev = [0];
    this.check(this.f.cuDeviceGet!(dev, ordinal), 'cuDeviceGet');
    this.dev = dev[0]!;
    const ctx = [null];
    this.check(this.f.cuDevicePrimaryCtxRetain!(ctx, this.dev), 'cuDevicePrimaryCtxRetain');
    this.ctx = ctx[0];
    this.check(this.f.cuCtxSetCurrent!(this.ctx), 'cuCtxSetCurrent');
    const stream = [null];
    this.check(this.f.cuStreamCreate!(stream, CU_STREAM_NON_BLOCKING), 'cuStreamCreate');
    this.stream = stream[0];

    const attr = (a: number) => {
      const v = [0];
      this.check(this.f.cuDeviceGetAttribute!(v, a, this.dev), `cuDeviceGetAttribute(${a})`);
      return v[0]!;
    };
    const nameBuf = Buffer.alloc(256);
    this.check(this.f.cuDeviceGetName!(nameBuf, 256, this.dev), 'cuDeviceGetName');
    const total = [0];
    this.check(this.f.cuDeviceTotalMem_v2!(total, this.dev), 'cuDeviceTotalMem');
    const ver = [0];
    this.check(this.f.cuDriverGetVersion!(ver), 'cuDriverGetVersion');
    this.info = {
      name: nameBuf.toString('utf8', 0, nameBuf.indexOf(0)),
      computeCapability: [attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR), attr(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)],
      totalBytes: Number(total[0]),
      multiProcessorCount: attr(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
      driverVersion: ver[0]!,
    };
    this.pools = !!allocAsync && !!freeAsync && attr(CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED) === 1;
    if (this.pools) {
      this.f.cuMemAllocAsync = allocAsync!;
      this.f.cuMemFreeAsync = freeAsync!;
      this.keepPoolMemory(lib);
    }
    // Kernel arguments: one 8-byte slot per argument, and an array of pointers to the slots, both
    // allocated once; cuLaunchKernel copies the values at launch, so the slots can be reused at once.
    this.argValues = koffi.alloc('uint64_t', MAX_KERNEL_ARGS);
    this.argView = new DataView(koffi.view(this.argValues, MAX_KERNEL_ARGS * 8));
    this.argPtrs = koffi.alloc('uint64_t', MAX_KERNEL_ARGS);
    const ptrView = new DataView(koffi.view(this.argPtrs, MAX_KERNEL_ARGS * 8));
    const base = koffi.address(this.argValues);
    for (let i = 0; i < MAX_KERNEL_ARGS; i++) ptrView.setBigUint64(i * 8, base + BigInt(i * 8), true);
  }

  /**
   * The default memory pool gives freed memory back to the driver at every synchronisation (release
   * threshold 0), so a training step would pay for its allocations again each time. Keeping it
   * (threshold = max) makes the pool a caching allocator, as PyTorch's is. Best effort: older drivers
   * without these calls simply keep the default.
   */
  private keepPoolMemory(lib: Lib): void {
    const getPool = optionalFunc(lib, 'int cuDeviceGetDefaultMemPool(_Out_ void **pool, int dev)');
    const setAttr = optionalFunc(lib, 'int cuMemPoolSetAttribute(void *pool, int attr, void *value)');
    if (!getPool || !setAttr) return;
    const pool: [unknown] = [null];
    if (getPool(pool, this.dev) !== 0) return;
    const CU_MEMPOOL_ATTR_RELEASE_THRESHOLD = 4;
    setAttr(pool[0], CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, new BigUint64Array([0xffffffffffffffffn]));
  }

  /** True when allocations are stream-ordered (cuMemAllocAsync); false on devices without memory pools. */
  get streamOrderedAllocation(): boolean {
    return this.pools;
  }

  private errorName(code: number): string {
    const out: [string | null] = [null];
    return this.f.cuGetErrorName!(code, out) === 0 && out[0] ? out[0] : `CUresult ${code}`;
  }

  private check(code: number, call: string): void {
    if (code !== 0) throw new Error(`CUDA driver: ${call} failed: ${this.errorName(code)} (${code})`);
  }

  device(): DeviceInfo {
    return { ...this.info, computeCapability: [...this.info.computeCapability] };
  }

  memAlloc(bytes: number): DevicePtr {
    const out = [0];
    if (this.pools) this.check(this.f.cuMemAllocAsync!(out, bytes, this.stream), `cuMemAllocAsync(${bytes} bytes)`);
    else this.check(this.f.cuMemAlloc_v2!(out, bytes), `cuMemAlloc(${bytes} bytes)`);
    return Number(out[0]);
  }

  memFree(ptr: DevicePtr): void {
    if (this.pools) this.check(this.f.cuMemFreeAsync!(ptr, this.stream), 'cuMemFreeAsync');
    else {
      // Without pools a free must not overtake queued kernels that still read the buffer.
      this.synchronize();
      this.check(this.f.cuMemFree_v2!(ptr), 'cuMemFree');
    }
  }

  copyHtoD(dst: DevicePtr, src: ArrayBufferView): void {
    // From pageable memory the driver stages the bytes before returning, so `src` may change after.
    this.check(this.f.cuMemcpyHtoDAsync_v2!(dst, src, src.byteLength, this.stream), `cuMemcpyHtoDAsync(${src.byteLength} bytes)`);
  }

  copyDtoH(dst: ArrayBufferView, src: DevicePtr): void {
    this.check(this.f.cuMemcpyDtoHAsync_v2!(dst, src, dst.byteLength, this.stream), `cuMemcpyDtoHAsync(${dst.byteLength} bytes)`);
    this.synchronize();
  }

  /** Pinned staging buffers by capacity, reused across reads (cuMemAllocHost costs far more than a small copy). */
  private readonly staging = new Map<number, unknown[]>();
  private stagedBytes = 0;

  private acquireStaging(bytes: number): { ptr: unknown; capacity: number } {
    const capacity = Math.max(4096, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
    const free = this.staging.get(capacity);
    if (free && free.length > 0) {
      this.stagedBytes -= capacity;
      return { ptr: free.pop(), capacity };
    }
    const host: [unknown] = [null];
    this.check(this.f.cuMemAllocHost_v2!(host, capacity), `cuMemAllocHost(${capacity} bytes)`);
    return { ptr: host[0], capacity };
  }

  private releaseStaging(s: { ptr: unknown; capacity: number }): void {
    if (this.stagedBytes + s.capacity > STAGING_POOL_BYTES) {
      this.check(this.f.cuMemFreeHost!(s.ptr), 'cuMemFreeHost');
      return;
    }
    let list = this.staging.get(s.capacity);
    if (!list) this.staging.set(s.capacity, (list = []));
    list.push(s.ptr);
    this.stagedBytes += s.capacity;
  }

  copyDtoHAsync(src: DevicePtr, bytes: number): PendingCopy {
    const staged = this.acquireStaging(bytes);
    this.check(this.f.cuMemcpyDtoHAsync_v2!(staged.ptr, src, bytes, this.stream), `cuMemcpyDtoHAsync(${bytes} bytes)`);
    const ev = this.eventCreate();
    this.eventRecord(ev);
    return {
      done: () => this.eventQuery(ev),
      take: () => {
        const out = new Uint8Array(koffi.view(staged.ptr, bytes)).slice();
        this.releaseStaging(staged);
        this.eventDestroy(ev);
        return out;
      },
    };
  }

  copyDtoD(dst: DevicePtr, src: DevicePtr, bytes: number): void {
    this.check(this.f.cuMemcpyDtoDAsync_v2!(dst, src, bytes, this.stream), `cuMemcpyDtoDAsync(${bytes} bytes)`);
  }

  memsetD32(dst: DevicePtr, value: number, count: number): void {
    this.check(this.f.cuMemsetD32Async!(dst, value >>> 0, count, this.stream), 'cuMemsetD32Async');
  }

  loadKernel(image: Uint8Array, name: string): Handle {
    const mod: [unknown] = [null];
    this.check(this.f.cuModuleLoadData!(mod, image), `cuModuleLoadData(${name})`);
    this.modules.push(mod[0]);
    const fn: [unknown] = [null];
    this.check(this.f.cuModuleGetFunction!(fn, mod[0], name), `cuModuleGetFunction(${name})`);
    return fn[0];
  }

  launch(kernel: Handle, grid: [number, number, number], block: [number, number, number], args: readonly KernelArg[]): void {
    if (args.length > MAX_KERNEL_ARGS) throw new Error(`CUDA driver: ${args.length} kernel arguments, more than ${MAX_KERNEL_ARGS}`);
    const v = this.argView;
    args.forEach((a, i) => {
      if ('ptr' in a) v.setBigUint64(i * 8, BigInt(a.ptr), true);
      else if ('i32' in a) v.setInt32(i * 8, a.i32, true);
      else v.setFloat32(i * 8, a.f32, true);
    });
    this.check(this.f.cuLaunchKernel!(kernel, grid[0], grid[1], grid[2], block[0], block[1], block[2], 0, this.stream, this.argPtrs, null), 'cuLaunchKernel');
  }

  eventCreate(): Handle {
    const ev: [unknown] = [null];
    this.check(this.f.cuEventCreate!(ev, 0), 'cuEventCreate');
    return ev[0];
  }

  eventRecord(event: Handle): void {
    this.check(this.f.cuEventRecord!(event, this.stream), 'cuEventRecord');
  }

  eventQuery(event: Handle): boolean {
    const r = this.f.cuEventQuery!(event) as number;
    if (r === CUDA_ERROR_NOT_READY) return false;
    this.check(r, 'cuEventQuery');
    return true;
  }

  eventElapsedMs(start: Handle, end: Handle): number {
    const ms = [0];
    this.check(this.f.cuEventElapsedTime!(ms, start, end), 'cuEventElapsedTime');
    return ms[0]!;
  }

  eventDestroy(event: Handle): void {
    this.check(this.f.cuEventDestroy_v2!(event), 'cuEventDestroy');
  }

  synchronize(): void {
    this.check(this.f.cuStreamSynchronize!(this.stream), 'cuStreamSynchronize');
  }

  memGetInfo(): { freeBytes: number; totalBytes: number } {
    const free = [0];
    const total = [0];
    this.check(this.f.cuMemGetInfo_v2!(free, total), 'cuMemGetInfo');
    return { freeBytes: Number(free[0]), totalBytes: Number(total[0]) };
  }

  dispose(): void {
    this.synchronize();
    for (const list of this.staging.values()) for (const p of list) this.f.cuMemFreeHost!(p);
    this.staging.clear();
    for (const m of this.modules) this.f.cuModuleUnload!(m);
    this.modules.length = 0;
    this.f.cuStreamDestroy_v2!(this.stream);
    this.f.cuDevicePrimaryCtxRelease_v2!(this.dev);
    koffi.free(this.argValues);
    koffi.free(this.argPtrs);
  }
}

/** NVRTC over koffi. */
export class KoffiNvrtc implements Nvrtc {
  private readonly f: Record<string, Fn> = {};
  constructor(
    lib: Lib,
    readonly path: string,
  ) {
    for (const s of [
      'int nvrtcVersion(_Out_ int *major, _Out_ int *minor)',
      'int nvrtcCreateProgram(_Out_ void **prog, const char *src, const char *name, int numHeaders, void *headers, void *includeNames)',
      'int nvrtcCompileProgram(void *prog, int numOptions, const char **options)',
      'int nvrtcGetProgramLogSize(void *prog, _Out_ size_t *size)',
      'int nvrtcGetProgramLog(void *prog, _Out_ uint8_t *log)',
      'int nvrtcGetCUBINSize(void *prog, _Out_ size_t *size)',
      'int nvrtcGetCUBIN(void *prog, _Out_ uint8_t *cubin)',
      'int nvrtcDestroyProgram(_Inout_ void **prog)',
      'const char *nvrtcGetErrorString(int result)',
    ]) {
      this.f[/\s\*?(\w+)\(/.exec(s)![1]!] = lib.func(s) as Fn;
    }
  }
  private check(code: number, call: string, log = ''): void {
    if (code !== 0) throw new Error(`NVRTC: ${call} failed: ${this.f.nvrtcGetErrorString!(code)} (${code})${log ? `\n${log}` : ''}`);
  }
  version(): [number, number] {
    const a = [0];
    const b = [0];
    this.check(this.f.nvrtcVersion!(a, b), 'nvrtcVersion');
    return [a[0]!, b[0]!];
  }
  compile(source: string, fileName: string, arch: string): CompiledKernel {
    const prog: [unknown] = [null];
    this.check(this.f.nvrtcCreateProgram!(prog, source, fileName, 0, null, null), `nvrtcCreateProgram(${fileName})`);
    try {
      const res = this.f.nvrtcCompileProgram!(prog[0], 2, [`--gpu-architecture=${arch}`, '-std=c++17']) as number;
      const size = [0];
      this.check(this.f.nvrtcGetProgramLogSize!(prog[0], size), 'nvrtcGetProgramLogSize');
      const logBuf = Buffer.alloc(Math.max(Number(size[0]), 1));
      this.check(this.f.nvrtcGetProgramLog!(prog[0], logBuf), 'nvrtcGetProgramLog');
      const log = logBuf.toString('utf8').replace(/\0+$/, '');
      this.check(res, `nvrtcCompileProgram(${fileName}, ${arch})`, log);
      this.check(this.f.nvrtcGetCUBINSize!(prog[0], size), 'nvrtcGetCUBINSize');
      const image = new Uint8Array(Number(size[0]));
      this.check(this.f.nvrtcGetCUBIN!(prog[0], image), 'nvrtcGetCUBIN');
      return { image, log };
    } finally {
      this.f.nvrtcDestroyProgram!(prog);
    }
  }
}

/** cuBLAS over koffi, on the driver's stream. */
export class KoffiBlas implements Blas {
  private readonly f: Record<string, Fn> = {};
  private readonly handle: unknown;
  private readonly alpha = new Float32Array(1);
  private readonly beta = new Float32Array(1);
  constructor(
    lib: Lib,
    readonly path: string,
    stream: unknown,
    tf32: boolean,
  ) {
    for (const s of [
      'int cublasCreate_v2(_Out_ void **handle)',
      'int cublasDestroy_v2(void *handle)',
      'int cublasSetStream_v2(void *handle, void *stream)',
      'int cublasGetVersion_v2(void *handle, _Out_ int *version)',
      'int cublasSetMathMode(void *handle, int mode)',
      'int cublasSgemmStridedBatched(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, uint64_t A, int lda, int64_t strideA, uint64_t B, int ldb, int64_t strideB, const float *beta, uint64_t C, int ldc, int64_t strideC, int batchCount)',
    ]) {
      this.f[/\s(\w+)\(/.exec(s)![1]!] = lib.func(s) as Fn;
    }
    const h: [unknown] = [null];
    this.check(this.f.cublasCreate_v2!(h), 'cublasCreate');
    this.handle = h[0];
    this.check(this.f.cublasSetStream_v2!(this.handle, stream), 'cublasSetStream');
    // CUBLAS_TF32_TENSOR_OP_MATH = 3 trades float32's 24-bit mantissa for tensor-core speed (opt-in).
    if (tf32) this.check(this.f.cublasSetMathMode!(this.handle, 3), 'cublasSetMathMode');
  }
  private check(code: number, call: string): void {
    if (code !== 0) throw new Error(`cuBLAS: ${call} failed: cublasStatus_t ${code}`);
  }
  version(): [number, number, number] {
    const v = [0];
    this.check(this.f.cublasGetVersion_v2!(this.handle, v), 'cublasGetVersion');
    const n = v[0]!;
    // cuBLAS 12+ encodes major*10000 + minor*100 + patch.
    return [Math.floor(n / 10000), Math.floor((n % 10000) / 100), n % 100];
  }
  sgemmStridedBatched(g: GemmArgs): void {
    this.alpha[0] = g.alpha;
    this.beta[0] = g.beta;
    this.check(
      this.f.cublasSgemmStridedBatched!(this.handle, g.transA ? 1 : 0, g.transB ? 1 : 0, g.m, g.n, g.k, this.alpha, g.a, g.lda, g.strideA, g.b, g.ldb, g.strideB, this.beta, g.c, g.ldc, g.strideC, g.batch),
      `cublasSgemmStridedBatched(m=${g.m}, n=${g.n}, k=${g.k}, batch=${g.batch})`,
    );
  }
  dispose(): void {
    this.f.cublasDestroy_v2!(this.handle);
  }
}

/** Where each library was loaded from. */
export interface LoadedPaths {
  cuda: string;
  nvrtc: string;
  cublas: string;
}

/**
 * Finds, loads and initialises libcuda, NVRTC and cuBLAS. Throws {@link CudaUnavailableError} naming
 * every library that is missing and where it was looked for, or why the driver refused.
 */
export function loadKoffiLibraries(env: Record<string, string | undefined> = process.env, ordinal = 0): CudaLibraries & { paths: LoadedPaths } {
  const cuda = loadLibrary('cuda', env);
  const nvrtc = loadLibrary('nvrtc', env);
  const cublas = loadLibrary('cublas', env);
  const missing = (
    [
      ['libcuda (the NVIDIA driver)', cuda],
      ['NVRTC', nvrtc],
      ['cuBLAS', cublas],
    ] as const
  )
    .filter(([, r]) => 'error' in r)
    .map(([what, r]) => `${what}: ${(r as { error: string }).error}`);
  if (missing.length > 0) {
    throw new CudaUnavailableError(
      `${missing.join('. ')}. Looked in: ${describePlaces(env)}. Install the NVIDIA driver and the CUDA 12 or 13 libraries (or PyTorch's nvidia-* wheels), or point SINEW_CUDA_LIB_DIR at their folder`,
    );
  }
  const c = cuda as Loaded;
  const n = nvrtc as Loaded;
  const b = cublas as Loaded;
  let driver: KoffiCudaDriver;
  try {
    driver = new KoffiCudaDriver(c.lib, c.path, ordinal);
  } catch (err) {
    if (err instanceof CudaUnavailableError) throw err;
    throw new CudaUnavailableError(`${c.path} loaded, but the driver could not start: ${(err as Error).message}`);
  }
  const tf32 = env.SINEW_CUDA_TF32 === '1';
  return { driver, nvrtc: new KoffiNvrtc(n.lib, n.path), blas: new KoffiBlas(b.lib, b.path, driver.stream, tf32), paths: { cuda: c.path, nvrtc: n.path, cublas: b.path } };
}
