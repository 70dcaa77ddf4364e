import * as tf from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { BINARY_OPS, PRELU_OP, SELECT_OP, UNARY_FLOAT_OPS, batchNormOp, castProgram, elementwiseProgram, type CType, type ElementwiseOp } from '../codegen/elementwise.js';
import { stridesOf } from '../codegen/program.js';
import type { CudaBackend } from '../cuda-backend.js';
import { ctypeOf, input, ptr, type NativeKernel } from './native.js';

/** Input strides for reading `shape` broadcast to `outShape` (0 on broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const k = d - lead;
    return k < 0 || shape[k] === 1 ? 0 : own[k]!;
  });
}

/**
 * Runs an elementwise op over `inputs` broadcast together into a new tensor of `outDtype`.
 * Equal shapes use the flat kernel; others the rank-specialised broadcasting one.
 */
export function runElementwise(
  backend: CudaBackend,
  tag: string,
  op: ElementwiseOp,
  inputs: TensorInfo[],
  outDtype: DataType,
  params: number[] = [],
): TensorInfo {
  let outShape = inputs[0]!.shape;
  for (const t of inputs.slice(1)) outShape = tf.broadcast_util.assertAndGetBroadcastShape(outShape, t.shape);
  const same = inputs.every((t) => tf.util.arraysEqual(t.shape, outShape));
  const rank = same ? 0 : outShape.length;
  const inTypes = inputs.map((t) => ctypeOf(t.dtype)!);
  const outType = ctypeOf(outDtype)!;
  const program = backend.program(`ew:${tag}:${inTypes.join(',')}:${outType}:${rank}:${params.length}`, () =>
    elementwiseProgram({ tag, op, inTypes, outType, params: params.length, rank }),
  );
  const out = backend.makeTensorInfo(outShape.slice(), outDtype);
  const n = tf.util.sizeFromShape(outShape);
  const args = [{ ptr: backend.get(out.dataId).ptr }, ...inputs.map((t) => ptr(backend, t))];
  if (rank > 0) {
    args.push(...outShape.map((s) => ({ i32: s })));
    for (const t of inputs) args.push(...broadcastStrides(t.shape, outShape).map((s) => ({ i32: s })));
  }
  args.push(...params.map((p) => ({ f32: p })));
  backend.launch(program, n, args);
  return out;
}

/** A native float unary kernel from {@link UNARY_FLOAT_OPS}; `params` reads its attributes. */
export function unaryKernel(name: string, params: (attrs: Record<string, unknown>) => number[] = () => []): NativeKernel {
  const op = UNARY_FLOAT_OPS[name]!;
  return (args) => {
    const x = input(args, 'x');
    if (x.dtype !== 'float32') return null;
    return runElementwise(args.backend, `un_${name}`, op, [x], 'float32', params(args.attrs as Record<string, unknown>));
  };
}

/** A native binary kernel from {@link BINARY_OPS}, with broadcasting. */
export function binaryKernel(name: string): NativeKernel {
  const op = BINARY_OPS[name]!;
  return (args) => {
    const a = input(args, 'a');
    const b = input(args, 'b');
    const type = ctypeOf(a.dtype);
    if (type == null || ctypeOf(b.dtype) !== type || !op.types.includes(type)) return null;
    if (a.dtype !== b.dtype) return null;
    const outDtype: DataType = op.out ?? a.dtype;
    if (tf.util.sizeFromShape(a.shape) === 0 || tf.util.sizeFromShape(b.shape) === 0) return null;
    return runElementwise(args.backend, `bin_${name}`, op, [a, b], outDtype);
  };
}


/** Prelu: x < 0 ? alpha * x : x, alpha broadcast. */
export const prelu: NativeKernel = (args) => {
  const x = input(args, 'x');
  const alpha = input(args, 'alpha');
  if (x.dtype !== 'float32' || alpha.dtype !== 'float32') return null;
  return runElementwise(args.backend, 'prelu', PRELU_OP, [x, alpha], 'float32');
};


/** Select (where): condition of the same shape as t and e, or rank 1 over their first dimension. */
export const select: NativeKernel = (args) => {
  const cond = input(args, 'condition');
  const t = input(args, 't');
  const e = input(args, 'e');
  const type = ctypeOf(t.dtype);
  if (type == null || t.dtype !== e.dtype || !tf.util.arraysEqual(t.shape, e.shape)) return null;
  let c = cond;
  if (cond.shape.length === 1 && t.shape.length > 1) {
    // A rank-1 condition picks whole rows: read it as [n, 1, 1, ...] so it broadcasts along the rest.
    c = { ...cond, shape: [cond.shape[0]!, ...t.shape.slice(1).map(() => 1)] };
  } else if (!tf.util.arraysEqual(cond.shape, t.shape)) return null;
  return runElementwise(args.backend, 'select', SELECT_OP, [c, t, e], t.dtype);
};

/** AddN: a chain of native adds (each intermediate freed at once). */
export const addN: NativeKernel = (args) => {
  const xs = Object.values(args.inputs) as TensorInfo[];
  const type = ctypeOf(xs[0]!.dtype);
  if (type == null || xs.some((x) => x.dtype !== xs[0]!.dtype || !tf.util.arraysEqual(x.shape, xs[0]!.shape))) return null;
  if (xs.length === 1) return copyTensor(args.backend, xs[0]!);
  let acc = runElementwise(args.backend, 'bin_Add', BINARY_OPS.Add!, [xs[0]!, xs[1]!], xs[0]!.dtype);
  for (const x of xs.slice(2)) {
    const next = runElementwise(args.backend, 'bin_Add', BINARY_OPS.Add!, [acc, x], xs[0]!.dtype);
    args.backend.disposeIntermediateTensorInfo(acc);
    acc = next;
  }
  return acc;
};

/** A device-to-device copy into a new tensor of the same shape (or `shape`, of equal size). */
export function copyTensor(backend: CudaBackend, x: TensorInfo, shape: number[] = x.shape): TensorInfo {
  const out = backend.makeTensorInfo(shape.slice(), x.dtype);
  const d = backend.get(x.dataId);
  if (d.bytes > 0) backend.libs.driver.copyDtoD(backend.get(out.dataId).ptr, d.ptr, d.bytes);
  return out;
}

/** Cast between float32, int32 and bool (bool and int32 share the int32 device layout). */
export const cast: NativeKernel = (args) => {
  const x = input(args, 'x');
  const dtype = args.attrs.dtype as DataType;
  const from = ctypeOf(x.dtype);
  const toType = ctypeOf(dtype);
  if (from == null || toType == null) return null;
  if (x.dtype === dtype || (x.dtype === 'bool' && dtype === 'int32')) return copyTensor(args.backend, { ...x, dtype });
  const to: CType | 'bool' = dtype === 'bool' ? 'bool' : toType;
  const program = args.backend.program(`cast:${from}:${to}`, () => castProgram(from, to));
  const out = args.backend.makeTensorInfo(x.shape.slice(), dtype);
  args.backend.launch(program, tf.util.sizeFromShape(x.shape), [ptr(args.backend, out), ptr(args.backend, x)]);
  return out;
};

function fillWith(backend: CudaBackend, shape: number[], dtype: DataType, value: number): TensorInfo {
  const out = backend.makeTensorInfo(shape.slice(), dtype);
  const n = tf.util.sizeFromShape(shape);
  const bits = dtype === 'float32' ? new Uint32Array(new Float32Array([value]).buffer)[0]! : (value | 0) >>> 0;
  if (n > 0) backend.libs.driver.memsetD32(backend.get(out.dataId).ptr, bits, n);
  return out;
}

/** Fill: a constant tensor by memset. */
export const fill: NativeKernel = (args) => {
  const dtype = (args.attrs.dtype as DataType) ?? 'float32';
  if (ctypeOf(dtype) == null) return null;
  return fillWith(args.backend, args.attrs.shape as number[], dtype, Number(args.attrs.value));
};

/** ZerosLike / OnesLike. */
export function likeKernel(value: number): NativeKernel {
  return (args) => {
    const x = input(args, 'x');
    if (ctypeOf(x.dtype) == null) return null;
    return fillWith(args.backend, x.shape, x.dtype, value);
  };
}

/** FusedBatchNorm: (x - mean) · scale / sqrt(variance + ε) + offset, every operand broadcast. */
export const fusedBatchNorm: NativeKernel = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo | undefined>;
  const x = input(args, 'x');
  const operands = [x, input(args, 'mean'), input(args, 'variance'), inputs.offset, inputs.scale].filter((t): t is TensorInfo => t != null);
  if (operands.some((t) => t.dtype !== 'float32')) return null;
  const hasOffset = inputs.offset != null;
  const hasScale = inputs.scale != null;
  const eps = (args.attrs.varianceEpsilon as number) ?? 0.001;
  return runElementwise(args.backend, `bn_${hasOffset ? 'o' : ''}${hasScale ? 's' : ''}`, batchNormOp(hasOffset, hasScale), operands, 'float32', [eps]);
};
