import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { BINARY_OPS, PRELU_OP, UNARY_FLOAT_OPS } from '../codegen/elementwise.js';
import type { CudaBackend } from '../cuda-backend.js';
import { runElementwise } from './elementwise-kernels.js';
import { input, type NativeArgs, type NativeKernel } from './native.js';

/**
 * [..batch, M, N] = op(a)·op(b) through one strided batched cuBLAS SGEMM. Batch dimensions
 * broadcast when one side's batch is 1 (stride 0); other broadcasts decline to the CPU fallback.
 */
export function batchMatMulImpl(backend: CudaBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kb) {
    throw new Error(`CUDA backend: BatchMatMul: inner dimensions differ: a [${a.shape}] (transposeA=${transposeA}) and b [${b.shape}] (transposeB=${transposeB})`);
  }
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (tf.util.sizeFromShape(outBatch) !== Math.max(batchA, batchB)) return null;
  const out = backend.makeTensorInfo([...outBatch, m, n], 'float32');
  if (m * n === 0 || Math.max(batchA, batchB) === 0) return out;
  const c = backend.get(out.dataId).ptr;
  if (k === 0) {
    backend.libs.driver.memsetD32(c, 0, m * n * Math.max(batchA, batchB));
    return out;
  }
  backend.gemm({
    a: backend.get(a.dataId).ptr,
    b: backend.get(b.dataId).ptr,
    c,
    m,
    n,
    k,
    transA: transposeA,
    transB: transposeB,
    batch: Math.max(batchA, batchB),
    strideA: batchA === 1 ? 0 : m * k,
    strideB: batchB === 1 ? 0 : k * n,
  });
  return out;
}

export const batchMatMul: NativeKernel = (args) =>
  batchMatMulImpl(args.backend, input(args, 'a'), input(args, 'b'), !!args.attrs.transposeA, !!args.attrs.transposeB);

/** Applies a fused activation in place of `x` (returning a new tensor and freeing `x`), or null if unknown. */
export function applyActivation(backend: CudaBackend, x: TensorInfo, activation: string, alpha: number, prelu?: TensorInfo): TensorInfo | null {
  const table: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu' };
  if (activation === 'linear') return x;
  let y: TensorInfo;
  if (activation === 'prelu') {
    if (!prelu) return null;
    y = runElementwise(backend, 'prelu', PRELU_OP, [x, prelu], 'float32');
  } else {
    const name = table[activation];
    if (!name) return null;
    y = runElementwise(backend, `un_${name}`, UNARY_FLOAT_OPS[name]!, [x], 'float32', name === 'LeakyRelu' ? [alpha] : []);
  }
  backend.disposeIntermediateTensorInfo(x);
  return y;
}

/** _FusedMatMul: cuBLAS product, then bias and activation as elementwise kernels. */
export const fusedMatMul: NativeKernel = (args: NativeArgs) => {
  const { backend } = args;
  const a = input(args, 'a');
  const b = input(args, 'b');
  const inputs = args.inputs as Record<string, TensorInfo | undefined>;
  const bias = inputs.bias;
  const preluW = inputs.preluActivationWeights;
  const activation = (args.attrs.activation as string) ?? 'linear';
  const known = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'];
  if (!known.includes(activation) || (bias && bias.dtype !== 'float32') || (preluW && preluW.dtype !== 'float32')) return null;
  let y = batchMatMulImpl(backend, a, b, !!args.attrs.transposeA, !!args.attrs.transposeB);
  if (!y) return null;
  if (bias) {
    const z = runElementwise(backend, 'bin_Add', BINARY_OPS.Add!, [y, bias], 'float32');
    backend.disposeIntermediateTensorInfo(y);
    y = z;
  }
  return applyActivation(backend, y, activation, (args.attrs.leakyreluAlpha as number) ?? 0.2, preluW);
};
