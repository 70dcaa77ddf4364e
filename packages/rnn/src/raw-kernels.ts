import * as tf from '@tensorflow/tfjs-core';

type Inputs = Record<string, tf.TensorInfo> | tf.TensorInfo[];

/**
 * Calls the active backend's registered kernel functions directly, bypassing the engine, for the
 * inner loops of the fused recurrences: on wasm, a `[32, 32]` product through `tf.mul` took ~7.5 µs
 * where the kernel function alone took ~3 µs, and these loops run ~25 kernels per time step.
 * Outputs are bare `TensorInfo`s the caller owns: each must be passed to {@link free} or turned into
 * a tracked tensor with {@link tensor}. Inputs may be tensors (which stay the engine's).
 *
 * Internal to this package (not exported from its index), like the fused ops that use it:
 * `const k = new RawKernels(); const p = k.run('Multiply', { a, b }); const y = k.tensor(k.run('Tanh', { x: p })); k.free(p);`
 */
export class RawKernels {
  private readonly backend = tf.backend();
  private readonly backendName = tf.getBackend();
  private readonly configs = new Map<string, tf.KernelConfig>();

  /** Runs kernel `name`; returns its single output. */
  run(name: string, inputs: Inputs, attrs: Record<string, unknown> = {}): tf.TensorInfo {
    let config = this.configs.get(name);
    if (config === undefined) {
      config = tf.getKernel(name, this.backendName);
      if (config === undefined) throw new Error(`RawKernels: kernel '${name}' is not registered for backend '${this.backendName}'`);
      this.configs.set(name, config);
    }
    const out = config.kernelFunc({ inputs: inputs as unknown as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    if (Array.isArray(out)) throw new Error(`RawKernels: kernel '${name}' returned ${out.length} outputs, expected 1`);
    return out;
  }

  /** Releases an output of {@link run}. */
  free(info: tf.TensorInfo): void {
    this.backend.disposeData(info.dataId);
  }

  /** Hands an output of {@link run} to the engine as a tensor (tracked by the current scope). */
  tensor<R extends tf.Rank>(info: tf.TensorInfo): tf.Tensor<R> {
    return tf.engine().makeTensorFromTensorInfo(info, this.backend) as tf.Tensor<R>;
  }
}
