import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription, Environment, Support } from './backend.js';
import { currentEnvironment } from './environment.js';
import { BackendError } from './errors.js';

/** One row of {@link listBackends}. */
export interface BackendStatus extends Support {
  name: string;
  priority: number;
  environments: readonly Environment[];
  /** True for the backend tfjs's engine is running on now. */
  active: boolean;
}

const backends = new Map<string, Backend>();

/**
 * Makes a backend known to Sinew. Backend packages call this from their `register` entry; registering
 * the same name again replaces the earlier descriptor (hot reload, tests).
 *
 * @example
 * ```ts
 * import { cpuBackend } from '@sinew/backend-cpu';
 * import { registerBackend, setBackend } from '@sinew/backend';
 * registerBackend(cpuBackend); // what '@sinew/backend-cpu/register' does
 * await setBackend('cpu');
 * ```
 */
export function registerBackend(backend: Backend): void {
  if (!/^[a-z][a-z0-9-]*$/.test(backend.name)) {
    throw new BackendError(`registerBackend: invalid backend name '${backend.name}' (lowercase letters, digits and '-')`);
  }
  backends.set(backend.name, backend);
}

/**
 * Forgets a registered backend (tests use it); the tfjs engine keeps what it already built.
 *
 * @example
 * ```ts
 * import { cpuBackend } from '@sinew/backend-cpu';
 * import { findBackend, registerBackend, unregisterBackend } from '@sinew/backend';
 * registerBackend(cpuBackend);
 * unregisterBackend('cpu');
 * console.log(findBackend('cpu')); // undefined
 * registerBackend(cpuBackend);
 * ```
 */
export function unregisterBackend(name: string): void {
  backends.delete(name);
}

/**
 * The registered descriptor of that name, if any.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { findBackend } from '@sinew/backend';
 * const wasm = findBackend('wasm');
 * console.log(wasm?.priority, await wasm?.isSupported()); // 100 { available: true }
 * ```
 */
export function findBackend(name: string): Backend | undefined {
  return backends.get(name);
}

async function probe(backend: Backend): Promise<Support> {
  // A probe must never throw; one that does is a bug in that backend, reported as unavailability.
  try {
    return await backend.isSupported();
  } catch (err) {
    return { available: false, reason: `its probe failed: ${(err as Error).message}` };
  }
}

function byPriority(a: Backend, b: Backend): number {
  return b.priority - a.priority || a.name.localeCompare(b.name);
}

/**
 * Every registered backend, best first, each with whether it can run here and, if not, why.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { listBackends } from '@sinew/backend';
 * for (const b of await listBackends()) console.log(b.name, b.available, b.reason ?? '');
 * ```
 */
export async function listBackends(): Promise<BackendStatus[]> {
  const env = currentEnvironment();
  const activeName = activeTfBackendName();
  const rows: BackendStatus[] = [];
  for (const b of [...backends.values()].sort(byPriority)) {
    const support: Support = b.environments.includes(env)
      ? await probe(b)
      : { available: false, reason: `it does not run in ${env} (only ${b.environments.join(', ')})` };
    rows.push({ name: b.name, priority: b.priority, environments: b.environments, ...support, active: b.name === activeName });
  }
  return rows;
}

function activeTfBackendName(): string | undefined {
  // tf.getBackend() would initialise a backend as a side effect; the engine's field does not.
  return (tf.engine() as unknown as { backendName?: string }).backendName ?? undefined;
}

function describeChoices(rows: BackendStatus[]): string {
  if (rows.length === 0) {
    return "No backend is registered: import a backend package's register entry first, e.g. import '@sinew/backend-cpu/register'.";
  }
  return 'Registered backends: ' + rows.map((r) => (r.available ? `${r.name} (available)` : `${r.name} (unavailable: ${r.reason})`)).join('; ') + '.';
}

async function choose(name: string): Promise<Backend> {
  if (name === 'auto') {
    const rows = await listBackends();
    // Emulated devices (WebGPU on SwiftShader) are correct but far slower than wasm: last resort only.
    const best = rows.find((r) => r.available && !r.software) ?? rows.find((r) => r.available);
    if (!best) throw new BackendError(`setBackend('auto'): no registered backend can run in ${currentEnvironment()}. ${describeChoices(rows)}`);
    return backends.get(best.name)!;
  }
  const backend = backends.get(name);
  if (!backend) throw new BackendError(`setBackend('${name}'): unknown backend. ${describeChoices(await listBackends())}`);
  const env = currentEnvironment();
  const support = backend.environments.includes(env)
    ? await probe(backend)
    : { available: false, reason: `it does not run in ${env}` };
  if (!support.available) {
    throw new BackendError(`setBackend('${name}'): backend is unavailable: ${support.reason}. ${describeChoices(await listBackends())}`);
  }
  return backend;
}

/**
 * Chooses the backend every following op runs on and starts it. 'auto' picks the best backend that
 * can run here (an NVIDIA GPU in Node, then WebGPU, then WebAssembly), passing over devices emulated
 * in software (WebGPU on SwiftShader) while a backend on real hardware is available. Resolves to
 * what was chosen.
 *
 * @throws BackendError naming the available backends when `name` is unknown or cannot run here.
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { setBackend } from '@sinew/backend';
 * const chosen = await setBackend('auto');
 * console.log(chosen.name, chosen.device);
 * ```
 */
export async function setBackend(name: 'auto' | (string & {}) = 'auto'): Promise<BackendDescription> {
  const backend = await choose(name);
  try {
    await backend.init();
  } catch (err) {
    throw new BackendError(`setBackend('${backend.name}'): initialisation failed: ${(err as Error).message}`);
  }
  const ok = await tf.setBackend(backend.name);
  if (!ok) throw new BackendError(`setBackend('${backend.name}'): the tfjs engine could not start backend '${backend.name}'`);
  await tf.ready();
  return backend.describe();
}

/**
 * Describes the backend ops run on now. Throws when tfjs runs on a backend Sinew does not know
 * (one set with tf.setBackend directly, or none yet).
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { getBackendInfo, setBackend } from '@sinew/backend';
 * await setBackend('cpu');
 * const info = getBackendInfo();
 * console.log(info.name, info.device, info.precision); // 'cpu' ...
 * ```
 */
export function getBackendInfo(): BackendDescription {
  const name = activeTfBackendName();
  if (name == null) throw new BackendError('getBackendInfo: no backend is active yet; call await setBackend(\'auto\') first');
  const backend = backends.get(name);
  if (!backend) throw new BackendError(`getBackendInfo: tfjs runs on '${name}', which no Sinew backend package registered`);
  return backend.describe();
}

/**
 * Releases a backend's device (and the tfjs backend) so that Node can exit; defaults to every registered one.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { disposeBackends, setBackend } from '@sinew/backend';
 * await setBackend('auto');
 * // ... train, predict ...
 * await disposeBackends(['webgpu', 'cuda']); // a no-op for names not registered or without a device
 * ```
 */
export async function disposeBackends(names: string[] = [...backends.keys()]): Promise<void> {
  for (const name of names) {
    const backend = backends.get(name);
    if (backend?.dispose) await backend.dispose();
  }
}
