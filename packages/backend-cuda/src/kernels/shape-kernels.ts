import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { CType } from '../codegen/elementwise.js';
import { gatherProgram, gatherStridedProgram, oneHotProgram, padTileProgram, scatterStridedProgram, segmentSumProgram } from '../codegen/indexing.js';
import { stridesOf } from '../codegen/program.js';
import type { CudaBackend } from '../cuda-backend.js';
import { copyTensor } from './elementwise-kernels.js';
import { ctypeOf, input, ints, ptr, scalar, type NativeKernel } from './native.js';

/** Reshape, Identity and ExpandDims share the buffer: a new reference to the same dataId. */
export function alias(backend: CudaBackend, x: TensorInfo, shape: number[]): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

export const reshape: NativeKernel = (args) => {
  const x = input(args, 'x');
  const shape = tf.util.inferFromImplicitShape(args.attrs.shape as number[], tf.util.sizeFromShape(x.shape));
  if (tf.util.sizeFromShape(shape) !== tf.util.sizeFromShape(x.shape)) {
    throw new Error(`CUDA backend: Reshape: cannot reshape [${x.shape}] (${tf.util.sizeFromShape(x.shape)} elements) to [${shape}]`);
  }
  return alias(args.backend, x, shape);
};

export const identity: NativeKernel = (args) => {
  const x = input(args, 'x');
  return alias(args.backend, x, x.shape);
};

export const expandDims: NativeKernel = (args) => {
  const x = input(args, 'input');
  let dim = args.attrs.dim as number;
  if (dim < 0) dim = x.shape.length + 1 + dim;
  const shape = x.shape.slice();
  shape.splice(dim, 0, 1);
  return alias(args.backend, x, shape);
};

/** Launches the strided gather: out[i] = x[base + offset(i; shape, strides)]. */
export function gatherStrided(backend: CudaBackend, x: TensorInfo, outShape: number[], base: number, strides: number[]): TensorInfo {
  const type = ctypeOf(x.dtype)!;
  const rank = outShape.length;
  const program = backend.program(`gs:${type}:${rank}`, () => gatherStridedProgram(type, rank));
  const out = backend.makeTensorInfo(outShape.slice(), x.dtype);
  backend.launch(program, tf.util.sizeFromShape(outShape), [ptr(backend, out), ptr(backend, x), { i32: base }, ...ints(outShape), ...ints(strides)]);
  return out;
}

/** Transpose by permuted strides (no data is moved twice). */
export function transposeImpl(backend: CudaBackend, x: TensorInfo, perm: number[]): TensorInfo {
  const inStrides = stridesOf(x.shape);
  const outShape = perm.map((p) => x.shape[p]!);
  if (perm.every((p, i) => p === i)) return copyTensor(backend, x);
  return gatherStrided(backend, x, outShape, 0, perm.map((p) => inStrides[p]!));
}

export const transpose: NativeKernel = (args) => {
  const x = input(args, 'x');
  if (ctypeOf(x.dtype) == null || tf.util.sizeFromShape(x.shape) === 0) return null;
  return transposeImpl(args.backend, x, args.attrs.perm as number[]);
};

export const slice: NativeKernel = (args) => {
  const x = input(args, 'x');
  if (ctypeOf(x.dtype) == null) return null;
  const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs.begin as number[], args.attrs.size as number[]) as [number[], number[]];
  if (tf.util.sizeFromShape(size) === 0) return args.backend.makeTensorInfo(size, x.dtype);
  const strides = stridesOf(x.shape);
  const base = begin.reduce((acc, b, d) => acc + b * strides[d]!, 0);
  return gatherStrided(args.backend, x, size, base, strides);
};

export const concat: NativeKernel = (args) => {
  const all = Object.values(args.inputs) as TensorInfo[];
  const dtype = all[0]!.dtype;
  if (ctypeOf(dtype) == null || all.some((t) => t.dtype !== dtype)) return null;
  const axis = tf.util.parseAxisParam(args.attrs.axis as number, all[0]!.shape)[0]!;
  const outShape = tf.backend_util.computeOutShape(all.map((t) => t.shape), axis);
  const xs = all.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
  const { backend } = args;
  const out = backend.makeTensorInfo(outShape, dtype);
  const type = ctypeOf(dtype)!;
  const rank = outShape.length;
  const outStrides = stridesOf(outShape);
  const program = backend.program(`ss:${type}:${rank}`, () => scatterStridedProgram(type, rank));
  let offset = 0;
  for (const x of xs) {
    backend.launch(program, tf.util.sizeFromShape(x.shape), [ptr(backend, out), ptr(backend, x), { i32: offset * outStrides[axis]! }, ...ints(x.shape), ...ints(outStrides)]);
    offset += x.shape[axis]!;
  }
  return out;
};

function padOrTile(backend: CudaBackend, x: TensorInfo, outShape: number[], before: number[], value: number, mode: 'pad' | 'tile'): TensorInfo {
  const type = ctypeOf(x.dtype)!;
  const rank = outShape.length;
  const program = backend.program(`${mode}:${type}:${rank}`, () => padTileProgram(type, rank, mode));
  const out = backend.makeTensorInfo(outShape, x.dtype);
  backend.launch(program, tf.util.sizeFromShape(outShape), [ptr(backend, out), ptr(backend, x), ...ints(outShape), ...ints(x.shape), ...ints(before), scalar(type, value)]);
  return out;
}

export const padV2: NativeKernel = (args) => {
  const x = input(args, 'x');
  if (ctypeOf(x.dtype) == null || x.shape.length === 0 || tf.util.sizeFromShape(x.shape) === 0) return null;
  const paddings = args.attrs.paddings as Array<[number, number]>;
  const outShape = paddings.map((p, d) => p[0] + x.shape[d]! + p[1]);
  return padOrTile(args.backend, x, outShape, paddings.map((p) => p[0]), Number(args.attrs.constantValue ?? 0), 'pad');
};

export const tile: NativeKernel = (args) => {
  const x = input(args, 'x');
  if (ctypeOf(x.dtype) == null || x.shape.length === 0 || tf.util.sizeFromShape(x.shape) === 0) return null;
  const reps = args.attrs.reps as number[];
  const outShape = x.shape.map((s, d) => s * reps[d]!);
  return padOrTile(args.backend, x, outShape, x.shape.map(() => 0), 0, 'tile');
};

export const gatherV2: NativeKernel = (args) => {
  const x = input(args, 'x');
  const indices = input(args, 'indices');
  const type = ctypeOf(x.dtype);
  if (type == null || indices.dtype !== 'int32' || ((args.attrs.batchDims as number) ?? 0) !== 0) return null;
  const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0]!;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
  const axisSize = x.shape[axis]!;
  const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
  const count = tf.util.sizeFromShape(indices.shape);
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  if (outer * count * inner === 0) return null;
  const { backend } = args;
  const program = backend.program(`gather:${type}`, () => gatherProgram(type));
  const out = backend.makeTensorInfo(outShape, x.dtype);
  backend.launch(program, outer * count * inner, [ptr(backend, out), ptr(backend, x), ptr(backend, indices), ...ints([axisSize, count, inner])]);
  return out;
};

export const oneHot: NativeKernel = (args) => {
  const indices = input(args, 'indices');
  const { depth, onValue, offValue } = args.attrs as { depth: number; onValue: number; offValue: number };
  const dtype = (args.attrs.dtype as tf.DataType) ?? 'int32';
  const type = ctypeOf(dtype);
  if (type == null || indices.dtype !== 'int32' || depth <= 0 || tf.util.sizeFromShape(indices.shape) === 0) return null;
  const { backend } = args;
  const program = backend.program(`onehot:${type}`, () => oneHotProgram(type));
  const out = backend.makeTensorInfo([...indices.shape, depth], dtype);
  backend.launch(program, tf.util.sizeFromShape(indices.shape) * depth, [ptr(backend, out), ptr(backend, indices), { i32: depth }, scalar(type, onValue), scalar(type, offValue)]);
  return out;
};

export const unsortedSegmentSum: NativeKernel = (args) => {
  const x = input(args, 'x');
  const ids = input(args, 'segmentIds');
  const numSegments = args.attrs.numSegments as number;
  const type: CType | null = ctypeOf(x.dtype);
  if (type == null || x.dtype === 'bool' || ids.dtype !== 'int32' || ids.shape.length !== 1 || ids.shape[0] !== x.shape[0]) return null;
  const inner = tf.util.sizeFromShape(x.shape.slice(1));
  const outShape = [numSegments, ...x.shape.slice(1)];
  const { backend } = args;
  const out = backend.makeTensorInfo(outShape, x.dtype);
  const n = tf.util.sizeFromShape(outShape);
  if (n > 0) backend.libs.driver.memsetD32(backend.get(out.dataId).ptr, 0, n);
  const program = backend.program(`segsum:${type}`, () => segmentSumProgram(type));
  backend.launch(program, tf.util.sizeFromShape(x.shape), [ptr(backend, out), ptr(backend, x), ptr(backend, ids), ...ints([inner, numSegments])]);
  return out;
};

/** Pack (tf.stack): each input read as if it had a 1 inserted at `axis`, then concatenated there. */
export const pack: NativeKernel = (args) => {
  const xs = Object.values(args.inputs) as TensorInfo[];
  const first = xs[0]!;
  if (ctypeOf(first.dtype) == null || xs.some((x) => x.dtype !== first.dtype || !tf.util.arraysEqual(x.shape, first.shape))) return null;
  let axis = args.attrs.axis as number;
  if (axis < 0) axis += first.shape.length + 1;
  const expanded = [...first.shape.slice(0, axis), 1, ...first.shape.slice(axis)];
  if (xs.length === 1) return alias(args.backend, first, expanded);
  return concat({ ...args, inputs: xs.map((x) => ({ ...x, shape: expanded })) as unknown as tf.NamedTensorInfoMap, attrs: { axis } });
};

/** Unpack (tf.unstack): one strided gather per slice along `axis`. */
export const unpack: NativeKernel = (args) => {
  const x = input(args, 'value');
  if (ctypeOf(x.dtype) == null || tf.util.sizeFromShape(x.shape) === 0) return null;
  let axis = args.attrs.axis as number;
  if (axis < 0) axis += x.shape.length;
  const strides = stridesOf(x.shape);
  const outShape = x.shape.filter((_, d) => d !== axis);
  const outStrides = strides.filter((_, d) => d !== axis);
  return Array.from({ length: x.shape[axis]! }, (_, i) => gatherStrided(args.backend, x, outShape, i * strides[axis]!, outStrides));
};
