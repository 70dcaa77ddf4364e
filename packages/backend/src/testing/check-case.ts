import * as tf from '@tensorflow/tfjs-core';
// The package entry, not registry.js: importing it registers Sinew's gradients.
import { findBackend } from '../index.js';
import { mismatch } from './closeness.js';
import type { ConformanceCase, Tolerances } from './conformance-case.js';
import { numericGradient, sampleIndices } from './numeric-gradient.js';
import { lossAt, runCase, type CaseResult, type PreparedCase } from './run-case.js';

/**
 * Tolerances used unless overridden: float32 kernels that sum in different orders.
 *
 * @example
 * ```ts
 * import { DEFAULT_TOLERANCES } from '@sinew/backend/testing';
 * console.log(DEFAULT_TOLERANCES.forward); // { atol: 0.0001, rtol: 0.0001 }
 * ```
 */
export const DEFAULT_TOLERANCES: Tolerances = {
  forward: { atol: 1e-4, rtol: 1e-4 },
  gradient: { atol: 1e-4, rtol: 1e-3 },
  finiteDifference: { atol: 2e-3, rtol: 2e-2 },
};

const started = new Set<string>();

/**
 * Makes `name` the active backend, starting it through its Sinew descriptor (once per process) when one
 * is registered.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@sinew/backend-cpu/register';
 * import { useBackend } from '@sinew/backend/testing';
 * await useBackend('cpu');
 * console.log(tf.getBackend()); // 'cpu'
 * ```
 */
export async function useBackend(name: string): Promise<void> {
  if ((tf.engine() as unknown as { backendName?: string }).backendName === name) return;
  const descriptor = findBackend(name);
  if (descriptor && !started.has(name)) {
    await descriptor.init();
    started.add(name);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`conformance: backend '${name}' could not be started (register it first, e.g. import '@sinew/backend-cpu/register')`);
}

/**
 * A case's tolerances: its own, over the suite's, over {@link DEFAULT_TOLERANCES}.
 *
 * @example
 * ```ts
 * import { CONFORMANCE_CASES, tolerancesFor } from '@sinew/backend/testing';
 * const tol = tolerancesFor(CONFORMANCE_CASES[0]!, { forward: { atol: 1e-3, rtol: 1e-3 } });
 * console.log(tol.forward, tol.gradient);
 * ```
 */
export function tolerancesFor(c: ConformanceCase, suite?: Partial<Tolerances>): Tolerances {
  return {
    forward: { ...DEFAULT_TOLERANCES.forward, ...suite?.forward, ...c.tolerance?.forward },
    gradient: { ...DEFAULT_TOLERANCES.gradient, ...suite?.gradient, ...c.tolerance?.gradient },
    finiteDifference: { ...DEFAULT_TOLERANCES.finiteDifference, ...suite?.finiteDifference, ...c.tolerance?.finiteDifference },
  };
}

/** Options of {@link checkCase}. */
export interface CheckOptions {
  backend: string;
  /** Compared with; when equal to `backend`, only finite differences and leaks judge. */
  reference: string;
  tolerance?: Tolerances;
  finiteDifferenceSamples?: number;
  finiteDifferenceStep?: number;
  /** Collects the kernels that ran on `backend`. */
  ranKernels?: Set<string>;
}

/**
 * Checks one case on `backend`: its declared kernels run, its output and gradients match `reference`,
 * its gradients match central finite differences of its own forward pass (float64 on the host), and it
 * leaves no tensor behind (that one throws). Returns the failures, one line each; empty means it passed.
 *
 * @example
 * ```ts
 * const failures = await checkCase(prepareCase(CONFORMANCE_CASES[0]!), { backend: 'wasm', reference: 'cpu' });
 * ```
 */
export async function checkCase(p: PreparedCase, options: CheckOptions): Promise<string[]> {
  const { backend, reference, ranKernels } = options;
  const tol = options.tolerance ?? tolerancesFor(p.case);
  const fdSamples = options.finiteDifferenceSamples ?? 6;
  const fdStep = options.finiteDifferenceStep ?? 1e-2;
  const c = p.case;
  const failures: string[] = [];
  let ref: CaseResult | undefined;
  if (reference !== backend) {
    await useBackend(reference);
    ref = await runCase(p, { fn: c.referenceFn?.fn ?? c.fn });
  }
  await useBackend(backend);
  const got = await runCase(p, { profile: true });
  for (const k of got.kernels ?? []) ranKernels?.add(k);
  const missing = c.kernels.filter((k) => !(got.kernels ?? []).includes(k));
  if (missing.length > 0) {
    failures.push(`declared kernel(s) ${missing.join(', ')} did not run on '${backend}' (ran: ${(got.kernels ?? []).join(', ')})`);
  }
  if (ref) {
    if (JSON.stringify(got.shape) !== JSON.stringify(ref.shape)) {
      failures.push(`output shape [${got.shape.join(', ')}] on '${backend}', [${ref.shape.join(', ')}] on '${reference}'`);
    } else {
      const m = mismatch(got.output, ref.output, tol.forward, `output vs '${reference}'`);
      if (m) failures.push(m);
    }
    if (c.referenceGradient === undefined || c.referenceGradient === true) {
      p.gradInputs.forEach((k, j) => {
        const m = mismatch(got.grads[j]!, ref!.grads[j]!, tol.gradient, `gradient of input ${k} vs '${reference}'`);
        if (m) failures.push(m);
      });
    }
  }
  if (c.finiteDifference ?? c.grad ?? true) {
    for (const [j, k] of p.gradInputs.entries()) {
      const indices = sampleIndices(p.values[k]!.length, fdSamples);
      const fd = await numericGradient((x) => lossAt(p, k, x), p.values[k]!, indices, fdStep);
      const analytic = indices.map((i) => got.grads[j]![i]!);
      const m = mismatch(analytic, fd, tol.finiteDifference, `gradient of input ${k} vs finite differences (coordinates ${indices.join(', ')})`);
      if (m) failures.push(m);
    }
  }
  return failures;
}
