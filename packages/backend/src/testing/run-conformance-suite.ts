import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCase, tolerancesFor, useBackend } from './check-case.js';
import type { ConformanceCase, Tolerances } from './conformance-case.js';
import { CONFORMANCE_CASES, TRAINING_KERNELS } from './conformance-cases.js';
import { prepareCase } from './run-case.js';

/** Options of {@link runConformanceSuite}. */
export interface ConformanceOptions {
  /** The backend under test, by its registered name. */
  backend: string;
  /** The backend it is compared with; default 'cpu' (tfjs-backend-cpu, plain JavaScript). */
  reference?: string;
  /**
   * Cases to skip, each with its reason: keyed by case name ('conv2d/dilation2-same'), group
   * ('conv2d') or kernel name ('Conv3D'). A key that matches nothing fails the suite.
   */
  skip?: Record<string, string>;
  /** Tolerances for every case (a case's own tolerances take precedence). */
  tolerance?: Partial<Tolerances>;
  /** The table to run; default {@link CONFORMANCE_CASES}. */
  cases?: readonly ConformanceCase[];
  /** Coordinates per input checked by finite differences; default 6. */
  finiteDifferenceSamples?: number;
  /** Finite-difference step; default 1e-2 (inputs are O(1)). */
  finiteDifferenceStep?: number;
}

function skipKeyMatches(key: string, c: ConformanceCase): boolean {
  return c.name === key || c.name.startsWith(`${key}/`) || c.kernels.includes(key);
}

/**
 * Defines the conformance suite as vitest tests: every case of the table runs on `backend` and is
 * compared with `reference` (forward output and gradients) and with finite differences of the
 * backend's own forward pass (in float64 on the host); each case must also leave no tensor behind.
 * Skipped cases show their reason in the test name; a skip key that matches no case fails.
 *
 * Call it at the top level of a test file, after registering the backend.
 *
 * @example
 * ```ts
 * // packages/backend-foo/src/conformance.test.ts
 * import '@sinew/backend-cpu/register';
 * import '@sinew/backend-foo/register';
 * import { runConformanceSuite } from '@sinew/backend/testing';
 * runConformanceSuite({ backend: 'foo', skip: { 'Conv3D': 'no 3D convolution in this device API yet' } });
 * ```
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const { backend, reference = 'cpu', skip = {}, tolerance, cases = CONFORMANCE_CASES } = options;
  const fdSamples = options.finiteDifferenceSamples ?? 6;
  const fdStep = options.finiteDifferenceStep ?? 1e-2;
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`conformance: two cases are named '${c.name}'`);
    names.add(c.name);
  }
  const ranKernels = new Set<string>();
  const skippedKernels = new Set<string>();

  describe(`conformance: '${backend}' against '${reference}'`, () => {
    let previous: string | undefined;
    beforeAll(async () => {
      previous = (tf.engine() as unknown as { backendName?: string }).backendName;
      await useBackend(reference);
      await useBackend(backend);
    });
    afterAll(async () => {
      if (previous != null && previous !== backend) await tf.setBackend(previous);
    });

    test('skip list: every key has a reason and matches a case, group or kernel', () => {
      const problems: string[] = [];
      for (const [key, reason] of Object.entries(skip)) {
        if (typeof reason !== 'string' || reason.trim() === '') problems.push(`'${key}' has no reason`);
        if (!cases.some((c) => skipKeyMatches(key, c))) problems.push(`'${key}' matches no case, group or kernel`);
      }
      expect(problems, `conformance skip list of '${backend}'`).toEqual([]);
    });

    for (const c of cases) {
      const key = Object.keys(skip).find((k) => skipKeyMatches(k, c));
      if (key !== undefined) {
        for (const k of c.kernels) skippedKernels.add(k);
        test.skip(`${c.name} — skipped: ${skip[key]}`, () => {});
        continue;
      }
      const p = prepareCase(c);
      const tol = tolerancesFor(c, tolerance);
      const note = c.referenceFn ? ` (reference computed another way: ${c.referenceFn.reason})` : '';
      test(`${c.name} [${c.kernels.join(', ')}]${note}`, async () => {
        const failures = await checkCase(p, { backend, reference, tolerance: tol, finiteDifferenceSamples: fdSamples, finiteDifferenceStep: fdStep, ranKernels });
        if (failures.length > 0) throw new Error(`${c.name} on '${backend}':\n  ${failures.join('\n  ')}`);
      });
    }

    test('coverage: the cases ran every training kernel on this backend', () => {
      const notRun = TRAINING_KERNELS.filter((k) => !ranKernels.has(k) && !skippedKernels.has(k));
      expect(notRun, `training kernels no case exercised on '${backend}'`).toEqual([]);
    });
  });
}
