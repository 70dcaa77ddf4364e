import type * as tf from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { alongAxes } from './rank3-views.js';

/**
 * Merges neighbouring axes that are both reduced or both kept, and drops axes of size 1: the same
 * reduction over fewer dimensions. Returns the merged shape and which of its axes are reduced.
 *
 * @example
 * ```ts
 * mergeReducedAxes([2, 3, 1, 4, 5], [1, 3]); // { shape: [2, 12, 5], reduced: [false, true, false] }
 * ```
 */
export function mergeReducedAxes(shape: readonly number[], axes: readonly number[]): { shape: number[]; reduced: boolean[] } {
  const merged: number[] = [];
  const reduced: boolean[] = [];
  shape.forEach((d, axis) => {
    if (d === 1) return;
    const r = axes.includes(axis);
    if (reduced.length > 0 && reduced[reduced.length - 1] === r) merged[merged.length - 1]! *= d;
    else {
      merged.push(d);
      reduced.push(r);
    }
  });
  return merged.length > 0 ? { shape: merged, reduced } : { shape: [1], reduced: [false] };
}

/**
 * Sum, Mean, Max, Min, Prod, All and Any, fixed in two ways. (1) Rank above 4: tfjs-backend-webgpu
 * 4.22 moves reduced axes last with a transpose whose shader exists up to rank 6 only ("GPU for rank 10
 * is not yet supported"; Sinew's Tile gradient reduces a rank-2n view). Neighbouring axes that are both
 * reduced or both kept are merged (a free reshape); when more than 4 axes remain, the reduced ones are
 * reduced one at a time as the middle axis of a rank-3 view (for Mean too: each partial mean is over
 * equal counts). (2) int32 and bool inputs reduced along other than the last axes, at any rank: that
 * internal transpose has no int32/bool shader and leaves garbage, so the reduced axes are moved last
 * with the registered Transpose (Sinew's, which handles them) first. All on the GPU with tfjs's kernels.
 *
 * Input: x of any shape; attrs `axis` (`reductionIndices` for Max), `keepDims`. Output: x's shape
 * without (or with size 1 along) the reduced axes.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.sum(tf.ones([2, 1, 2, 1, 2, 1, 2, 1, 2, 1]), [0, 2, 4, 6, 8]); // shape [1, 1, 1, 1, 1], value 32
 * tf.all(tf.tensor2d([true, false, true, true], [2, 2]), 0); // [true, false]
 * ```
 */
export function reduceConfig(original: KernelConfig): KernelConfig {
  // Max names its axes `reductionIndices`; the others `axis`.
  const key = original.kernelName === 'Max' ? 'reductionIndices' : 'axis';
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { [key]: axis, keepDims } = attrs as Record<string, number | number[]> & { keepDims: boolean };
    const axes = util.parseAxisParam(axis!, x.shape);
    const innermost = axes.every((a) => a >= x.shape.length - axes.length);
    if ((x.shape.length <= 4 && (x.dtype === 'float32' || innermost)) || x.shape.some((d) => d === 0)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const b = backend as tf.KernelBackend;
    const outShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d)).filter((_, i) => keepDims || !axes.includes(i));
    const merged = mergeReducedAxes(x.shape, axes);
    const mergedAxes = merged.reduced.flatMap((r, i) => (r ? [i] : []));
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo): TensorInfo => {
      temps.push(t);
      return t;
    };
    /** Reduces `view` along `along` with tfjs's kernel; the result keeps the reduced axes (size 1). */
    const reduce = (view: TensorInfo, along: number[]): TensorInfo => {
      const rank = view.shape.length;
      const kept = view.shape.map((d, i) => (along.includes(i) ? 1 : d));
      if (view.dtype === 'float32' || along.every((a) => a >= rank - along.length)) {
        return original.kernelFunc({ inputs: { x: view }, backend, attrs: { [key]: along, keepDims: true } }) as TensorInfo;
      }
      const perm = [...view.shape.keys()].filter((i) => !along.includes(i)).concat(along);
      const moved = keep(callKernel('Transpose', { x: view }, b, { perm }));
      const trailing = along.map((_, k) => rank - along.length + k);
      const reduced = keep(original.kernelFunc({ inputs: { x: moved }, backend, attrs: { [key]: trailing, keepDims: true } }) as TensorInfo);
      return callKernel('Reshape', { x: reduced }, b, { shape: kept });
    };
    try {
      const view = keep(callKernel('Reshape', { x }, b, { shape: merged.shape }));
      const reducedView = keep(merged.shape.length <= 4 ? reduce(view, mergedAxes) : alongAxes(view, mergedAxes, b, (v) => reduce(v, [1])));
      return callKernel('Reshape', { x: reducedView }, b, { shape: outShape });
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
  return { kernelName: original.kernelName, backendName: 'webgpu', kernelFunc };
}
