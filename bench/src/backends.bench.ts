/**
 * WebAssembly against plain JavaScript in one run: conv2d forward+backward and matmul on 'wasm'
 * (tfjs-backend-wasm + Sinew's training kernels) and on 'cpu' (tfjs-backend-cpu), reported as ratios
 * and as fractions of this machine's peak float32 FLOP rate.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/backends.bench.ts
 *
 * Peak = cores × GHz × FLOPs/cycle/core, all from /proc/cpuinfo: cores are the `processor` entries,
 * GHz the mean `cpu MHz`, and FLOPs/cycle = 2 (an FMA is a multiply and an add) × fp32 lanes of the
 * widest vector ISA in `flags` (avx512f 16, avx/avx2 8, sse 4) × 2 FMA pipes (every x86 server core
 * since Haswell/Zen has two; an assumption, not read). Both backends run on one thread in Node
 * (tfjs-backend-wasm has no threads there), so the fraction of one core's peak is the fair one. The
 * WebAssembly SIMD ceiling is lower still: 128-bit vectors (4 lanes) and no FMA in baseline wasm SIMD.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';

interface Peak {
  cores: number;
  ghz: number;
  isa: string;
  flopsPerCycle: number;
  /** GFLOP/s of the whole machine. */
  machine: number;
  /** GFLOP/s of one core. */
  core: number;
  /** GFLOP/s of one core with 128-bit wasm SIMD (4 lanes × mul + add, 2 pipes). */
  wasmSimdCore: number;
  note: string;
}

function machinePeak(): Peak {
  let text = '';
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return { cores: 1, ghz: 0, isa: 'unknown', flopsPerCycle: 0, machine: NaN, core: NaN, wasmSimdCore: NaN, note: 'no /proc/cpuinfo' };
  }
  const cores = (text.match(/^processor\s*:/gm) ?? []).length || 1;
  const mhz = [...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  const ghz = mhz.length ? mhz.reduce((a, b) => a + b, 0) / mhz.length / 1000 : NaN;
  const flags = new Set((text.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  const [isa, lanes] = flags.has('avx512f') ? ['avx512f', 16] : flags.has('avx2') || flags.has('avx') ? ['avx2', 8] : ['sse', 4];
  const fmaPipes = 2;
  const flopsPerCycle = 2 * lanes * fmaPipes;
  const model = text.match(/^model name\s*:(.*)$/m)?.[1]?.trim() ?? 'unknown CPU';
  return {
    cores,
    ghz,
    isa,
    flopsPerCycle,
    machine: cores * ghz * flopsPerCycle,
    core: ghz * flopsPerCycle,
    wasmSimdCore: ghz * 4 * 2 * 2,
    note: `${model}, ${cores} logical cores × ${ghz.toFixed(2)} GHz × ${flopsPerCycle} FLOPs/cycle (${isa}: 2 × ${lanes} lanes × ${fmaPipes} FMA pipes)`,
  };
}

/**
 * Median milliseconds of CPU time of `fn` (which must finish its work, e.g. by reading a result back).
 * CPU time, not wall time: this machine is shared, and both backends compute on the calling thread
 * in Node, so the process's CPU time is the work done, undisturbed by other processes.
 */
function timeIt(fn: () => void, budgetMs: number, warmup: number, minReps: number, maxReps = 30): { cpu: number; wall: number } {
  for (let i = 0; i < warmup; i++) fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  const start = performance.now();
  while (cpu.length < minReps || (cpu.length < maxReps && performance.now() - start < budgetMs)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
  return { cpu: median(cpu), wall: median(wall) };
}

interface Workload {
  name: string;
  flops: number;
  make: () => { step: () => void; dispose: () => void };
}

function seededTensor(shape: number[], seed: number): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v[i] = s / 4294967296 - 0.5;
  }
  return tf.tensor(v, shape);
}

function convWorkload(b: number, hw: number, ci: number, co: number, k: number): Workload {
  const forward = 2 * b * hw * hw * k * k * ci * co;
  return {
    name: `conv2d fwd+bwd [${b},${hw},${hw},${ci}] * [${k},${k},${ci},${co}] same`,
    // forward, input gradient and filter gradient each cost one forward's multiply-adds.
    flops: 3 * forward,
    make: () => {
      const x = seededTensor([b, hw, hw, ci], 1);
      const w = seededTensor([k, k, ci, co], 2);
      const dy = seededTensor([b, hw, hw, co], 3);
      // dy is fed as the upstream gradient, so exactly Conv2D, Conv2DBackpropInput and
      // Conv2DBackpropFilter run (and the forward output is read back too).
      const f = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'));
      return {
        step: () => {
          const gs = f([x, w], dy);
          for (const g of gs) g.dataSync();
          tf.dispose(gs);
        },
        dispose: () => tf.dispose([x, w, dy]),
      };
    },
  };
}

function matMulWorkload(n: number): Workload {
  return {
    name: `matmul ${n}x${n} · ${n}x${n}`,
    flops: 2 * n * n * n,
    make: () => {
      const a = seededTensor([n, n], 4);
      const b = seededTensor([n, n], 5);
      return {
        step: () => {
          const c = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
          c.dataSync();
          c.dispose();
        },
        dispose: () => tf.dispose([a, b]),
      };
    },
  };
}

/** Runs every workload on wasm and cpu and returns the report. */
export async function run(): Promise<string> {
  const peak = machinePeak();
  // Sizes chosen so tfjs-backend-cpu (plain JS loops) finishes a rep in about a second.
  const workloads = [convWorkload(4, 16, 16, 32, 3), convWorkload(2, 32, 32, 8, 3), convWorkload(4, 8, 8, 64, 3), matMulWorkload(256), matMulWorkload(512)];
  const lines = [
    `peak: ${peak.machine.toFixed(1)} GFLOP/s machine, ${peak.core.toFixed(1)} GFLOP/s per core (${peak.note});`,
    `      wasm SIMD128 ceiling per core ≈ ${peak.wasmSimdCore.toFixed(1)} GFLOP/s (4 lanes × mul+add × 2 pipes)`,
    'times: median CPU milliseconds per step (wall-clock median in brackets); both backends single-threaded',
    '',
    '| workload | MFLOP | wasm ms | cpu ms | wasm speed-up over cpu | wasm GFLOP/s | wasm % of core peak | wasm % of machine peak | cpu GFLOP/s | cpu % of core peak |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const wl of workloads) {
    const t: Record<string, { cpu: number; wall: number }> = {};
    for (const backend of ['wasm', 'cpu']) {
      await setBackend(backend);
      const { step, dispose } = wl.make();
      try {
        t[backend] = backend === 'cpu' ? timeIt(step, 2000, 1, 2) : timeIt(step, 1500, 3, 5);
      } finally {
        dispose();
      }
    }
    const gf = (ms: number) => wl.flops / ms / 1e6;
    const pct = (g: number, p: number) => `${((100 * g) / p).toFixed(2)}%`;
    const w = t.wasm!;
    const c = t.cpu!;
    lines.push(
      `| ${wl.name} | ${(wl.flops / 1e6).toFixed(1)} | ${w.cpu.toFixed(2)} (${w.wall.toFixed(2)}) | ${c.cpu.toFixed(1)} (${c.wall.toFixed(1)}) | ` +
        `${(c.cpu / w.cpu).toFixed(1)}× | ${gf(w.cpu).toFixed(2)} | ${pct(gf(w.cpu), peak.core)} | ${pct(gf(w.cpu), peak.machine)} | ` +
        `${gf(c.cpu).toFixed(3)} | ${pct(gf(c.cpu), peak.core)} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
