import type * as tf from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/** Float32 counts every index exactly below 2^24; past it the int32 path would mix up elements. */
const exactIndexLimit = 2 ** 24;

/**
 * Transpose (`tf.transpose`) of int32 and bool tensors. tfjs-backend-webgpu 4.22's general transpose
 * shader always declares a float output and does not compile for them (only the rank-2 `[1, 0]`
 * transpose has its own shader): the output is left unwritten (garbage, no error), at every rank from
 * 3. Here the values are moved with tfjs's GatherV2 at transposed flat indices (the indices 0..n-1
 * transposed as float32, exact below 2^24 elements; larger transposes throw rather than return
 * garbage). GatherV2, like tfjs-backend-webgpu's int32 arithmetic, carries values through float32, so
 * int32 values beyond ±2^24 come back rounded. All on
 * the GPU with tfjs's own kernels; float32 and rank-2 `[1, 0]` go to tfjs's kernel unchanged.
 *
 * Input: x of any shape; attr `perm`. Output: `x.shape[perm[i]]` along axis i, x's dtype.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.transpose(tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32'), [2, 1, 0]); // [1, 5, 3, 7, 2, 6, 4, 8]
 * ```
 */
export function transposeConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { perm } = attrs as { perm: number[] };
    const size = util.sizeFromShape(x.shape);
    if ((x.dtype !== 'int32' && x.dtype !== 'bool') || size === 0 || (x.shape.length === 2 && perm[0] === 1)) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const b = backend as tf.KernelBackend;
    const outShape = perm.map((p) => x.shape[p]!);
    const temps: TensorInfo[] = [];
    const keep = (t: TensorInfo): TensorInfo => {
      temps.push(t);
      return t;
    };
    const transposeFloat = (t: TensorInfo): TensorInfo => keep(original.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo);
    try {
      if (size >= exactIndexLimit) {
        throw new Error(`webgpu Transpose: ${x.dtype} tensors of ${exactIndexLimit} elements or more are not supported (shape [${x.shape.join(', ')}]); tfjs-backend-webgpu 4.22 has no int32 or bool transpose shader`);
      }
      const iota = keep(callKernel('Range', {}, b, { start: 0, stop: size, step: 1, dtype: 'float32' }));
      const moved = transposeFloat(keep(callKernel('Reshape', { x: iota }, b, { shape: x.shape })));
      const indices = keep(callKernel('Cast', { x: keep(callKernel('Reshape', { x: moved }, b, { shape: [size] })) }, b, { dtype: 'int32' }));
      const flat = keep(callKernel('Reshape', { x }, b, { shape: [size] }));
      const gathered = keep(callKernel('GatherV2', { x: flat, indices }, b, { axis: 0, batchDims: 0 }));
      return callKernel('Reshape', { x: gathered }, b, { shape: outShape });
    } finally {
      for (const t of temps) b.disposeData(t.dataId);
    }
  };
  return { kernelName: 'Transpose', backendName: 'webgpu', kernelFunc };
}
