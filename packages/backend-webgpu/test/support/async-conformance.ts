/**
 * The conformance table of '@sinew/backend/testing', run with asynchronous reads.
 *
 * Why this exists: the shared runner (`runConformanceSuite`) reads results with `dataSync()`, and
 * WebGPU has no blocking readback; tfjs-backend-webgpu's synchronous path needs `OffscreenCanvas`,
 * which Node lacks. Until the shared runner reads with `await data()`, this runs the same cases, with
 * the same inputs (`prepareCase`), tolerances, comparisons (`mismatch`) and coverage check, but awaits
 * every read. Nothing here decides what is correct: the reference backend and finite differences do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findBackend } from '@sinew/backend';
import {
  CONFORMANCE_CASES,
  DEFAULT_TOLERANCES,
  TRAINING_KERNELS,
  mismatch,
  prepareCase,
  sampleIndices,
  type ConformanceCase,
  type PreparedCase,
  type Tolerances,
} from '@sinew/backend/testing';

interface Result {
  shape: number[];
  output: Float64Array;
  grads: Float64Array[];
  kernels: string[];
}

async function useBackend(name: string): Promise<void> {
  if (tf.getBackend() === name) return;
  await findBackend(name)?.init();
  if (!(await tf.setBackend(name))) throw new Error(`conformance: backend '${name}' could not be started`);
}

function inputs(p: PreparedCase, values: ArrayLike<number>[]): tf.Tensor[] {
  return p.case.inputs.map((spec, i) => tf.tensor(Array.from(values[i]!), spec.shape, spec.dtype ?? 'float32'));
}

async function run(p: PreparedCase): Promise<Result> {
  const before = tf.memory().numTensors;
  const xs = inputs(p, p.values);
  let out: Omit<Result, 'kernels'> | undefined;
  let kernels: string[] = [];
  try {
    const info = await tf.profile(async () => {
      const y = tf.tidy(() => p.case.fn(...xs));
      const output = Float64Array.from(await y.data());
      const shape = y.shape;
      y.dispose();
      const grads: Float64Array[] = [];
      if (p.gradInputs.length > 0) {
        const gs = tf.tidy(() =>
          tf.grads((...gx: tf.Tensor[]) => {
            const all = xs.slice();
            p.gradInputs.forEach((k, j) => (all[k] = gx[j]!));
            const yy = p.case.fn(...all);
            return tf.sum(tf.mul(tf.cast(yy, 'float32'), tf.tensor(p.outputWeights(yy.size), yy.shape, 'float32')));
          })(p.gradInputs.map((k) => xs[k]!)),
        );
        for (const g of gs) grads.push(Float64Array.from(await g.data()));
        tf.dispose(gs);
      }
      out = { shape, output, grads };
    });
    kernels = [...new Set(info.kernelNames)];
  } finally {
    tf.dispose(xs);
  }
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`case '${p.case.name}' on '${tf.getBackend()}' leaked ${after - before} tensor(s)`);
  return { ...out!, kernels };
}

async function lossAt(p: PreparedCase, k: number, xk: ArrayLike<number>): Promise<number> {
  const values: ArrayLike<number>[] = p.values.slice();
  values[k] = xk;
  const xs = inputs(p, values);
  try {
    const y = tf.tidy(() => p.case.fn(...xs));
    const data = await y.data();
    y.dispose();
    const w = p.outputWeights(data.length);
    let s = 0;
    for (let i = 0; i < data.length; i++) s += data[i]! * w[i]!;
    return s;
  } finally {
    tf.dispose(xs);
  }
}

async function numericGradient(p: PreparedCase, k: number, indices: number[], h: number): Promise<number[]> {
  const x = Float64Array.from(p.values[k]!);
  const out: number[] = [];
  for (const i of indices) {
    const xi = x[i]!;
    x[i] = xi + h;
    const up = await lossAt(p, k, x);
    x[i] = xi - h;
    const down = await lossAt(p, k, x);
    x[i] = xi;
    out.push((up - down) / (2 * h));
  }
  return out;
}

function matches(key: string, c: ConformanceCase): boolean {
  return c.name === key || c.name.startsWith(`${key}/`) || c.kernels.includes(key);
}

/** Options: the backend under test, its reference, and skips with reasons (keys as in the shared suite). */
export interface AsyncConformanceOptions {
  backend: string;
  reference?: string;
  skip?: Record<string, string>;
  fdSamples?: number;
  fdStep?: number;
}

/** Defines the conformance tests for `backend` (see the file comment). */
export function runAsyncConformanceSuite({ backend, reference = 'cpu', skip = {}, fdSamples = 6, fdStep = 1e-2 }: AsyncConformanceOptions): void {
  const ran = new Set<string>();
  const skippedKernels = new Set<string>();
  describe(`conformance (async reads): '${backend}' against '${reference}'`, () => {
    beforeAll(async () => {
      await useBackend(reference);
      await useBackend(backend);
    });
    afterAll(async () => {
      await useBackend(reference);
    });

    test('skip list: every key has a reason and matches a case, group or kernel', () => {
      const bad = Object.entries(skip).filter(([k, r]) => !r.trim() || !CONFORMANCE_CASES.some((c) => matches(k, c)));
      expect(bad).toEqual([]);
    });

    for (const c of CONFORMANCE_CASES) {
      const key = Object.keys(skip).find((k) => matches(k, c));
      if (key !== undefined) {
        c.kernels.forEach((k) => skippedKernels.add(k));
        test.skip(`${c.name} — skipped: ${skip[key]}`, () => {});
        continue;
      }
      const p = prepareCase(c);
      const tol: Tolerances = {
        forward: { ...DEFAULT_TOLERANCES.forward, ...c.tolerance?.forward },
        gradient: { ...DEFAULT_TOLERANCES.gradient, ...c.tolerance?.gradient },
        finiteDifference: { ...DEFAULT_TOLERANCES.finiteDifference, ...c.tolerance?.finiteDifference },
      };
      test(`${c.name} [${c.kernels.join(', ')}]`, async () => {
        const failures: string[] = [];
        await useBackend(reference);
        const ref = await run(p);
        await useBackend(backend);
        const got = await run(p);
        got.kernels.forEach((k) => ran.add(k));
        const missing = c.kernels.filter((k) => !got.kernels.includes(k));
        if (missing.length > 0) failures.push(`declared kernel(s) ${missing.join(', ')} did not run (ran: ${got.kernels.join(', ')})`);
        if (JSON.stringify(got.shape) !== JSON.stringify(ref.shape)) {
          failures.push(`output shape [${got.shape}] vs [${ref.shape}] on '${reference}'`);
        } else {
          const m = mismatch(got.output, ref.output, tol.forward, `output vs '${reference}'`);
          if (m) failures.push(m);
        }
        if (c.referenceGradient === undefined || c.referenceGradient === true) {
          p.gradInputs.forEach((k, j) => {
            const m = mismatch(got.grads[j]!, ref.grads[j]!, tol.gradient, `gradient of input ${k} vs '${reference}'`);
            if (m) failures.push(m);
          });
        }
        if (c.finiteDifference ?? c.grad ?? true) {
          for (const [j, k] of p.gradInputs.entries()) {
            const indices = sampleIndices(p.values[k]!.length, fdSamples);
            const fd = await numericGradient(p, k, indices, fdStep);
            const m = mismatch(indices.map((i) => got.grads[j]![i]!), fd, tol.finiteDifference, `gradient of input ${k} vs finite differences`);
            if (m) failures.push(m);
          }
        }
        if (failures.length > 0) throw new Error(`${c.name} on '${backend}':\n  ${failures.join('\n  ')}`);
      });
    }

    test('coverage: the cases ran every training kernel on this backend', () => {
      expect(TRAINING_KERNELS.filter((k) => !ran.has(k) && !skippedKernels.has(k))).toEqual([]);
    });
  });
}
