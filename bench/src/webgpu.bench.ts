/**
 * WebGPU against WebAssembly in one run: a matmul and one training step of a small conv net, timed on
 * 'webgpu' and on 'wasm' in the same process, reported as a ratio. Each timing includes reading the
 * result back (`await data()`), since WebGPU work is asynchronous until then.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/webgpu.bench.ts
 *
 * In Node, 'webgpu' runs on dawn.node; without a GPU set VK_ICD_FILENAMES to SwiftShader (Debian's
 * chromium package ships it), which is software emulation: expect webgpu to lose there.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackends, listBackends, setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeIt(fn: () => Promise<void>, warmup: number, reps: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function filled(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    v[i] = (s / 2147483647 - 0.5) * 0.5;
  }
  return tf.tensor(v, shape);
}

async function matmulMs(n: number): Promise<number> {
  const a = filled([n, n], 1);
  const b = filled([n, n], 2);
  const ms = await timeIt(
    async () => {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    },
    1,
    5,
  );
  tf.dispose([a, b]);
  return ms;
}

async function convStepMs(batch: number): Promise<number> {
  const x = filled([batch, 16, 16, 3], 3);
  const y = filled([batch, 10], 4);
  const k1 = tf.variable(filled([3, 3, 3, 8], 5));
  const k2 = tf.variable(filled([3, 3, 8, 16], 6));
  const w = tf.variable(filled([8 * 8 * 16, 10], 7));
  const b = tf.variable(tf.zeros([10]));
  const opt = tf.train.adam(1e-3);
  const step = async (): Promise<void> => {
    const loss = opt.minimize(
      () => {
        const h1 = tf.relu(tf.conv2d(x as tf.Tensor4D, k1 as tf.Tensor4D, 1, 'same'));
        const h2 = tf.relu(tf.conv2d(h1, k2 as tf.Tensor4D, 2, 'same'));
        const logits = tf.add(tf.matMul(tf.reshape(h2, [batch, 8 * 8 * 16]), w), b);
        return tf.mean(tf.squaredDifference(logits, y)) as tf.Scalar;
      },
      true,
      [k1, k2, w, b],
    );
    await loss!.data();
    loss!.dispose();
  };
  const ms = await timeIt(step, 1, 5);
  opt.dispose();
  tf.dispose([x, y, k1, k2, w, b]);
  return ms;
}

/** Runs the benchmark and returns its report. */
export async function run(): Promise<string> {
  if (process.env.VK_ICD_FILENAMES == null && existsSync(swiftshaderIcd)) process.env.VK_ICD_FILENAMES = swiftshaderIcd;
  try {
    // Loaded here rather than at the top so that a bench workspace without the package reports it
    // instead of stopping every other benchmark.
    await import('@sinew/backend-webgpu/register');
  } catch (err) {
    return `webgpu not measured: @sinew/backend-webgpu could not be loaded (is it a dependency of @sinew/bench?): ${(err as Error).message}`;
  }
  const row = (await listBackends()).find((r) => r.name === 'webgpu');
  if (!row?.available) return `webgpu unavailable, nothing measured: ${row?.reason ?? 'not registered'}`;

  const cases: { name: string; measure: () => Promise<number> }[] = [
    { name: 'matMul 128x128 · 128x128', measure: () => matmulMs(128) },
    { name: 'matMul 512x512 · 512x512', measure: () => matmulMs(512) },
    { name: 'conv net training step (batch 16, 16x16x3, Adam)', measure: () => convStepMs(16) },
  ];
  const results: Record<string, Record<string, number>> = {};
  let device = '';
  for (const backend of ['wasm', 'webgpu']) {
    const info = await setBackend(backend);
    if (backend === 'webgpu') device = `${info.device}${info.software ? ' [software]' : ''}`;
    for (const c of cases) (results[c.name] ??= {})[backend] = await c.measure();
  }
  await disposeBackends(['webgpu']);

  const lines = [
    `webgpu device: ${device}`,
    'median ms per call (result read back); ratio = wasm ms / webgpu ms (>1: webgpu faster)',
    `${'case'.padEnd(50)} ${'wasm'.padStart(9)} ${'webgpu'.padStart(9)} ${'ratio'.padStart(7)}`,
  ];
  for (const c of cases) {
    const r = results[c.name]!;
    lines.push(`${c.name.padEnd(50)} ${r.wasm!.toFixed(2).padStart(9)} ${r.webgpu!.toFixed(2).padStart(9)} ${(r.wasm! / r.webgpu!).toFixed(2).padStart(7)}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}
