import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { BINARY_OPS, UNARY_FLOAT_OPS } from '../codegen/elementwise.js';
import type { CudaBackend } from '../cuda-backend.js';
import { loadCpuBackend, runOnCpu } from '../fallback.js';
import { conv2D, conv2DBackpropFilter, conv2DBackpropInput, depthwiseConv2d, depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput, fusedConv2D, pool, poolGrad } from './conv-kernels.js';
import { addN, binaryKernel, cast, fill, fusedBatchNorm, likeKernel, prelu, select, unaryKernel } from './elementwise-kernels.js';
import { batchMatMul, fusedMatMul } from './matmul-kernels.js';
import type { NativeKernel } from './native.js';
import { reduceKernel, softmax } from './reduce-kernels.js';
import { concat, expandDims, gatherV2, identity, oneHot, pack, padV2, reshape, slice, tile, transpose, unpack, unsortedSegmentSum } from './shape-kernels.js';

/**
 * Every native CUDA kernel, by tfjs kernel name. A native kernel may decline a call (returning null)
 * and the CPU fallback runs it instead.
 *
 * @example
 * ```ts
 * import { NATIVE_KERNELS } from '@sinew/backend-cuda';
 * console.log('Conv2D' in NATIVE_KERNELS); // true
 * ```
 */
export const NATIVE_KERNELS: Readonly<Record<string, NativeKernel>> = (() => {
  const table: Record<string, NativeKernel> = {};
  const unaryParams: Record<string, (attrs: Record<string, unknown>) => number[]> = {
    LeakyRelu: (a) => [Number(a.alpha ?? 0.2)],
    Step: (a) => [Number(a.alpha ?? 0)],
    ClipByValue: (a) => [Number(a.clipValueMin), Number(a.clipValueMax)],
  };
  for (const name of Object.keys(UNARY_FLOAT_OPS)) table[name] = unaryKernel(name, unaryParams[name]);
  for (const name of Object.keys(BINARY_OPS)) table[name] = binaryKernel(name);
  Object.assign(table, {
    Prelu: prelu,
    Select: select,
    AddN: addN,
    Cast: cast,
    Fill: fill,
    ZerosLike: likeKernel(0),
    OnesLike: likeKernel(1),
    Sum: reduceKernel('Sum'),
    Mean: reduceKernel('Mean'),
    Prod: reduceKernel('Prod'),
    Max: reduceKernel('Max'),
    Min: reduceKernel('Min'),
    All: reduceKernel('All'),
    Any: reduceKernel('Any'),
    ArgMax: reduceKernel('ArgMax'),
    ArgMin: reduceKernel('ArgMin'),
    Softmax: softmax,
    BatchMatMul: batchMatMul,
    _FusedMatMul: fusedMatMul,
    Reshape: reshape,
    Identity: identity,
    ExpandDims: expandDims,
    Transpose: transpose,
    Slice: slice,
    Concat: concat,
    Pack: pack,
    Unpack: unpack,
    PadV2: padV2,
    Tile: tile,
    GatherV2: gatherV2,
    OneHot: oneHot,
    UnsortedSegmentSum: unsortedSegmentSum,
    Conv2D: conv2D,
    Conv2DBackpropInput: conv2DBackpropInput,
    Conv2DBackpropFilter: conv2DBackpropFilter,
    FusedConv2D: fusedConv2D,
    DepthwiseConv2dNative: depthwiseConv2d,
    DepthwiseConv2dNativeBackpropInput: depthwiseConv2dBackpropInput,
    DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dBackpropFilter,
    FusedBatchNorm: fusedBatchNorm,
    MaxPool: pool('max'),
    AvgPool: pool('avg'),
    MaxPoolGrad: poolGrad('max'),
    AvgPoolGrad: poolGrad('avg'),
  });
  return table;
})();

const registered = new Map<string, Promise<void>>();

/**
 * Registers every kernel on the 'cuda' backend name with tfjs: the native ones (which may decline a
 * call, and then the CPU kernel runs), and, for every other kernel that tfjs-backend-cpu has, the
 * CPU fallback. Idempotent.
 *
 * @example
 * ```ts
 * import { registerCudaKernels, nativeKernelNames } from '@sinew/backend-cuda';
 * await registerCudaKernels();
 * console.log(nativeKernelNames().length);
 * ```
 */
export function registerCudaKernels(backendName = 'cuda'): Promise<void> {
  const existing = registered.get(backendName);
  if (existing) return existing;
  const done = (async () => {
    await loadCpuBackend();
    const cpuNames = tf.getKernelsForBackend('cpu').map((k) => k.kernelName);
    const names = new Set([...cpuNames, ...Object.keys(NATIVE_KERNELS)]);
    for (const kernelName of names) {
      if (tf.getKernel(kernelName, backendName)) continue;
      const native = NATIVE_KERNELS[kernelName];
      const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }) => {
        const call = { inputs: args.inputs, backend: args.backend as CudaBackend, attrs: args.attrs ?? {} };
        if (native) {
          const out = native(call);
          if (out != null) {
            call.backend.count(kernelName, 'native');
            return out;
          }
        }
        return runOnCpu(kernelName, call);
      };
      tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as KernelFunc });
    }
  })();
  registered.set(backendName, done);
  return done;
}

/**
 * Names of the kernels with a native CUDA implementation (for some dtypes and attributes), sorted.
 *
 * @example
 * ```ts
 * import { nativeKernelNames } from '@sinew/backend-cuda';
 * console.log(nativeKernelNames().includes('BatchMatMul')); // true
 * ```
 */
export function nativeKernelNames(): string[] {
  return Object.keys(NATIVE_KERNELS).sort();
}
