import type { DataType, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CType } from '../codegen/elementwise.js';
import type { CudaBackend } from '../cuda-backend.js';
import type { KernelArg } from '../driver/types.js';

/** A native kernel's arguments, as tfjs passes them. */
export interface NativeArgs {
  inputs: NamedTensorInfoMap;
  backend: CudaBackend;
  attrs: NamedAttrMap;
}

/**
 * A native CUDA kernel. It returns `null` to decline a call it does not cover (a dtype, a layout, an
 * attribute value), and the CPU fallback runs it instead, so declining is always safe.
 */
export type NativeKernel = (args: NativeArgs) => TensorInfo | TensorInfo[] | null;

/** The device element type of a tfjs dtype, or null for dtypes kernels do not handle (string, complex64). */
export function ctypeOf(dtype: DataType): CType | null {
  if (dtype === 'float32') return 'float';
  if (dtype === 'int32' || dtype === 'bool') return 'int';
  return null;
}

/** A kernel argument holding a device pointer to the tensor's buffer. */
export function ptr(backend: CudaBackend, t: TensorInfo): KernelArg {
  return { ptr: backend.get(t.dataId).ptr };
}

/** Integer kernel arguments. */
export function ints(values: readonly number[]): KernelArg[] {
  return values.map((v) => ({ i32: v }));
}

/** A scalar kernel argument of the given device type. */
export function scalar(type: CType, value: number): KernelArg {
  return type === 'float' ? { f32: value } : { i32: Math.trunc(value) };
}

/** Input `name` of a kernel call; throws naming the kernel when tfjs did not pass it. */
export function input(args: NativeArgs, name: string): TensorInfo {
  const t = (args.inputs as Record<string, TensorInfo | undefined>)[name];
  if (!t) throw new Error(`CUDA backend: kernel input '${name}' is missing`);
  return t;
}
