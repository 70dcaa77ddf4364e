import type * as tf from '@tensorflow/tfjs-core';
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';
import { sizeOf } from './rank3-views.js';

/**
 * The binary kernels whose broadcasting shaders fail past rank 4 in tfjs-backend-webgpu 4.22 (Sinew
 * wraps each with `broadcastBinaryConfig`).
 *
 * @example
 * ```ts
 * broadcastingBinaryKernels.includes('RealDiv'); // true
 * ```
 */
export const broadcastingBinaryKernels = [
  'Add', 'Sub', 'Multiply', 'RealDiv', 'FloorDiv', 'Mod', 'Pow', 'Maximum', 'Minimum', 'SquaredDifference', 'Atan2',
  'Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual', 'LogicalAnd', 'LogicalOr', 'Prelu',
] as const;

/**
 * Merges neighbouring axes along which both operands behave alike (both full, or one of them
 * broadcast), after padding both shapes to the output's rank; axes of size 1 in the output go.
 *
 * @example
 * ```ts
 * mergeBroadcastAxes([2, 3, 4, 4, 8], [8]); // { a: [96, 8], b: [1, 8], out: [96, 8] }
 * ```
 */
export function mergeBroadcastAxes(aShape: readonly number[], bShape: readonly number[]): { a: number[]; b: number[]; out: number[] } {
  const out = backend_util.assertAndGetBroadcastShape(aShape.slice(), bShape.slice());
  const pad = (s: readonly number[]): number[] => [...new Array<number>(out.length - s.length).fill(1), ...s];
  const [a, b] = [pad(aShape), pad(bShape)];
  const merged = { a: [] as number[], b: [] as number[], out: [] as number[] };
  let last = '';
  out.forEach((d, i) => {
    if (d === 1) return;
    const kind = `${a[i] === d ? 1 : 0}${b[i] === d ? 1 : 0}`;
    if (kind === last) {
      const k = merged.out.length - 1;
      merged.out[k]! *= d;
      merged.a[k]! *= a[i]!;
      merged.b[k]! *= b[i]!;
    } else {
      merged.out.push(d);
      merged.a.push(a[i]!);
      merged.b.push(b[i]!);
      last = kind;
    }
  });
  return merged;
}

/**
 * Broadcasting binary kernels (add, sub, div, pow, comparisons, prelu...) whose output has rank 5 or
 * 6. tfjs-backend-webgpu 4.22's broadcasting shaders index coordinates as vectors, which WGSL allows up
 * to rank 4 only: the shader does not compile and the output is left unwritten (garbage, no error;
 * float Add/Sub/Mul/Maximum/Minimum happen to take another path). The operands are first viewed with
 * neighbouring axes merged where they broadcast alike (a free reshape), which usually leaves at most 4
 * axes; otherwise both are broadcast in full with tfjs's Tile and combined flat. All on the GPU with
 * tfjs's own kernels; equal shapes and ranks up to 4 go to tfjs's kernel unchanged.
 *
 * Inputs: two tensors whose shapes broadcast. Output: the broadcast shape.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.div(tf.ones([2, 3, 4, 4, 8]), tf.fill([8], 2)); // every value 0.5
 * ```
 */
export function broadcastBinaryConfig(original: KernelConfig): KernelConfig {
  const names = original.kernelName === 'Prelu' ? (['x', 'alpha'] as const) : (['a', 'b'] as const);
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const a = inputs[names[0]] as TensorInfo;
    const c = inputs[names[1]] as TensorInfo;
    const rank = Math.max(a.shape.length, c.shape.length);
    if (rank <= 4 || util.arraysEqual(a.shape, c.shape) || [...a.shape, ...c.shape].some((d) => d === 0)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const b = backend as tf.KernelBackend;
    const merged = mergeBroadcastAxes(a.shape, c.shape);
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape.slice(), c.shape.slice());
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo): TensorInfo => {
      temps.push(t);
      return t;
    };
    try {
      let views: [TensorInfo, TensorInfo];
      if (merged.out.length <= 4) {
        views = [keep(callKernel('Reshape', { x: a }, b, { shape: merged.a })), keep(callKernel('Reshape', { x: c }, b, { shape: merged.b }))];
      } else {
        // No merge brings it to rank 4: broadcast both in full (Tile compiles at any rank) and go flat.
        const full = (t: TensorInfo, shape: number[]): TensorInfo => {
          const view = keep(callKernel('Reshape', { x: t }, b, { shape }));
          const tiled = keep(callKernel('Tile', { x: view }, b, { reps: merged.out.map((d, i) => d / shape[i]!) }));
          return keep(callKernel('Reshape', { x: tiled }, b, { shape: [sizeOf(merged.out)] }));
        };
        views = [full(a, merged.a), full(c, merged.b)];
      }
      const result = keep(original.kernelFunc({ inputs: { [names[0]]: views[0], [names[1]]: views[1] }, backend, attrs }) as TensorInfo);
      return callKernel('Reshape', { x: result }, b, { shape: outShape });
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
  return { kernelName: original.kernelName, backendName: 'webgpu', kernelFunc };
}
