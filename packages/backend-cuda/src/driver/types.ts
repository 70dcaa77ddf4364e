/**
 * The FFI boundary of the CUDA backend, as interfaces. The backend only ever talks to these, so the
 * same backend code runs over the real libraries (koffi over libcuda, NVRTC and cuBLAS) and over a
 * mock that keeps "device" memory in host memory, which is how it is tested without a GPU.
 */

import type { KernelProgram } from '../codegen/program.js';

/** A device address (CUdeviceptr). Device addresses fit in 53 bits, so a JS number holds them exactly. */
export type DevicePtr = number;

/** An opaque driver handle (CUstream, CUevent, CUmodule, CUfunction). */
export type Handle = unknown;

/** One kernel argument, typed as the kernel's C parameter is. */
export type KernelArg = { ptr: DevicePtr } | { i32: number } | { f32: number };

/** What the device says about itself. */
export interface DeviceInfo {
  /** e.g. 'NVIDIA H100 80GB HBM3'. */
  name: string;
  /** [major, minor], e.g. [9, 0]. */
  computeCapability: [number, number];
  totalBytes: number;
  multiProcessorCount: number;
  /** cuDriverGetVersion, e.g. 13000 for CUDA 13.0. */
  driverVersion: number;
}

/** A device-to-host copy in flight: poll `done()`, then take the bytes. */
export interface PendingCopy {
  /** True once the copy (and all work before it on the stream) has finished; never blocks. */
  done(): boolean;
  /** The copied bytes; call only after `done()` returned true. Releases the staging buffer. */
  take(): Uint8Array;
}

/**
 * The CUDA driver API, the part the backend uses. All copies and allocations are ordered on the
 * backend's one stream; the host-to-device copy returns once the source may be reused.
 */
export interface CudaDriver {
  /** 'koffi' for the real driver, 'mock' for the host-memory stand-in. */
  readonly kind: 'koffi' | 'mock';
  device(): DeviceInfo;
  /** Stream-ordered allocation (cuMemAllocAsync): usable by work queued after it. */
  memAlloc(bytes: number): DevicePtr;
  /** Stream-ordered free (cuMemFreeAsync): work queued before it may still read the memory. */
  memFree(ptr: DevicePtr): void;
  copyHtoD(dst: DevicePtr, src: ArrayBufferView): void;
  /** Blocking copy to the host, after all queued work. */
  copyDtoH(dst: ArrayBufferView, src: DevicePtr): void;
  /** Non-blocking copy to a staging buffer, with an event recorded after it. */
  copyDtoHAsync(src: DevicePtr, bytes: number): PendingCopy;
  copyDtoD(dst: DevicePtr, src: DevicePtr, bytes: number): void;
  /** Fills `count` 32-bit words with the bit pattern `value` (cuMemsetD32Async). */
  memsetD32(dst: DevicePtr, value: number, count: number): void;
  /** Loads a compiled image (a cubin) and returns the named kernel; `program` is the generated source, for drivers that emulate. */
  loadKernel(image: Uint8Array, name: string, program?: KernelProgram): Handle;
  launch(kernel: Handle, grid: [number, number, number], block: [number, number, number], args: readonly KernelArg[]): void;
  eventCreate(): Handle;
  eventRecord(event: Handle): void;
  /** True once the event has completed; never blocks. */
  eventQuery(event: Handle): boolean;
  /** Milliseconds between two completed events. */
  eventElapsedMs(start: Handle, end: Handle): number;
  eventDestroy(event: Handle): void;
  synchronize(): void;
  /** cuMemGetInfo. */
  memGetInfo(): { freeBytes: number; totalBytes: number };
  dispose(): void;
}

/** The result of compiling one CUDA C source. */
export interface CompiledKernel {
  image: Uint8Array;
  log: string;
}

/** NVRTC: CUDA C source to a cubin for one architecture. */
export interface Nvrtc {
  /** [major, minor] of NVRTC itself, e.g. [13, 0]. */
  version(): [number, number];
  /** Compiles `source` for `arch` (e.g. 'sm_90'); throws with the compiler log on error. */
  compile(source: string, fileName: string, arch: string): CompiledKernel;
}

/** A strided batched single-precision GEMM in cuBLAS's column-major terms. */
export interface GemmArgs {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: DevicePtr;
  lda: number;
  strideA: number;
  b: DevicePtr;
  ldb: number;
  strideB: number;
  beta: number;
  c: DevicePtr;
  ldc: number;
  strideC: number;
  batch: number;
}

/** cuBLAS, the part the backend uses; runs on the driver's stream. */
export interface Blas {
  /** [major, minor, patch] of cuBLAS. */
  version(): [number, number, number];
  /** cublasSgemmStridedBatched, column-major. */
  sgemmStridedBatched(args: GemmArgs): void;
  dispose(): void;
}

/** The three libraries together, as the backend receives them. */
export interface CudaLibraries {
  driver: CudaDriver;
  nvrtc: Nvrtc;
  blas: Blas;
}
