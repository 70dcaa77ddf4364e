import * as tf from '@tensorflow/tfjs-core';
import type { BackendTimingInfo, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { BLOCK, type KernelProgram } from './codegen/program.js';
import type { CudaLibraries, DevicePtr, GemmArgs, KernelArg } from './driver/types.js';
import { KernelCache, type CubinStore } from './kernel-cache.js';

type DataId = object;
type BackendValues = tf.backend_util.BackendValues;

/** What the backend keeps per tensor. */
export interface CudaTensorData {
  dtype: DataType;
  /** Device buffer; 0 for empty tensors and for string tensors, which stay on the host. */
  ptr: DevicePtr;
  /** Bytes of the device buffer. */
  bytes: number;
  /** String tensors only: the values, kept on the host (no kernel reads strings on the device). */
  strings?: BackendValues;
  refCount: number;
}

/** Per tfjs kernel name: how often it ran natively and through the CPU fallback. */
export interface KernelCounts {
  native: number;
  fallback: number;
}

/** Options for {@link CudaBackend}. */
export interface CudaBackendOptions {
  /** Where compiled cubins persist across processes (a disk store in Node); none by default. */
  cubinStore?: CubinStore;
}

/** Bytes per element on the device: float32 and int32 as themselves, bool as int32, complex64 as two floats. */
function elementBytes(dtype: DataType): number {
  return dtype === 'complex64' ? 8 : 4;
}

/**
 * The tfjs `KernelBackend` named 'cuda'. Tensors live in device memory allocated on one stream
 * (stream-ordered, so a free never waits for the GPU); kernels are generated CUDA C compiled by NVRTC,
 * matrix products go to cuBLAS, and every kernel without a native version runs through a CPU fallback.
 * The FFI layer is the {@link CudaLibraries} it is given: the real one, or the mock in tests.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { CudaBackend, createMockLibraries, registerCudaKernels } from '@sinew/backend-cuda';
 * await registerCudaKernels();
 * tf.registerBackend('cuda', () => new CudaBackend(createMockLibraries()));
 * await tf.setBackend('cuda');
 * tf.add([1, 2], [3, 4]).print();
 * ```
 */
export class CudaBackend extends tf.KernelBackend {
  readonly data: tf.DataStorage<CudaTensorData>;
  readonly libs: CudaLibraries;
  readonly kernels: KernelCache;
  /** Native and fallback call counts per tfjs kernel name. */
  readonly kernelCounts = new Map<string, KernelCounts>();
  private readonly programs = new Map<string, KernelProgram>();
  private bytesInUse = 0;
  private disposed = false;

  constructor(libs: CudaLibraries, options: CudaBackendOptions = {}) {
    super();
    this.libs = libs;
    this.data = new tf.DataStorage(this, tf.engine());
    const [maj, min] = libs.driver.device().computeCapability;
    this.kernels = new KernelCache(libs.driver, libs.nvrtc, `sm_${maj}${min}`, options.cubinStore);
  }

  // ---- storage -------------------------------------------------------------------------------

  override write(values: BackendValues | null, shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.store(dataId, values, shape, dtype, 1);
    return dataId;
  }

  override move(dataId: DataId, values: BackendValues | null, shape: number[], dtype: DataType, refCount: number): void {
    this.store(dataId, values, shape, dtype, refCount);
  }

  private store(dataId: DataId, values: BackendValues | null, shape: number[], dtype: DataType, refCount: number): void {
    if (dtype === 'string') {
      this.data.set(dataId, { dtype, ptr: 0, bytes: 0, strings: values ?? [], refCount });
      return;
    }
    const size = tf.util.sizeFromShape(shape);
    const bytes = size * elementBytes(dtype);
    const ptr = bytes > 0 ? this.alloc(bytes) : 0;
    if (values != null && bytes > 0) this.libs.driver.copyHtoD(ptr, toDevice(values, dtype, size));
    this.data.set(dataId, { dtype, ptr, bytes, refCount });
  }

  private alloc(bytes: number): DevicePtr {
    const ptr = this.libs.driver.memAlloc(bytes);
    this.bytesInUse += bytes;
    return ptr;
  }

  /** A new tensor on the device; its contents are uninitialised unless `values` are given. */
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues): TensorInfo {
    const dataId = this.write(values ?? null, shape, dtype);
    return { dataId, shape, dtype };
  }

  /** Releases a tensor a kernel made for its own use. */
  disposeIntermediateTensorInfo(info: TensorInfo): void {
    this.disposeData(info.dataId);
  }

  /** The device record of a tensor, moving it here first when another backend holds it. */
  get(dataId: DataId): CudaTensorData {
    return this.data.get(dataId);
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const d = this.data.get(dataId);
    d.refCount--;
    if (!force && d.refCount > 0) return false;
    if (d.ptr !== 0) {
      this.libs.driver.memFree(d.ptr);
      this.bytesInUse -= d.bytes;
    }
    this.data.delete(dataId);
    return true;
  }

  override readSync(dataId: DataId): BackendValues {
    const d = this.get(dataId);
    if (d.dtype === 'string') return d.strings!;
    const raw = new ArrayBuffer(d.bytes);
    if (d.bytes > 0) {
      this.libs.driver.synchronize();
      this.libs.driver.copyDtoH(new Uint8Array(raw), d.ptr);
    }
    return fromDevice(raw, d.dtype);
  }

  /** Copies to the host without blocking the event loop: queue the copy, then poll its event. */
  override async read(dataId: DataId): Promise<BackendValues> {
    const d = this.get(dataId);
    if (d.dtype === 'string') return d.strings!;
    if (d.bytes === 0) return fromDevice(new ArrayBuffer(0), d.dtype);
    // A dispose while we wait is safe: the free is queued on the stream after this copy.
    const pending = this.libs.driver.copyDtoHAsync(d.ptr, d.bytes);
    let delay = 0;
    while (!pending.done()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay + 1, 4);
    }
    const bytes = pending.take();
    return fromDevice(bytes.slice().buffer, d.dtype);
  }

  override memory(): { unreliable: boolean; reasons: string[]; numBytesInGPU: number; numBytesInGPUFree: number; numBytesInGPUTotal: number } {
    const { freeBytes, totalBytes } = this.libs.driver.memGetInfo();
    return { unreliable: false, reasons: [], numBytesInGPU: this.bytesInUse, numBytesInGPUFree: freeBytes, numBytesInGPUTotal: totalBytes };
  }

  override timerAvailable(): boolean {
    return true;
  }

  /** Times `f` with CUDA events around the work it queues (kernel time, not host time). */
  override async time(f: () => void): Promise<BackendTimingInfo> {
    const drv = this.libs.driver;
    const start = drv.eventCreate();
    const end = drv.eventCreate();
    drv.eventRecord(start);
    f();
    drv.eventRecord(end);
    while (!drv.eventQuery(end)) await new Promise((resolve) => setTimeout(resolve, 0));
    const kernelMs = drv.eventElapsedMs(start, end);
    drv.eventDestroy(start);
    drv.eventDestroy(end);
    return { kernelMs };
  }

  override floatPrecision(): 16 | 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.libs.driver.synchronize();
    this.libs.blas.dispose();
    this.libs.driver.dispose();
  }

  // ---- kernel plumbing -----------------------------------------------------------------------

  /** Counts a native or fallback run of a tfjs kernel (for describe() and tests). */
  count(kernelName: string, how: keyof KernelCounts): void {
    let c = this.kernelCounts.get(kernelName);
    if (!c) this.kernelCounts.set(kernelName, (c = { native: 0, fallback: 0 }));
    c[how]++;
  }

  /** The generated program for `key`, made by `make` once per backend. */
  program(key: string, make: () => KernelProgram): KernelProgram {
    let p = this.programs.get(key);
    if (!p) this.programs.set(key, (p = make()));
    return p;
  }

  /** Every program generated so far (the nvcc test compiles each). */
  generatedPrograms(): KernelProgram[] {
    return [...this.programs.values()];
  }

  /** Launches `program` over `n` work items (elements, or rows for row kernels); `args` follow `n`. */
  launch(program: KernelProgram, n: number, args: readonly KernelArg[]): void {
    if (n === 0) return;
    if (n > 2 ** 31 - 1) throw new Error(`CUDA backend: kernel ${program.name} over ${n} items: more than 2^31 - 1, the limit of this backend's 32-bit indexing`);
    const kernel = this.kernels.get(program);
    const blocks = program.launch === 'rows' ? Math.min(n, 65535) : Math.min(Math.ceil(n / BLOCK), 1 << 20);
    this.libs.driver.launch(kernel, [blocks, 1, 1], [BLOCK, 1, 1], [{ i32: n }, ...args]);
  }

  /**
   * Row-major batched C = op(A)·op(B) through cuBLAS's column-major SGEMM: row-major C is
   * column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, so the operands swap places and no data moves.
   * A is [M, K] (or [K, M] when transA), B is [K, N] (or [N, K]), C is [M, N], each `batch` times.
   */
  gemm(g: {
    a: DevicePtr;
    b: DevicePtr;
    c: DevicePtr;
    m: number;
    n: number;
    k: number;
    transA: boolean;
    transB: boolean;
    batch?: number;
    strideA?: number;
    strideB?: number;
    beta?: number;
  }): void {
    const args: GemmArgs = {
      transA: g.transB,
      transB: g.transA,
      m: g.n,
      n: g.m,
      k: g.k,
      alpha: 1,
      a: g.b,
      lda: g.transB ? g.k : g.n,
      strideA: g.strideB ?? g.k * g.n,
      b: g.a,
      ldb: g.transA ? g.m : g.k,
      strideB: g.strideA ?? g.m * g.k,
      beta: g.beta ?? 0,
      c: g.c,
      ldc: g.n,
      strideC: g.m * g.n,
      batch: g.batch ?? 1,
    };
    this.libs.blas.sgemmStridedBatched(args);
  }
}

/** Host values as the device stores them: float32 as is, int32 and bool as int32, complex64 interleaved. */
function toDevice(values: BackendValues, dtype: DataType, size: number): ArrayBufferView {
  if (dtype === 'float32' || dtype === 'complex64') return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  if (values instanceof Int32Array) return values;
  const out = new Int32Array(size);
  const src = values as ArrayLike<number>;
  for (let i = 0; i < size; i++) out[i] = src[i]!;
  return out;
}

function fromDevice(raw: ArrayBuffer, dtype: DataType): BackendValues {
  if (dtype === 'float32' || dtype === 'complex64') return new Float32Array(raw);
  if (dtype === 'int32') return new Int32Array(raw);
  return Uint8Array.from(new Int32Array(raw));
}
