/**
 * The 'cuda' backend against cuBLAS itself and against 'wasm', in one run:
 *
 * - matmul: float32 TFLOP/s of tf.matMul on 'cuda' (tfjs engine + this backend + cuBLAS) against the
 *   same cuBLAS SGEMM called directly on the same device buffers and timed with CUDA events ("cuBLAS's
 *   own peak" on this GPU); the ratio is what the tfjs path costs;
 * - a small CNN's training steps per second (conv-relu-pool ×2, dense, softmax cross-entropy, SGD,
 *   batch 64 of 28×28×1) on 'cuda' against 'wasm', with the same initial weights;
 * - which kernels those steps ran natively and which through the CPU fallback.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/cuda.bench.ts
 *
 * Without a GPU it reports why 'cuda' is unavailable. SINEW_CUDA_MOCK=1 runs it over the mock driver
 * (host memory, JS kernels) to smoke-test the benchmark itself; those numbers mean nothing.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { registerBackend, setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { CudaBackend, createCudaBackend, createMockLibraries } from '@sinew/backend-cuda';

const mock = process.env.SINEW_CUDA_MOCK === '1';

function cudaInstance(): CudaBackend {
  const b = tf.backend();
  if (!(b instanceof CudaBackend)) throw new Error(`cuda.bench: the active tfjs backend is '${tf.getBackend()}', not 'cuda'`);
  return b;
}

/** TFLOP/s of tf.matMul on 'cuda' and of direct cuBLAS SGEMM on the same buffers. */
async function matmulRow(n: number): Promise<string> {
  const backend = cudaInstance();
  const drv = backend.libs.driver;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const flops = 2 * n ** 3;
  const reps = mock ? 2 : Math.max(3, Math.min(50, Math.round(2e13 / flops)));
  // tfjs path: wall clock between stream synchronisations.
  for (let i = 0; i < 2; i++) tf.matMul(a, b).dispose();
  drv.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.matMul(a, b).dispose();
  drv.synchronize();
  const tfjsMs = (performance.now() - t0) / reps;
  // cuBLAS alone, timed with events on the stream.
  const c = tf.zeros([n, n]);
  const pa = backend.get(a.dataId).ptr;
  const pb = backend.get(b.dataId).ptr;
  const pc = backend.get(c.dataId).ptr;
  const gemm = () => backend.gemm({ a: pa, b: pb, c: pc, m: n, n, k: n, transA: false, transB: false });
  gemm();
  const start = drv.eventCreate();
  const end = drv.eventCreate();
  drv.eventRecord(start);
  for (let i = 0; i < reps; i++) gemm();
  drv.eventRecord(end);
  drv.synchronize();
  const rawMs = drv.eventElapsedMs(start, end) / reps;
  drv.eventDestroy(start);
  drv.eventDestroy(end);
  tf.dispose([a, b, c]);
  const tflops = (ms: number) => flops / (ms * 1e-3) / 1e12;
  return `  ${String(n).padStart(5)}³  tf.matMul ${tflops(tfjsMs).toFixed(2).padStart(7)} TFLOP/s   cuBLAS ${tflops(rawMs).toFixed(2).padStart(7)} TFLOP/s   ratio ${(rawMs / tfjsMs).toFixed(3)}`;
}

interface Cnn {
  vars: tf.Variable[];
  step: (x: tf.Tensor4D, y: tf.Tensor2D) => number;
}

function seeded(shape: number[], seed: number, scale: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < out.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** The small CNN, its variables made on the active backend from seeded values. */
function makeCnn(): Cnn {
  const v = (shape: number[], seed: number, scale: number) => tf.variable(tf.tensor(seeded(shape, seed, scale), shape));
  const w1 = v([3, 3, 1, 16], 1, 0.3);
  const b1 = v([16], 2, 0);
  const w2 = v([3, 3, 16, 32], 3, 0.1);
  const b2 = v([32], 4, 0);
  const w3 = v([7 * 7 * 32, 10], 5, 0.03);
  const b3 = v([10], 6, 0);
  const vars = [w1, b1, w2, b2, w3, b3];
  const lr = 0.05;
  const forward = (x: tf.Tensor4D) => {
    let h = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.relu(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'same'), b2)) as tf.Tensor4D;
    h = tf.maxPool(h, 2, 2, 'valid');
    return tf.add(tf.matMul(tf.reshape(h, [x.shape[0], 7 * 7 * 32]), w3), b3);
  };
  return {
    vars,
    step: (x, y) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, vars);
        for (const w of vars) w.assign(tf.sub(w, tf.mul(grads[w.name]!, lr)));
        return value.dataSync()[0]!;
      }),
  };
}

/** Training steps per second of the CNN on the active backend, and its loss after the timed steps. */
function cnnStepsPerSecond(budgetMs: number): { stepsPerS: number; steps: number; loss: number } {
  const batch = 64;
  const x = tf.tensor(seeded([batch, 28, 28, 1], 7, 1), [batch, 28, 28, 1]) as tf.Tensor4D;
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32');
  // Not oneHot(..., 'float32'): tfjs-backend-wasm 4.22 writes int32 bits into a float32 one-hot.
  const y = tf.cast(tf.oneHot(labels, 10), 'float32') as tf.Tensor2D;
  const net = makeCnn();
  net.step(x, y);
  net.step(x, y);
  let steps = 0;
  let loss = NaN;
  const t0 = performance.now();
  while (steps < 3 || (performance.now() - t0 < budgetMs && steps < 500)) {
    loss = net.step(x, y);
    steps++;
  }
  const ms = performance.now() - t0;
  tf.dispose([x, labels, y, ...net.vars]);
  return { stepsPerS: (steps * 1000) / ms, steps, loss };
}

export async function run(): Promise<string> {
  const descriptor = mock ? createCudaBackend({ loadLibraries: async () => createMockLibraries() }) : createCudaBackend();
  const support = await descriptor.isSupported();
  if (!support.available) return `cuda: unavailable here, nothing measured. Reason: ${support.reason}`;
  registerBackend(descriptor);
  const lines: string[] = [];
  const d = await setBackend('cuda');
  const caps = d.capabilities;
  lines.push(`device: ${d.device}${mock ? '  [MOCK DRIVER: numbers are meaningless]' : ''}`);
  lines.push(`driver ${caps.driverVersion}, NVRTC ${caps.nvrtcVersion}, cuBLAS ${caps.cublasVersion}, ${caps.multiProcessors} SMs, ${((d.memory.totalBytes ?? 0) / 2 ** 30).toFixed(1)} GiB`);
  lines.push(`float32 matmul (TF32 ${process.env.SINEW_CUDA_TF32 === '1' ? 'on' : 'off'}; ratio = tf.matMul rate / direct cuBLAS rate):`);
  for (const n of mock ? [32, 64] : [1024, 2048, 4096, 8192]) lines.push(await matmulRow(n));

  const budget = mock ? 300 : 5000;
  const backend = cudaInstance();
  backend.kernelCounts.clear();
  const compiled0 = backend.kernels.compiledCount;
  const cuda = cnnStepsPerSecond(budget);
  const counts = [...backend.kernelCounts.entries()].sort(([x], [y]) => x.localeCompare(y));
  const native = counts.filter(([, c]) => c.native > 0 && c.fallback === 0).map(([k]) => k);
  const fallback = counts.filter(([, c]) => c.fallback > 0).map(([k, c]) => `${k}×${c.fallback}`);
  await setBackend('wasm');
  const wasm = cnnStepsPerSecond(budget);
  lines.push(`small CNN training, batch 64 of 28×28×1 (conv3×3×16-pool-conv3×3×32-pool-dense10, SGD):`);
  lines.push(`  cuda ${cuda.stepsPerS.toFixed(1)} steps/s (${cuda.steps} steps, loss ${cuda.loss.toFixed(4)}), wasm ${wasm.stepsPerS.toFixed(1)} steps/s (${wasm.steps} steps, loss ${wasm.loss.toFixed(4)}): cuda/wasm = ${(cuda.stepsPerS / wasm.stepsPerS).toFixed(2)}×`);
  lines.push(`  kernels native on cuda: ${native.join(', ') || 'none'}`);
  lines.push(`  kernels through the CPU fallback: ${fallback.join(', ') || 'none'}`);
  lines.push(`  NVRTC compiled ${backend.kernels.compiledCount - compiled0} kernels during the CNN run (${backend.kernels.compileMs.toFixed(0)} ms total compile time this process)`);
  await descriptor.dispose?.();
  return lines.join('\n');
}

// Run alone only when this file is the entry (not when bundled into the GPU check, which calls run()).
if (process.argv[1]?.endsWith('cuda.bench.ts') && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
