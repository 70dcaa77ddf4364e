/**
 * The real-GPU check, bundled by gpu-bundle.mjs into one file that runs where only Node and the
 * NVIDIA libraries exist: probes 'cuda', runs the parity cases (every native kernel family against
 * 'cpu'), the shared conformance suite on 'cuda', a short CNN training parity run, then the
 * benchmark, and prints one report (also written to $OUT/cuda-report.txt when OUT is set).
 *
 * SINEW_CUDA_MOCK=1 runs it all over the mock driver, to test the bundle on a machine without a GPU.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { registerBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runConformanceSuite } from '@sinew/backend/testing';
import { CudaBackend, createCudaBackend, createMockLibraries } from '../src/index.js';
import { evaluate, parityCases } from '../test/parity-cases.js';
import { run as runBench } from '../../../bench/src/cuda.bench.js';
import { runRegistered } from './vitest-shim.js';

const mock = process.env.SINEW_CUDA_MOCK === '1';
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};

function close(a: number[], b: number[], atol: number, rtol: number): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (!(excess <= 0) && (at < 0 || excess > worst)) {
      worst = excess;
      at = i;
    }
  }
  return at < 0 ? null : `index ${at}: cuda ${a[at]} vs cpu ${b[at]}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const descriptor = mock ? createCudaBackend({ loadLibraries: async () => createMockLibraries() }) : createCudaBackend();
  const support = await descriptor.isSupported();
  say(`cuda available: ${support.available}${support.reason ? ` (${support.reason})` : ''}`);
  if (!support.available) {
    process.exitCode = 1;
    return;
  }
  registerBackend(descriptor);
  await descriptor.init();
  await tf.setBackend('cuda');
  const d = descriptor.describe();
  say(`device: ${d.device}; ${JSON.stringify(d.capabilities, (k, v) => (k === 'nativeKernels' ? undefined : v))}`);
  const backend = tf.backend() as CudaBackend;

  // 1. Parity cases: every native kernel family against cpu.
  const tol = { atol: 1e-4, rtol: 1e-4 };
  let ok = 0;
  const bad: string[] = [];
  for (const c of parityCases()) {
    try {
      await tf.setBackend('cpu');
      const want = evaluate(c);
      await tf.setBackend('cuda');
      const got = evaluate(c);
      const problems = got.map((g, i) => (JSON.stringify([g.shape, g.dtype]) !== JSON.stringify([want[i]!.shape, want[i]!.dtype]) ? 'shape/dtype differ' : close(g.values, want[i]!.values, tol.atol, tol.rtol))).filter(Boolean);
      if (problems.length) bad.push(`${c.family}/${c.name}: ${problems.join('; ')}`);
      else ok++;
    } catch (err) {
      bad.push(`${c.family}/${c.name}: threw ${(err as Error).message.split('\n')[0]}`);
    }
  }
  say(`parity cases (atol ${tol.atol}, rtol ${tol.rtol}): ${ok} passed, ${bad.length} failed`);
  for (const b of bad) say(`  FAIL ${b}`);

  // 2. The shared conformance suite on 'cuda' against 'cpu'.
  runConformanceSuite({ backend: 'cuda' });
  const conf = await runRegistered((l) => say(l));
  say(`conformance suite: ${conf.passed} passed, ${conf.failed.length} failed, ${conf.skipped.length} skipped`);

  const counts = [...backend.kernelCounts.entries()].sort(([x], [y]) => x.localeCompare(y));
  say(`kernels run natively: ${counts.filter(([, c]) => c.native > 0).map(([k]) => k).join(', ')}`);
  say(`kernels run through the CPU fallback: ${counts.filter(([, c]) => c.fallback > 0).map(([k, c]) => `${k}×${c.fallback}`).join(', ') || 'none'}`);
  say(`NVRTC: ${backend.kernels.compiledCount} kernels compiled in ${backend.kernels.compileMs.toFixed(0)} ms (the rest came from the disk cache)`);

  // 3. The benchmark (its own backend instance).
  await tf.setBackend('cpu');
  await descriptor.dispose?.();
  say('--- bench/src/cuda.bench.ts ---');
  say(await runBench());
  say(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (bad.length || conf.failed.length) process.exitCode = 1;
}

main()
  .catch((err) => {
    say(`gpu-check crashed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 2;
  })
  .finally(() => {
    if (process.env.OUT) writeFileSync(join(process.env.OUT, 'cuda-report.txt'), lines.join('\n') + '\n');
  });
