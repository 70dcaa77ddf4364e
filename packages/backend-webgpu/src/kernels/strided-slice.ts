import type * as tf from '@tensorflow/tfjs-core';
import { slice_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { alongAxes } from './rank3-views.js';

interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

/**
 * StridedSlice (`tf.stridedSlice`) of tensors of rank 5 and 6 with steps other than 1 or along more
 * than the first axis. tfjs-backend-webgpu 4.22's strided-slice shader indexes its coordinates as a
 * vector, which WGSL allows up to rank 4 only: the shader does not compile and the output is left
 * unwritten (garbage, no error). Here the slice is resolved with tfjs-core's `slice_util.sliceInfo`
 * (masks, negative indices and steps), then each sliced axis is sliced in turn as the middle axis of a
 * rank-3 view with tfjs's own StridedSlice, on the GPU. Ranks up to 4, and slices tfjs serves with its
 * Slice kernel (steps of 1 that are contiguous), go to tfjs's kernel unchanged.
 *
 * Input: x of any shape. Output: the shape `tf.stridedSlice` computes (with new and shrunk axes).
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.stridedSlice(tf.ones([4, 4, 4, 4, 4]), [0, 0, 0, 0, 0], [4, 4, 4, 4, 4], [1, 2, 1, 2, 1]); // [4, 2, 4, 2, 4]
 * ```
 */
export function stridedSliceConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const a = attrs as unknown as StridedSliceAttrs;
    if (x.shape.length <= 4) return original.kernelFunc({ inputs, backend, attrs });
    const info = slice_util.sliceInfo(x.shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
    if (info.isIdentity || info.sliceDim0 || info.isSimpleSlice || info.finalShapeSparse.some((d) => d === 0)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const b = backend as tf.KernelBackend;
    // finalShapeSparse has x's rank; begin and strides are resolved per axis of x.
    const axes = x.shape.flatMap((d, axis) => (info.strides[axis] === 1 && info.finalShapeSparse[axis] === d ? [] : [axis]));
    const sliced = alongAxes(x, axes, b, (view, axis) => {
      const start = info.begin[axis]!;
      const step = info.strides[axis]!;
      const stop = start + info.finalShapeSparse[axis]! * step;
      // A negative step that runs past index 0 ends "before the start": the end mask of the middle axis.
      const toStart = step < 0 && stop < 0;
      return original.kernelFunc({
        inputs: { x: view },
        backend,
        attrs: { begin: [0, start, 0], end: [view.shape[0]!, toStart ? 0 : stop, view.shape[2]!], strides: [1, step, 1], beginMask: 0, endMask: toStart ? 2 : 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
      }) as TensorInfo;
    });
    try {
      return callKernel('Reshape', { x: sliced }, b, { shape: info.finalShape });
    } finally {
      b.disposeData(sliced.dataId);
    }
  };
  return { kernelName: 'StridedSlice', backendName: 'webgpu', kernelFunc };
}
