import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CudaBackend } from './cuda-backend.js';

/** tfjs-backend-cpu's backend class, loaded once; the fallback runs CPU kernels on a private instance. */
export type CpuBackend = tf.KernelBackend & {
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object, force?: boolean): boolean;
};

let cpuCtor: (new () => CpuBackend) | undefined;

/** Loads tfjs-backend-cpu (which registers its kernels); must run before {@link runOnCpu}. */
export async function loadCpuBackend(): Promise<void> {
  if (cpuCtor) return;
  const mod = (await import('@tensorflow/tfjs-backend-cpu')) as unknown as { MathBackendCPU: new () => CpuBackend };
  cpuCtor = mod.MathBackendCPU;
}

const privateCpu = new WeakMap<CudaBackend, CpuBackend>();

function cpuFor(backend: CudaBackend): CpuBackend {
  let cpu = privateCpu.get(backend);
  if (!cpu) {
    if (!cpuCtor) throw new Error('CUDA backend: the CPU fallback ran before tfjs-backend-cpu was loaded (call registerCudaKernels() first)');
    cpu = new cpuCtor();
    privateCpu.set(backend, cpu);
  }
  return cpu;
}

function splitComplex(values: Float32Array): [Float32Array, Float32Array] {
  const n = values.length / 2;
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = values[2 * i]!;
    im[i] = values[2 * i + 1]!;
  }
  return [re, im];
}

/**
 * Runs tfjs-backend-cpu's kernel `kernelName` for a 'cuda' kernel call: copies the inputs to the host,
 * runs the CPU kernel on a private CPU backend instance, and uploads the results. Correct for every
 * kernel the CPU backend has; slow, which is why the training kernels are native.
 */
export function runOnCpu(kernelName: string, args: { inputs: NamedTensorInfoMap; backend: CudaBackend; attrs?: NamedAttrMap }): TensorInfo | TensorInfo[] {
  const { backend } = args;
  const config = tf.getKernel(kernelName, 'cpu');
  if (!config) throw new Error(`CUDA backend: kernel '${kernelName}' has no native CUDA version and no CPU version to fall back on`);
  const cpu = cpuFor(backend);
  const temps: object[] = [];
  const upload = (t: TensorInfo): TensorInfo => {
    const values = backend.readSync(t.dataId);
    if (t.dtype === 'complex64') {
      const [re, im] = splitComplex(values as Float32Array);
      const real = { dataId: cpu.write(re, t.shape, 'float32'), shape: t.shape, dtype: 'float32' as const };
      const imag = { dataId: cpu.write(im, t.shape, 'float32'), shape: t.shape, dtype: 'float32' as const };
      const complex = (tf.getKernel('Complex', 'cpu')!.kernelFunc as KernelFunc)({ inputs: { real, imag }, backend: cpu }) as TensorInfo;
      cpu.disposeData(real.dataId);
      cpu.disposeData(imag.dataId);
      temps.push(complex.dataId);
      return complex;
    }
    const dataId = cpu.write(values, t.shape, t.dtype);
    temps.push(dataId);
    return { dataId, shape: t.shape, dtype: t.dtype };
  };
  const src = args.inputs as unknown as Record<string, TensorInfo | undefined>;
  const cpuInputs: Record<string, TensorInfo> | TensorInfo[] = Array.isArray(src) ? [] : {};
  for (const key of Object.keys(src)) {
    const t = src[key];
    if (t != null) (cpuInputs as Record<string, TensorInfo>)[key] = upload(t);
  }
  try {
    const out = (config.kernelFunc as KernelFunc)({ inputs: cpuInputs as NamedTensorInfoMap, backend: cpu, attrs: args.attrs ?? {} });
    const outs = Array.isArray(out) ? out : [out];
    const results = outs.map((o) => {
      const values = cpu.readSync(o.dataId);
      temps.push(o.dataId);
      return backend.makeTensorInfo(o.shape.slice(), o.dtype, values);
    });
    backend.count(kernelName, 'fallback');
    return Array.isArray(out) ? results : results[0]!;
  } finally {
    for (const id of new Set(temps)) cpu.disposeData(id, true);
  }
}
