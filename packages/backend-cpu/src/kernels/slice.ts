import * as tf from '@tensorflow/tfjs-core';

/** What these kernels need of tfjs-backend-wasm's backend: outputs allocated in, and views of, its heap. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend> | null;
  return typeof b?.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

/**
 * Copies `x[begin : begin + size]` into a new output of the wasm heap, reading `x` in place.
 * tfjs-backend-wasm 4.22's Slice reads its input with `readSync`, a copy of the WHOLE input, on every
 * call (and its SplitV and Unpack call that slice once per output), so taking the 24 steps out of a
 * `[24, 32, 128]` tensor copied 9 MB; here only the slice's own elements are copied. Strings and
 * backends without a heap go to `original`.
 */
function sliceOnHeap(backend: HeapBackend, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const n = tf.util.sizeFromShape(size);
  if (n === 0) return out;
  // Views after makeOutput: allocating may grow the heap, which detaches earlier views.
  const xs = backend.typedArrayFromHeap(x);
  const os = backend.typedArrayFromHeap(out);
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    os.set(xs.subarray(offset, offset + n));
    return out;
  }
  // Row by row along the last axis: walk the leading indices like an odometer.
  const rank = x.shape.length;
  const row = size[rank - 1]!;
  const index = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < n; o += row) {
    let offset = begin[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    os.set(xs.subarray(offset, offset + row), o);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d]! < size[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

function usable(backend: unknown, x: tf.TensorInfo): backend is HeapBackend {
  return x.dtype !== 'string' && x.dtype !== 'complex64' && isHeapBackend(backend);
}

/**
 * Slice for tfjs-backend-wasm that copies only the slice, not the whole input (see
 * {@link sliceOnHeap}); falls back to `original` for strings or a backend without a wasm heap.
 *
 * @example
 * ```ts
 * tf.registerKernel(sliceConfig('wasm', tf.getKernel('Slice', 'wasm')!)); // after unregistering tfjs's
 * ```
 */
export function sliceConfig(backendName: string, original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Slice,
    backendName,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x?: tf.TensorInfo };
      if (x === undefined) throw new Error(`Slice (${backendName}): missing input 'x'`);
      if (!usable(args.backend, x)) return original.kernelFunc(args);
      const { begin, size } = args.attrs as unknown as tf.SliceAttrs;
      const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size) as [number[], number[]];
      tf.slice_util.assertParamsValid(x as tf.Tensor, b, s);
      return sliceOnHeap(args.backend, x, b, s);
    },
  };
}

/**
 * SplitV for tfjs-backend-wasm whose pieces each copy only themselves (tfjs's copies the whole input
 * once per piece); falls back to `original` like {@link sliceConfig}.
 *
 * @example
 * ```ts
 * tf.registerKernel(splitVConfig('wasm', tf.getKernel('SplitV', 'wasm')!)); // after unregistering tfjs's
 * ```
 */
export function splitVConfig(backendName: string, original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.SplitV,
    backendName,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x?: tf.TensorInfo };
      if (x === undefined) throw new Error(`SplitV (${backendName}): missing input 'x'`);
      if (!usable(args.backend, x)) return original.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
      const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
      const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, ax);
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((n) => {
        const size = [...x.shape];
        size[ax] = n;
        const piece = sliceOnHeap(args.backend as HeapBackend, x, [...begin], size);
        begin[ax]! += n;
        return piece;
      });
    },
  };
}

/**
 * Unpack (unstack) for tfjs-backend-wasm whose outputs each copy only themselves (tfjs's copies the
 * whole input once per output); falls back to `original` like {@link sliceConfig}.
 *
 * @example
 * ```ts
 * tf.registerKernel(unpackConfig('wasm', tf.getKernel('Unpack', 'wasm')!)); // after unregistering tfjs's
 * ```
 */
export function unpackConfig(backendName: string, original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Unpack,
    backendName,
    kernelFunc: (args) => {
      const { value } = args.inputs as { value?: tf.TensorInfo };
      if (value === undefined) throw new Error(`Unpack (${backendName}): missing input 'value'`);
      if (!usable(args.backend, value)) return original.kernelFunc(args);
      const rank = value.shape.length;
      let { axis } = args.attrs as unknown as tf.UnpackAttrs;
      if (axis < 0) axis += rank;
      const outShape = value.shape.filter((_, d) => d !== axis);
      const size = [...value.shape];
      size[axis] = 1;
      const begin = new Array<number>(rank).fill(0);
      const outs: tf.TensorInfo[] = [];
      for (let i = 0; i < value.shape[axis]!; i++) {
        begin[axis] = i;
        const piece = sliceOnHeap(args.backend as HeapBackend, value, [...begin], size);
        // The same buffer, seen without the unpacked axis.
        outs.push({ dataId: piece.dataId, dtype: piece.dtype, shape: outShape });
      }
      return outs;
    },
  };
}
