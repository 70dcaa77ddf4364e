import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './conformance-case.js';
import { drawInput, hashString, seededRandom } from './random-inputs.js';

/** A case's inputs and output weights, drawn once and shared by every backend that runs it. */
export interface PreparedCase {
  case: ConformanceCase;
  values: number[][];
  /** Weights r of the scalar Σ y·r whose gradient is checked (one per output element, drawn lazily). */
  outputWeights(size: number): number[];
  /** Which inputs gradients are checked for. */
  gradInputs: number[];
}

/** What one backend computed for a case. */
export interface CaseResult {
  shape: number[];
  output: Float64Array;
  /** One per entry of `gradInputs`; empty when the case checks no gradients. */
  grads: Float64Array[];
  /** Kernels that ran (forward and backward), when profiled. */
  kernels?: string[];
}

/**
 * Draws a case's inputs from its name, so every backend (and every run) sees the same numbers.
 *
 * @example
 * ```ts
 * const prepared = prepareCase(CONFORMANCE_CASES[0]!);
 * ```
 */
export function prepareCase(c: ConformanceCase): PreparedCase {
  const rand = seededRandom(hashString(c.name));
  const values = c.inputs.map((spec) => drawInput(spec, rand));
  let weights: number[] | undefined;
  const weightRand = seededRandom(hashString(c.name) ^ 0x9e3779b9);
  const checkGrads = c.grad ?? true;
  const gradInputs = checkGrads
    ? c.inputs.flatMap((spec, i) => ((spec.grad ?? (spec.dtype ?? 'float32') === 'float32') ? [i] : []))
    : [];
  if (checkGrads && gradInputs.length === 0) throw new Error(`conformance case '${c.name}': grad is on but no input takes a gradient`);
  return {
    case: c,
    values,
    gradInputs,
    outputWeights(size) {
      if (weights == null || weights.length !== size) {
        weights = Array.from({ length: size }, () => weightRand() * 2 - 1);
      }
      return weights;
    },
  };
}

function makeInputs(p: PreparedCase, values: ArrayLike<number>[]): tf.Tensor[] {
  return p.case.inputs.map((spec, i) => tf.tensor(Array.from(values[i]!), spec.shape, spec.dtype ?? 'float32'));
}

function lossOf(p: PreparedCase, y: tf.Tensor): tf.Scalar {
  const w = tf.tensor(p.outputWeights(y.size), y.shape, 'float32');
  // Explicit axes: the harness should not depend on the null-axis path, which a case tests itself.
  return tf.sum(tf.mul(y, w), y.shape.map((_, i) => i)) as tf.Scalar;
}

/**
 * Runs `fn` and returns the names of the kernels the engine ran meanwhile (forward and backward).
 * tf.profile would do, but it runs kernels inside the backend's async timer, turning a kernel's
 * exception into an unhandled rejection; wrapping `runKernel` keeps errors synchronous.
 */
async function recordKernels(fn: () => Promise<void>): Promise<string[]> {
  const engine = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  const original = engine.runKernel;
  const names = new Set<string>();
  engine.runKernel = function (this: unknown, name: string, ...rest: unknown[]) {
    names.add(name);
    return original.call(this, name, ...rest);
  };
  try {
    await fn();
  } finally {
    engine.runKernel = original;
  }
  return [...names];
}

/**
 * Runs a case on the active backend: its output, and the gradients of Σ y·r with respect to its
 * gradient inputs (r: fixed random weights). Throws if the case leaves a tensor behind.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { CONFORMANCE_CASES, prepareCase, runCase, useBackend } from '@sinew/backend/testing';
 * await useBackend('cpu');
 * const result = await runCase(prepareCase(CONFORMANCE_CASES[0]!), { profile: true });
 * console.log(result.shape, result.grads.length, result.kernels);
 * ```
 */
export async function runCase(
  p: PreparedCase,
  { profile = false, fn = p.case.fn }: { profile?: boolean; fn?: (...inputs: tf.Tensor[]) => tf.Tensor } = {},
): Promise<CaseResult> {
  const before = tf.memory().numTensors;
  const xs = makeInputs(p, p.values);
  let result: CaseResult | undefined;
  // Reads are awaited: backends such as WebGPU have no blocking readback.
  const exec = async (): Promise<void> => {
    const y = tf.tidy(() => fn(...xs));
    const shape = y.shape;
    const output = Float64Array.from(await y.data());
    y.dispose();
    const grads: Float64Array[] = [];
    if (p.gradInputs.length > 0) {
      const gs = tf.tidy(() => {
        const f = (...gx: tf.Tensor[]): tf.Scalar => {
          const all = xs.slice();
          p.gradInputs.forEach((k, j) => (all[k] = gx[j]!));
          return lossOf(p, fn(...all));
        };
        return tf.grads(f)(p.gradInputs.map((k) => xs[k]!));
      });
      for (const g of gs) grads.push(Float64Array.from(await g.data()));
      tf.dispose(gs);
    }
    result = { shape, output, grads };
  };
  try {
    if (profile) {
      result = undefined;
      const kernels = await recordKernels(exec);
      result!.kernels = kernels;
    } else {
      await exec();
    }
  } finally {
    tf.dispose(xs);
  }
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`conformance case '${p.case.name}' on '${tf.getBackend()}' leaked ${after - before} tensor(s) (${before} live before, ${after} after)`);
  }
  return result!;
}

/**
 * The scalar Σ y·r of a case evaluated on the active backend with input `k` replaced by `xk`, summed
 * in float64 on the host: the function finite differences differentiate.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { CONFORMANCE_CASES, lossAt, prepareCase, useBackend } from '@sinew/backend/testing';
 * await useBackend('cpu');
 * const p = prepareCase(CONFORMANCE_CASES[0]!);
 * const loss = await lossAt(p, 0, p.values[0]!); // Σ y·r at the case's own inputs
 * ```
 */
export async function lossAt(p: PreparedCase, k: number, xk: ArrayLike<number>): Promise<number> {
  const values: ArrayLike<number>[] = p.values.slice();
  values[k] = xk;
  const xs = makeInputs(p, values);
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
