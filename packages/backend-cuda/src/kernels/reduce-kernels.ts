import * as tf from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { reduceProgram, softmaxProgram, type ReduceOp } from '../codegen/reduce.js';
import { ctypeOf, input, ptr, type NativeKernel } from './native.js';
import { transposeImpl } from './shape-kernels.js';

/**
 * Reductions: the reduced axes are moved innermost by a transpose when they are not already, then
 * one block per output row reduces a contiguous run.
 */
export function reduceKernel(op: ReduceOp): NativeKernel {
  return (args) => {
    const x = input(args, 'x');
    const { backend } = args;
    const type = ctypeOf(x.dtype);
    if (type == null || tf.util.sizeFromShape(x.shape) === 0 || x.shape.length === 0) return null;
    if ((op === 'Mean' || op === 'Prod') && x.dtype !== 'float32') return null;
    if ((op === 'All' || op === 'Any') && x.dtype !== 'bool') return null;
    const isArg = op === 'ArgMax' || op === 'ArgMin';
    if (op === 'Sum' && x.dtype === 'bool') return null;
    const axes = tf.util.parseAxisParam((isArg ? [args.attrs.axis as number] : ((args.attrs.axis ?? args.attrs.reductionIndices) as number | number[])), x.shape);
    const perm = tf.backend_util.getAxesPermutation(axes, x.shape.length);
    let src: TensorInfo = x;
    let reduceAxes = axes;
    if (perm != null) {
      src = transposeImpl(backend, x, perm);
      reduceAxes = tf.backend_util.getInnerMostAxes(axes.length, x.shape.length);
    }
    const [outShape, reduceShape] = tf.backend_util.computeOutAndReduceShapes(src.shape, reduceAxes);
    const rows = tf.util.sizeFromShape(outShape);
    const size = tf.util.sizeFromShape(reduceShape);
    const outDtype: DataType = isArg ? 'int32' : x.dtype;
    const program = backend.program(`reduce:${op}:${type}`, () => reduceProgram(op, type));
    const shape = !isArg && args.attrs.keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
    const out = backend.makeTensorInfo(shape, outDtype);
    backend.launch(program, rows, [ptr(backend, out), ptr(backend, src), { i32: size }]);
    if (src !== x) backend.disposeIntermediateTensorInfo(src);
    return out;
  };
}

/** Softmax over the last axis (tfjs's only supported `dim`). */
export const softmax: NativeKernel = (args) => {
  const logits = input(args, 'logits');
  const dim = (args.attrs.dim as number) ?? -1;
  const rank = logits.shape.length;
  if (logits.dtype !== 'float32' || rank === 0 || (dim !== -1 && dim !== rank - 1) || tf.util.sizeFromShape(logits.shape) === 0) return null;
  const { backend } = args;
  const size = logits.shape[rank - 1]!;
  const rows = tf.util.sizeFromShape(logits.shape) / size;
  const program = backend.program('softmax', softmaxProgram);
  const out = backend.makeTensorInfo(logits.shape.slice(), 'float32');
  backend.launch(program, rows, [ptr(backend, out), ptr(backend, logits), { i32: size }]);
  return out;
};
