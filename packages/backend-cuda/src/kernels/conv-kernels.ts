import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { col2imProgram, im2colProgram } from '../codegen/conv.js';
import { geometryArgs, type ConvGeometry } from '../codegen/spatial-window.js';
import { depthwiseBackpropFilterProgram, depthwiseBackpropInputProgram, depthwiseProgram } from '../codegen/depthwise.js';
import { BINARY_OPS } from '../codegen/elementwise.js';
import type { KernelProgram } from '../codegen/program.js';
import { poolGradProgram, poolProgram } from '../codegen/pool.js';
import { runElementwise } from './elementwise-kernels.js';
import { applyActivation } from './matmul-kernels.js';
import type { CudaBackend } from '../cuda-backend.js';
import { input, ptr, type NativeKernel } from './native.js';

/** Largest im2col buffer (in floats) made at once; bigger batches are done in chunks of images. */
export const IM2COL_MAX_FLOATS = 64 * 1024 * 1024;

function geometry(info: tf.backend_util.Conv2DInfo, batch = info.batchSize): ConvGeometry {
  return {
    batch,
    inH: info.inHeight,
    inW: info.inWidth,
    channels: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    kH: info.filterHeight,
    kW: info.filterWidth,
    sH: info.strideHeight,
    sW: info.strideWidth,
    dH: info.dilationHeight,
    dW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Splits the batch so that one chunk's im2col matrix stays under IM2COL_MAX_FLOATS. */
function chunks(info: tf.backend_util.Conv2DInfo): Array<[number, number]> {
  const perImage = info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  const per = Math.max(1, Math.min(info.batchSize, Math.floor(IM2COL_MAX_FLOATS / Math.max(perImage, 1))));
  if (perImage > 2 ** 31 - 1) throw new Error(`CUDA backend: Conv2D: one image's im2col matrix has ${perImage} elements, over the 2^31 limit of this kernel`);
  const out: Array<[number, number]> = [];
  for (let b = 0; b < info.batchSize; b += per) out.push([b, Math.min(per, info.batchSize - b)]);
  return out;
}

/** A 1x1, stride-1, unpadded convolution reads the image as its own im2col matrix. */
function isPointwise(info: tf.backend_util.Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 && info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0;
}

function im2col(backend: CudaBackend, x: TensorInfo, info: tf.backend_util.Conv2DInfo, b0: number, nb: number): { ptr: number; temp?: TensorInfo } {
  const imageFloats = info.inHeight * info.inWidth * info.inChannels;
  const xPtr = backend.get(x.dataId).ptr + b0 * imageFloats * 4;
  if (isPointwise(info)) return { ptr: xPtr };
  const rows = nb * info.outHeight * info.outWidth;
  const kSize = info.filterHeight * info.filterWidth * info.inChannels;
  const col = backend.makeTensorInfo([rows, kSize], 'float32');
  const program = backend.program('im2col', im2colProgram);
  backend.launch(program, rows * kSize, [ptr(backend, col), { ptr: xPtr }, ...geometryArgs(geometry(info, nb))]);
  return { ptr: backend.get(col.dataId).ptr, temp: col };
}

function convInfoOf(xShape: number[], filterShape: number[], attrs: Record<string, unknown>, dilations: number | [number, number]): tf.backend_util.Conv2DInfo {
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC' | 'NCHW');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    dilations,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    false,
    dataFormat,
  );
}

/** Conv2D (NHWC): im2col, then one GEMM per chunk of images: y[(b,oh,ow), oc] = col · filter[(kh,kw,c), oc]. */
export const conv2D: NativeKernel = (args) => {
  const x = input(args, 'x');
  const filter = input(args, 'filter');
  const attrs = args.attrs as Record<string, unknown>;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const info = convInfoOf(x.shape, filter.shape, attrs, (attrs.dilations as [number, number]) ?? 1);
  const { backend } = args;
  const out = backend.makeTensorInfo(info.outShape.slice(), 'float32');
  if (tf.util.sizeFromShape(info.outShape) === 0) return out;
  const kSize = info.filterHeight * info.filterWidth * info.inChannels;
  const yPtr = backend.get(out.dataId).ptr;
  for (const [b0, nb] of chunks(info)) {
    const col = im2col(backend, x, info, b0, nb);
    const rows = nb * info.outHeight * info.outWidth;
    backend.gemm({ a: col.ptr, b: backend.get(filter.dataId).ptr, c: yPtr + b0 * info.outHeight * info.outWidth * info.outChannels * 4, m: rows, n: info.outChannels, k: kSize, transA: false, transB: false });
    if (col.temp) backend.disposeIntermediateTensorInfo(col.temp);
  }
  return out;
};

/** Conv2DBackpropInput (NHWC): dcol = dy · filterᵀ by GEMM, then col2im gathers dcol into dx. */
export const conv2DBackpropInput: NativeKernel = (args) => {
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as Record<string, unknown>;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const info = convInfoOf(attrs.inputShape as number[], filter.shape, attrs, 1);
  const { backend } = args;
  const dx = backend.makeTensorInfo(info.inShape.slice(), 'float32');
  if (tf.util.sizeFromShape(info.inShape) === 0) return dx;
  const kSize = info.filterHeight * info.filterWidth * info.inChannels;
  const imageFloats = info.inHeight * info.inWidth * info.inChannels;
  const outImage = info.outHeight * info.outWidth * info.outChannels;
  for (const [b0, nb] of chunks(info)) {
    const rows = nb * info.outHeight * info.outWidth;
    const dyPtr = backend.get(dy.dataId).ptr + b0 * outImage * 4;
    const dxPtr = backend.get(dx.dataId).ptr + b0 * imageFloats * 4;
    if (isPointwise(info)) {
      backend.gemm({ a: dyPtr, b: backend.get(filter.dataId).ptr, c: dxPtr, m: rows, n: kSize, k: info.outChannels, transA: false, transB: true });
      continue;
    }
    const dcol = backend.makeTensorInfo([rows, kSize], 'float32');
    backend.gemm({ a: dyPtr, b: backend.get(filter.dataId).ptr, c: backend.get(dcol.dataId).ptr, m: rows, n: kSize, k: info.outChannels, transA: false, transB: true });
    const program = backend.program('col2im', col2imProgram);
    backend.launch(program, nb * imageFloats, [{ ptr: dxPtr }, ptr(backend, dcol), ...geometryArgs(geometry(info, nb))]);
    backend.disposeIntermediateTensorInfo(dcol);
  }
  return dx;
};

/** Conv2DBackpropFilter (NHWC): dW[(kh,kw,c), oc] = Σ over chunks colᵀ · dy (GEMM with beta 1 after the first). */
export const conv2DBackpropFilter: NativeKernel = (args) => {
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as Record<string, unknown>;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const info = convInfoOf(x.shape, attrs.filterShape as number[], attrs, 1);
  const { backend } = args;
  const dw = backend.makeTensorInfo(info.filterShape.slice(), 'float32');
  const kSize = info.filterHeight * info.filterWidth * info.inChannels;
  const outImage = info.outHeight * info.outWidth * info.outChannels;
  const dwPtr = backend.get(dw.dataId).ptr;
  if (tf.util.sizeFromShape(info.outShape) === 0) {
    backend.libs.driver.memsetD32(dwPtr, 0, kSize * info.outChannels);
    return dw;
  }
  chunks(info).forEach(([b0, nb], i) => {
    const col = im2col(backend, x, info, b0, nb);
    const rows = nb * info.outHeight * info.outWidth;
    backend.gemm({ a: col.ptr, b: backend.get(dy.dataId).ptr + b0 * outImage * 4, c: dwPtr, m: kSize, n: info.outChannels, k: rows, transA: true, transB: false, beta: i === 0 ? 0 : 1 });
    if (col.temp) backend.disposeIntermediateTensorInfo(col.temp);
  });
  return dw;
};

function poolInfo(x: TensorInfo, attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
  );
}

/** MaxPool / AvgPool (NHWC). */
export function pool(kind: 'max' | 'avg'): NativeKernel {
  return (args) => {
    const x = input(args, 'x');
    if (x.dtype !== 'float32' || x.shape.length !== 4) return null;
    const info = poolInfo(x, args.attrs as Record<string, unknown>);
    const { backend } = args;
    const out = backend.makeTensorInfo(info.outShape.slice(), 'float32');
    const program = backend.program(`pool:${kind}`, () => poolProgram(kind));
    backend.launch(program, tf.util.sizeFromShape(info.outShape), [ptr(backend, out), ptr(backend, x), ...geometryArgs(geometry(info))]);
    return out;
  };
}

/** MaxPoolGrad (inputs dy, input, output) / AvgPoolGrad (inputs dy, input), NHWC. */
export function poolGrad(kind: 'max' | 'avg'): NativeKernel {
  return (args) => {
    const dy = input(args, 'dy');
    const x = input(args, 'input');
    if (dy.dtype !== 'float32' || x.dtype !== 'float32' || x.shape.length !== 4) return null;
    const info = poolInfo(x, args.attrs as Record<string, unknown>);
    const { backend } = args;
    const dx = backend.makeTensorInfo(x.shape.slice(), 'float32');
    const program = backend.program(`poolgrad:${kind}`, () => poolGradProgram(kind));
    backend.launch(program, tf.util.sizeFromShape(x.shape), [ptr(backend, dx), ptr(backend, dy), ptr(backend, kind === 'max' ? x : dy), ...geometryArgs(geometry(info))]);
    return dx;
  };
}

/**
 * Makes the float32 result of `shape` and launches a depthwise kernel over it, one work item per result
 * element, with arguments (result, a, b, geometry, channel multiplier) as every depthwise kernel takes them.
 */
function launchDepthwise(
  backend: CudaBackend,
  key: string,
  make: () => KernelProgram,
  shape: number[],
  a: TensorInfo,
  b: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const out = backend.makeTensorInfo(shape.slice(), 'float32');
  const program = backend.program(key, make);
  const mult = info.outChannels / info.inChannels;
  backend.launch(program, tf.util.sizeFromShape(shape), [ptr(backend, out), ptr(backend, a), ptr(backend, b), ...geometryArgs(geometry(info)), { i32: mult }]);
  return out;
}

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations as [number, number]) ?? 1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    true,
  );
}

/** DepthwiseConv2dNative (NHWC, any channel multiplier, dilations). */
export const depthwiseConv2d: NativeKernel = (args) => {
  const x = input(args, 'x');
  const filter = input(args, 'filter');
  const attrs = args.attrs as Record<string, unknown>;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || (attrs.dataFormat ?? 'NHWC') !== 'NHWC') return null;
  const info = depthwiseInfo(x.shape, filter.shape, attrs);
  return launchDepthwise(args.backend, 'depthwise', depthwiseProgram, info.outShape, x, filter, info);
};

/** DepthwiseConv2dNativeBackpropInput, with dilations (which tfjs-backend-cpu 4.22 ignores). */
export const depthwiseConv2dBackpropInput: NativeKernel = (args) => {
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const attrs = args.attrs as Record<string, unknown>;
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const info = depthwiseInfo(attrs.inputShape as number[], filter.shape, attrs);
  return launchDepthwise(args.backend, 'depthwise_bi', depthwiseBackpropInputProgram, info.inShape, dy, filter, info);
};

/** DepthwiseConv2dNativeBackpropFilter, with dilations (which tfjs-backend-cpu 4.22 ignores). */
export const depthwiseConv2dBackpropFilter: NativeKernel = (args) => {
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const attrs = args.attrs as Record<string, unknown>;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const info = depthwiseInfo(x.shape, attrs.filterShape as number[], attrs);
  return launchDepthwise(args.backend, 'depthwise_bf', depthwiseBackpropFilterProgram, info.filterShape, x, dy, info);
};

/** FusedConv2D: the native Conv2D, then bias and activation as elementwise kernels. */
export const fusedConv2D: NativeKernel = (args) => {
  const inputs = args.inputs as Record<string, TensorInfo | undefined>;
  const bias = inputs.bias;
  const preluW = inputs.preluActivationWeights;
  const activation = (args.attrs.activation as string) ?? 'linear';
  if ((bias && bias.dtype !== 'float32') || (preluW && preluW.dtype !== 'float32')) return null;
  if (!['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'].includes(activation)) return null;
  let y = conv2D({ ...args, inputs: { x: input(args, 'x'), filter: input(args, 'filter') } }) as TensorInfo | null;
  if (!y) return null;
  const { backend } = args;
  if (bias) {
    const z = runElementwise(backend, 'bin_Add', BINARY_OPS.Add!, [y, bias], 'float32');
    backend.disposeIntermediateTensorInfo(y);
    y = z;
  }
  return applyActivation(backend, y, activation, (args.attrs.leakyreluAlpha as number) ?? 0.2, preluW);
};
