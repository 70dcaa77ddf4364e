import * as tf from '@tensorflow/tfjs-core';
import { KernelScope, requireInputs } from './kernel-scope.js';

/**
 * StridedSlice that keeps its input's dtype. tfjs-backend-wasm 4.22's general (non-contiguous) path
 * copies the elements' bytes into a float32 output, so an int32 slice (a gradient routing indices,
 * say) comes back as denormal floats. Non-float inputs go through float32 and back, exact for
 * integers of magnitude below 2²⁴ and for booleans; float32 inputs run the original kernel unchanged.
 *
 * @example
 * ```ts
 * tf.registerKernel(stridedSliceConfig('wasm', tf.getKernel('StridedSlice', 'wasm')!));
 * ```
 */
export function stridedSliceConfig(backendName: string, original: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.StridedSlice,
    backendName,
    kernelFunc: (args) => {
      const { x } = requireInputs(tf.StridedSlice, args.inputs, ['x']);
      if (x.dtype === 'float32') return original.kernelFunc(args);
      const k = new KernelScope(args.backend, backendName);
      try {
        const asFloat = k.run('Cast', { x }, { dtype: 'float32' });
        const sliced = original.kernelFunc({ ...args, inputs: { x: asFloat } }) as tf.TensorInfo;
        k.adopt(sliced);
        return k.keep(k.run('Cast', { x: sliced }, { dtype: x.dtype }));
      } finally {
        k.dispose();
      }
    },
  };
}
