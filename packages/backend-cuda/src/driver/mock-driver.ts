import type { KernelProgram, HostMemory } from '../codegen/program.js';
import type { Blas, CompiledKernel, CudaDriver, CudaLibraries, DeviceInfo, DevicePtr, GemmArgs, Handle, KernelArg, Nvrtc, PendingCopy } from './types.js';

interface Allocation {
  bytes: number;
  buffer: ArrayBuffer;
}

interface MockKernel {
  name: string;
  program: KernelProgram;
}

interface MockEvent {
  at: number;
  /** eventQuery answers false this many more times, so callers must really poll. */
  pendingPolls: number;
}

/** What the mock saw, for tests to assert on. */
export interface MockStats {
  /** Launches per kernel name. */
  launches: Map<string, number>;
  gemms: number;
  allocations: number;
  frees: number;
  bytesHtoD: number;
  bytesDtoH: number;
  eventPolls: number;
}

const ALIGN = 256;

/**
 * A CUDA driver that keeps device memory in host memory and "runs" a kernel by running the JS
 * reference of its generated program. It checks what a real device would punish: use of freed or
 * unallocated memory, double frees, copies past the end of an allocation, and loading a kernel that
 * was not compiled first.
 *
 * @example
 * ```ts
 * const driver = new MockCudaDriver();
 * const p = driver.memAlloc(16);
 * driver.copyHtoD(p, new Float32Array([1, 2, 3, 4]));
 * const out = new Float32Array(4);
 * driver.copyDtoH(out, p);
 * driver.memFree(p);
 * ```
 */
export class MockCudaDriver implements CudaDriver, HostMemory {
  readonly kind = 'mock' as const;
  readonly stats: MockStats = { launches: new Map(), gemms: 0, allocations: 0, frees: 0, bytesHtoD: 0, bytesDtoH: 0, eventPolls: 0 };
  private readonly allocations = new Map<DevicePtr, Allocation>();
  private next = 0x1000_0000;
  private used = 0;

  constructor(
    private readonly info: DeviceInfo = {
      name: 'Mock CUDA device (host memory)',
      computeCapability: [9, 0],
      totalBytes: 1 << 30,
      multiProcessorCount: 1,
      driverVersion: 13000,
    },
  ) {}

  device(): DeviceInfo {
    return { ...this.info };
  }

  /** Bytes currently allocated. */
  get usedBytes(): number {
    return this.used;
  }

  /** Number of live allocations. */
  get liveAllocations(): number {
    return this.allocations.size;
  }

  memAlloc(bytes: number): DevicePtr {
    if (!(bytes > 0)) throw new Error(`MockCudaDriver.memAlloc: bytes must be positive, received ${bytes}`);
    if (this.used + bytes > this.info.totalBytes) {
      throw new Error(`MockCudaDriver.memAlloc: out of memory (CUDA_ERROR_OUT_OF_MEMORY): ${bytes} bytes requested, ${this.info.totalBytes - this.used} free`);
    }
    const ptr = this.next;
    this.next += Math.ceil(bytes / ALIGN) * ALIGN;
    this.allocations.set(ptr, { bytes, buffer: new ArrayBuffer(Math.ceil(bytes / 4) * 4) });
    this.used += bytes;
    this.stats.allocations++;
    return ptr;
  }

  memFree(ptr: DevicePtr): void {
    const a = this.allocations.get(ptr);
    if (!a) throw new Error(`MockCudaDriver.memFree: 0x${ptr.toString(16)} is not a live allocation (double free?)`);
    this.allocations.delete(ptr);
    this.used -= a.bytes;
    this.stats.frees++;
  }

  /** The allocation holding `ptr` and the byte offset into it; throws on a dangling pointer. */
  private resolve(ptr: DevicePtr, bytes: number, what: string): { a: Allocation; offset: number } {
    for (const [base, a] of this.allocations) {
      if (ptr >= base && ptr < base + Math.max(a.bytes, 1)) {
        const offset = ptr - base;
        if (offset + bytes > a.bytes) {
          throw new Error(`MockCudaDriver.${what}: ${bytes} bytes at 0x${ptr.toString(16)} run past the end of a ${a.bytes}-byte allocation`);
        }
        return { a, offset };
      }
    }
    throw new Error(`MockCudaDriver.${what}: 0x${ptr.toString(16)} is not inside any live allocation (use after free?)`);
  }

  private bytesAt(ptr: DevicePtr, bytes: number, what: string): Uint8Array {
    const { a, offset } = this.resolve(ptr, bytes, what);
    return new Uint8Array(a.buffer, offset, bytes);
  }

  f32(ptr: DevicePtr): Float32Array {
    const { a, offset } = this.resolve(ptr, 0, 'kernel');
    return new Float32Array(a.buffer, offset, (a.buffer.byteLength - offset) >> 2);
  }

  i32(ptr: DevicePtr): Int32Array {
    const { a, offset } = this.resolve(ptr, 0, 'kernel');
    return new Int32Array(a.buffer, offset, (a.buffer.byteLength - offset) >> 2);
  }

  copyHtoD(dst: DevicePtr, src: ArrayBufferView): void {
    this.bytesAt(dst, src.byteLength, 'copyHtoD').set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
    this.stats.bytesHtoD += src.byteLength;
  }

  copyDtoH(dst: ArrayBufferView, src: DevicePtr): void {
    new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(this.bytesAt(src, dst.byteLength, 'copyDtoH'));
    this.stats.bytesDtoH += dst.byteLength;
  }

  copyDtoHAsync(src: DevicePtr, bytes: number): PendingCopy {
    const staged = this.bytesAt(src, bytes, 'copyDtoHAsync').slice();
    this.stats.bytesDtoH += bytes;
    const ev = this.eventCreate();
    this.eventRecord(ev);
    let taken = false;
    return {
      done: () => this.eventQuery(ev),
      take: () => {
        if (taken) throw new Error('MockCudaDriver.copyDtoHAsync: take() called twice');
        if (!this.eventQuery(ev)) throw new Error('MockCudaDriver.copyDtoHAsync: take() before done()');
        taken = true;
        this.eventDestroy(ev);
        return staged;
      },
    };
  }

  copyDtoD(dst: DevicePtr, src: DevicePtr, bytes: number): void {
    if (bytes === 0) return;
    this.bytesAt(dst, bytes, 'copyDtoD').set(this.bytesAt(src, bytes, 'copyDtoD'));
  }

  memsetD32(dst: DevicePtr, value: number, count: number): void {
    if (count === 0) return;
    const { a, offset } = this.resolve(dst, count * 4, 'memsetD32');
    new Uint32Array(a.buffer, offset, count).fill(value >>> 0);
  }

  loadKernel(image: Uint8Array, name: string, program?: KernelProgram): Handle {
    const source = new TextDecoder().decode(image);
    if (!program || program.name !== name || !source.includes(`void ${name}(`)) {
      throw new Error(`MockCudaDriver.loadKernel: no kernel '${name}' in the image (CUDA_ERROR_NOT_FOUND)`);
    }
    return { name, program } satisfies MockKernel;
  }

  launch(kernel: Handle, grid: [number, number, number], block: [number, number, number], args: readonly KernelArg[]): void {
    const k = kernel as MockKernel;
    if (grid.some((g) => !(g >= 1)) || block.some((b) => !(b >= 1)) || block[0] * block[1] * block[2] > 1024) {
      throw new Error(`MockCudaDriver.launch: invalid launch of ${k.name}: grid ${grid}, block ${block}`);
    }
    for (const a of args) if ('i32' in a && (!Number.isInteger(a.i32) || a.i32 > 2 ** 31 - 1 || a.i32 < -(2 ** 31))) {
      throw new Error(`MockCudaDriver.launch: ${k.name}: int argument ${a.i32} does not fit in 32 bits`);
    }
    k.program.reference(args, this);
    this.stats.launches.set(k.name, (this.stats.launches.get(k.name) ?? 0) + 1);
  }

  eventCreate(): Handle {
    return { at: 0, pendingPolls: 0 } satisfies MockEvent;
  }

  eventRecord(event: Handle): void {
    const e = event as MockEvent;
    e.at = performance.now();
    e.pendingPolls = 1;
  }

  eventQuery(event: Handle): boolean {
    const e = event as MockEvent;
    this.stats.eventPolls++;
    if (e.pendingPolls > 0) {
      e.pendingPolls--;
      return false;
    }
    return true;
  }

  eventElapsedMs(start: Handle, end: Handle): number {
    return (end as MockEvent).at - (start as MockEvent).at;
  }

  eventDestroy(_event: Handle): void {}

  synchronize(): void {}

  memGetInfo(): { freeBytes: number; totalBytes: number } {
    return { freeBytes: this.info.totalBytes - this.used, totalBytes: this.info.totalBytes };
  }

  dispose(): void {
    this.allocations.clear();
    this.used = 0;
  }
}

/**
 * NVRTC stand-in: "compiles" by checking the kernel is declared, and returns the source as the image.
 *
 * @example
 * ```ts
 * import { MockNvrtc } from '@sinew/backend-cuda';
 * const { image } = new MockNvrtc().compile('extern "C" __global__ void k() {}', 'k.cu', 'sm_90');
 * console.log(image.length > 0);
 * ```
 */
export class MockNvrtc implements Nvrtc {
  compiled = 0;
  version(): [number, number] {
    return [13, 0];
  }
  compile(source: string, fileName: string, arch: string): CompiledKernel {
    if (!/^sm_\d+a?$/.test(arch)) throw new Error(`MockNvrtc.compile(${fileName}): invalid arch '${arch}'`);
    if (!/extern "C" __global__ void \w+\(/.test(source)) throw new Error(`MockNvrtc.compile(${fileName}): no extern "C" __global__ kernel in the source`);
    this.compiled++;
    return { image: new TextEncoder().encode(source), log: '' };
  }
}

/**
 * cuBLAS stand-in: a plain column-major strided batched SGEMM over the mock's memory, written from
 * cuBLAS's documented semantics, so the backend's row-major to column-major mapping is tested.
 *
 * @example
 * ```ts
 * import { MockBlas, MockCudaDriver } from '@sinew/backend-cuda';
 * const d = new MockCudaDriver();
 * const [a, b, c] = [d.memAlloc(16), d.memAlloc(16), d.memAlloc(16)];
 * d.copyHtoD(a, new Float32Array([1, 2, 3, 4]));
 * d.copyHtoD(b, new Float32Array([1, 0, 0, 1]));
 * new MockBlas(d).sgemmStridedBatched({ transA: false, transB: false, m: 2, n: 2, k: 2, alpha: 1, a, lda: 2, strideA: 0, b, ldb: 2, strideB: 0, beta: 0, c, ldc: 2, strideC: 0, batch: 1 });
 * ```
 */
export class MockBlas implements Blas {
  constructor(private readonly driver: MockCudaDriver) {}
  version(): [number, number, number] {
    return [13, 0, 0];
  }
  sgemmStridedBatched(g: GemmArgs): void {
    const A = this.driver.f32(g.a);
    const B = this.driver.f32(g.b);
    const C = this.driver.f32(g.c);
    for (let p = 0; p < g.batch; p++) {
      const a0 = p * g.strideA;
      const b0 = p * g.strideB;
      const c0 = p * g.strideC;
      for (let j = 0; j < g.n; j++) {
        for (let i = 0; i < g.m; i++) {
          let acc = 0;
          for (let l = 0; l < g.k; l++) {
            // op(A)[i, l] and op(B)[l, j], column-major with leading dimensions.
            const av = g.transA ? A[a0 + l + i * g.lda]! : A[a0 + i + l * g.lda]!;
            const bv = g.transB ? B[b0 + j + l * g.ldb]! : B[b0 + l + j * g.ldb]!;
            acc += av * bv;
          }
          const ci = c0 + i + j * g.ldc;
          C[ci] = g.alpha * acc + (g.beta === 0 ? 0 : g.beta * C[ci]!);
        }
      }
    }
    this.driver.stats.gemms++;
  }
  dispose(): void {}
}

/**
 * The three mock libraries together, ready for `new CudaBackend(createMockLibraries())`.
 *
 * @example
 * ```ts
 * const libs = createMockLibraries();
 * console.log(libs.driver.device().name);
 * ```
 */
export function createMockLibraries(info?: DeviceInfo): CudaLibraries & { driver: MockCudaDriver; nvrtc: MockNvrtc; blas: MockBlas } {
  const driver = new MockCudaDriver(info);
  return { driver, nvrtc: new MockNvrtc(), blas: new MockBlas(driver) };
}
