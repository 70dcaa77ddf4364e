import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, TensorContainer } from '@tensorflow/tfjs-core';
import { BackendError } from './errors.js';
import { findBackend } from './registry.js';

/** What {@link preflight} found: the kernels and gradients a function needs that a backend lacks. */
export interface PreflightReport {
  /** The backend that was checked. */
  readonly backend: string;
  /** The backend the function actually ran on. */
  readonly reference: string;
  /** Every kernel the function dispatched, forward and backward, sorted. */
  readonly kernelsUsed: readonly string[];
  /** Kernels in `kernelsUsed` that `backend` has no implementation for. */
  readonly missingKernels: readonly string[];
  /** Kernels whose gradient back-propagation needed but no gradient is registered for (on any backend). */
  readonly missingGradients: readonly string[];
  /**
   * Kernels recorded on a gradient tape without a registered gradient, whether or not back-propagation
   * reached them (a superset of `missingGradients`; those not needed are harmless).
   */
  readonly tapedWithoutGradient: readonly string[];
  /** True when nothing is missing. */
  readonly ok: boolean;
  /** A readable summary, one finding per line. */
  toString(): string;
}

/** Options of {@link preflight}. */
export interface PreflightOptions {
  /** The tfjs backend to run the function on; it must have every kernel the function needs. Default 'cpu'. */
  reference?: string;
  /**
   * Put every variable that existed before the run back to its value afterwards, so that a training step
   * used as the probe does not move the model. Variables the function creates (optimizer slots) remain.
   * Default true.
   */
  restoreVariables?: boolean;
}

interface TapeNode {
  kernelName: string;
  inputs: Record<string, Tensor | undefined>;
  gradient?: (dys: Tensor[]) => Record<string, () => Tensor>;
}

/** The engine internals the recorder hooks (tfjs-core 4.22; `addTapeNode` is private there). */
interface TapeEngine {
  addTapeNode: (...args: unknown[]) => void;
  state: { activeTape: TapeNode[] | null };
}

/**
 * Lists every kernel and every gradient that `fn` needs and `backendName` lacks, without running anything
 * on that backend. `fn` (one training step, say) runs once on the reference backend under tfjs's profiler,
 * which records each kernel dispatched forward and backward; those names are compared with the kernels
 * registered for `backendName`. While it runs, kernels recorded on a gradient tape without a registered
 * gradient get a stand-in zero gradient (and are reported), so one run finds every gap instead of stopping
 * at the first. Afterwards the previously active backend and (by default) all variables are restored, and
 * every tensor `fn` created and did not keep is disposed.
 *
 * The target's tfjs backend must be registered (import its package, e.g. `@sinew/backend-cpu/register`).
 * Ops that choose kernels by backend at run time are seen as they behave on the reference.
 *
 * @param fn - the work to check, sync or async; its result is disposed.
 * @param backendName - the tfjs backend name to check ('wasm', 'webgpu', ...).
 * @returns a {@link PreflightReport}; `String(report)` is a readable summary.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@sinew/backend-cpu/register';
 * import { preflight } from '@sinew/backend';
 *
 * const w = tf.variable(tf.randomNormal([3, 3, 1, 4]));
 * const x = tf.randomNormal([2, 8, 8, 1]);
 * const step = () => tf.variableGrads(() => tf.sum(tf.relu(tf.conv2d(x, w, 1, 'same')))).grads;
 * const report = await preflight(step, 'wasm');
 * console.log(report.ok ? 'wasm can train this' : String(report));
 * ```
 */
export async function preflight(
  fn: () => unknown,
  backendName: string,
  { reference = 'cpu', restoreVariables = true }: PreflightOptions = {},
): Promise<PreflightReport> {
  const engine = tf.engine();
  // A Sinew backend registers its tfjs backend and kernels in init() (wasm's training kernels, say):
  // start the ones tfjs does not know yet, so that preflight works before any setBackend. Nothing runs
  // on the target; one tfjs already knows is taken as it is.
  for (const name of new Set([backendName, reference])) {
    if (tf.findBackendFactory(name) == null) await findBackend(name)?.init();
  }
  const targetKernels = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  if (targetKernels.size === 0 && tf.findBackendFactory(backendName) == null) {
    throw new BackendError(
      `preflight: backend '${backendName}' is not registered with tfjs-core (import its package first, ` +
        `e.g. '@sinew/backend-cpu/register'); registered: ${engine.backendNames().join(', ') || 'none'}`,
    );
  }
  const referenceKernels = new Set(tf.getKernelsForBackend(reference).map((k) => k.kernelName));
  if (referenceKernels.size === 0) {
    throw new BackendError(`preflight: reference backend '${reference}' has no kernels registered with tfjs-core`);
  }

  const previous = engine.backendName as string | null | undefined;
  if (previous !== reference && !(await tf.setBackend(reference))) {
    throw new BackendError(`preflight: reference backend '${reference}' failed to initialise`);
  }

  const snapshot = restoreVariables ? snapshotVariables() : [];
  const taped = new Set<string>();
  const needed = new Set<string>();
  const internals = engine as unknown as TapeEngine;
  const addTapeNode = internals.addTapeNode;
  internals.addTapeNode = function recordingAddTapeNode(this: TapeEngine, ...args: unknown[]) {
    addTapeNode.apply(this, args);
    const tape = this.state.activeTape;
    const node = tape?.[tape.length - 1];
    if (node === undefined || node.gradient != null) return;
    taped.add(node.kernelName);
    const inputs = node.inputs;
    node.gradient = () => {
      needed.add(node.kernelName);
      const grads: Record<string, () => Tensor> = {};
      for (const name of Object.keys(inputs)) {
        const input = inputs[name];
        if (input !== undefined) grads[name] = () => tf.zeros(input.shape, 'float32');
      }
      return grads;
    };
  };

  let kernelsUsed: string[];
  try {
    engine.startScope('preflight');
    try {
      const profile = await tf.profile(async () => {
        await fn();
        return [] as TensorContainer;
      });
      kernelsUsed = [...new Set(profile.kernels.map((k) => k.name))].filter((n) => referenceKernels.has(n)).sort();
    } finally {
      engine.endScope();
    }
  } finally {
    internals.addTapeNode = addTapeNode;
    for (const { variable, value } of snapshot) {
      if (!variable.isDisposed) variable.assign(value);
      value.dispose();
    }
    if (previous != null && previous !== reference) await tf.setBackend(previous);
  }

  const missingKernels = kernelsUsed.filter((n) => !targetKernels.has(n));
  const missingGradients = [...needed].sort();
  const tapedWithoutGradient = [...taped].sort();
  return makeReport({
    backend: backendName,
    reference,
    kernelsUsed,
    missingKernels,
    missingGradients,
    tapedWithoutGradient,
    ok: missingKernels.length === 0 && missingGradients.length === 0,
  });
}

function snapshotVariables(): Array<{ variable: tf.Variable; value: Tensor }> {
  const variables = Object.values(tf.engine().registeredVariables);
  return variables.map((variable) => ({ variable, value: tf.keep(tf.clone(variable)) }));
}

function makeReport(fields: Omit<PreflightReport, 'toString'>): PreflightReport {
  return {
    ...fields,
    toString() {
      const head = `preflight for backend '${fields.backend}' (ran on '${fields.reference}', ${fields.kernelsUsed.length} kernels used)`;
      if (fields.ok) return `${head}: ok, nothing missing`;
      const lines = [`${head}: ${fields.missingKernels.length + fields.missingGradients.length} gap(s)`];
      if (fields.missingKernels.length > 0) {
        lines.push(`  kernels missing on '${fields.backend}': ${fields.missingKernels.join(', ')}`);
      }
      if (fields.missingGradients.length > 0) {
        lines.push(`  gradients not registered (needed by back-propagation): ${fields.missingGradients.join(', ')}`);
      }
      return lines.join('\n');
    },
  };
}
