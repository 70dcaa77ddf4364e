import type * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * AddN for any number of inputs. tfjs-backend-webgpu 4.22 binds every input of AddN in one shader;
 * past the device's `maxStorageBuffersPerShaderStage - 1` inputs the pipeline is invalid and the result
 * silently stays zero. Here the inputs are summed in groups that fit (tfjs's own AddN shader per group,
 * then over the partial sums), all on the GPU.
 *
 * @example
 * ```ts
 * // registered by setBackend('webgpu'); then, on webgpu:
 * tf.addN(Array.from({ length: 20 }, () => tf.ones([256]))); // 20 everywhere
 * ```
 */
export function addNConfig(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const b = backend as tf.KernelBackend & { device: GPUDevice };
    // tfjs-core passes AddN's inputs as an array (cast to a map), and tfjs's kernel reads it as one.
    const tensors = inputs as unknown as TensorInfo[];
    const asInputs = (ts: TensorInfo[]): NamedTensorInfoMap => ts as unknown as NamedTensorInfoMap;
    // One storage buffer is the output.
    const group = Math.max(2, b.device.limits.maxStorageBuffersPerShaderStage - 1);
    if (tensors.length <= group) return original.kernelFunc({ inputs, backend, attrs });
    let level = tensors;
    const partials: TensorInfo[] = [];
    while (level.length > group) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < level.length; i += group) {
        const chunk = level.slice(i, i + group);
        if (chunk.length === 1) {
          next.push(chunk[0]!);
          continue;
        }
        const sum = original.kernelFunc({ inputs: asInputs(chunk), backend, attrs }) as TensorInfo;
        partials.push(sum);
        next.push(sum);
      }
      level = next;
    }
    try {
      return original.kernelFunc({ inputs: asInputs(level), backend, attrs });
    } finally {
      for (const t of partials) b.disposeData(t.dataId);
    }
  };
  return { kernelName: 'AddN', backendName: 'webgpu', kernelFunc };
}
