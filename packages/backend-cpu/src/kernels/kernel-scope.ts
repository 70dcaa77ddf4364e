import * as tf from '@tensorflow/tfjs-core';

type Attrs = Record<string, unknown>;

/**
 * Runs registered kernels of one backend directly, from inside another kernel's `kernelFunc`, and
 * frees every intermediate it made. Calling tf ops there instead would record the intermediates on the
 * gradient tape and count them as user tensors; calling kernel functions keeps them internal.
 *
 * Shapes are whatever the called kernel returns; every `run` output is freed by {@link dispose} unless
 * passed to {@link keep}.
 *
 * @example
 * ```ts
 * const k = new KernelScope(backend, 'wasm');
 * try {
 *   const padded = k.run('PadV2', { x }, { paddings: [[0, 0], [1, 1]], constantValue: 0 });
 *   return k.keep(k.run('Relu', { x: padded }));
 * } finally {
 *   k.dispose();
 * }
 * ```
 */
export class KernelScope {
  private readonly made: tf.TensorInfo[] = [];
  private readonly kept = new Set<tf.TensorInfo>();

  private readonly backend: tf.KernelBackend;

  /** `backend` is the `backend` argument of the calling kernelFunc. */
  constructor(
    backend: unknown,
    private readonly backendName: string,
  ) {
    this.backend = backend as tf.KernelBackend;
  }

  /** Runs kernel `name` of this scope's backend; its single output is freed on dispose. */
  run(name: string, inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[], attrs: Attrs = {}): tf.TensorInfo {
    const out = this.runMany(name, inputs, attrs);
    if (out.length !== 1) throw new Error(`KernelScope: kernel '${name}' on '${this.backendName}' returned ${out.length} outputs, expected 1`);
    return out[0]!;
  }

  /** Like {@link run}, for kernels with several outputs (SplitV, Unpack). */
  runMany(name: string, inputs: Record<string, tf.TensorInfo> | tf.TensorInfo[], attrs: Attrs = {}): tf.TensorInfo[] {
    const config = tf.getKernel(name, this.backendName);
    if (!config) throw new Error(`KernelScope: kernel '${name}' is not registered for backend '${this.backendName}'`);
    const result = config.kernelFunc({
      inputs: inputs as unknown as tf.NamedTensorInfoMap,
      backend: this.backend,
      attrs: attrs as tf.NamedAttrMap,
    });
    const outs = Array.isArray(result) ? result : [result];
    this.made.push(...outs);
    return outs;
  }

  /** Reshape without copying (kernels share the data and count references). */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Takes ownership of a tensor made outside this scope (freed on dispose unless kept). */
  adopt(info: tf.TensorInfo): tf.TensorInfo {
    this.made.push(info);
    return info;
  }

  /** Marks an output as the caller's: dispose will not free it. */
  keep<T extends tf.TensorInfo>(info: T): T {
    this.kept.add(info);
    return info;
  }

  /** Frees every output made through this scope except the kept ones. */
  dispose(): void {
    for (const info of this.made) {
      if (!this.kept.has(info)) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
  }
}

/**
 * The named inputs of a kernel call, each checked to be present, so a malformed call fails with the
 * kernel's name rather than deep inside.
 *
 * @example
 * ```ts
 * const { x, dy } = requireInputs('Conv2DBackpropFilter', inputs, ['x', 'dy']);
 * ```
 */
export function requireInputs<K extends string>(
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  names: readonly K[],
): Record<K, tf.TensorInfo> {
  const out = {} as Record<K, tf.TensorInfo>;
  for (const name of names) {
    const t = inputs[name];
    if (t == null) throw new Error(`${kernelName}: input '${name}' is missing (received ${Object.keys(inputs).join(', ') || 'none'})`);
    out[name] = t;
  }
  return out;
}
