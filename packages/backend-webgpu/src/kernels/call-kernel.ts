import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Runs a registered 'webgpu' kernel directly on TensorInfos, as tfjs's own kernels compose each other
 * (no tensors, no tape). The caller disposes the result with `backend.disposeData`.
 */
export function callKernel(name: string, inputs: NamedTensorInfoMap, backend: tf.KernelBackend, attrs: NamedAttrMap = {}): TensorInfo {
  const kernel = tf.getKernel(name, 'webgpu');
  if (!kernel) throw new Error(`webgpu: kernel '${name}' is not registered (is @tensorflow/tfjs-backend-webgpu loaded?)`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}
