import { afterEach, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { Backend, Support } from './backend.js';
import { BackendError } from './errors.js';
import { disposeBackends, findBackend, getBackendInfo, listBackends, registerBackend, setBackend, unregisterBackend } from './registry.js';

/** A descriptor over a plain tfjs cpu backend registered under its own name. */
function fakeBackend(name: string, priority: number, support: Support | (() => Promise<Support>), extra: Partial<Backend> = {}): Backend & { disposed: number } {
  const backend = {
    name,
    priority,
    environments: ['node', 'browser', 'worker'] as const,
    disposed: 0,
    async isSupported() {
      return typeof support === 'function' ? support() : support;
    },
    async init() {
      if (!tf.findBackendFactory(name)) tf.registerBackend(name, () => new MathBackendCPU());
    },
    describe() {
      return { name, device: `fake ${name}`, floatPrecision: 32 as const, software: false, memory: {}, capabilities: {} };
    },
    async dispose() {
      backend.disposed++;
    },
    ...extra,
  };
  return backend;
}

const registered: string[] = [];
function register(b: Backend) {
  registerBackend(b);
  registered.push(b.name);
  return b;
}

afterEach(() => {
  for (const name of registered.splice(0)) unregisterBackend(name);
});

describe('backend registry', () => {
  test('listBackends lists best first, each with availability and reason', async () => {
    register(fakeBackend('low', 1, { available: true }));
    register(fakeBackend('high', 50, { available: false, reason: 'no device' }));
    register(fakeBackend('mid', 20, { available: true }));
    const rows = await listBackends();
    expect(rows.map((r) => [r.name, r.available, r.reason])).toEqual([
      ['high', false, 'no device'],
      ['mid', true, undefined],
      ['low', true, undefined],
    ]);
  });

  test("'auto' takes the best available backend and starts it in tfjs", async () => {
    register(fakeBackend('low', 1, { available: true }));
    register(fakeBackend('high', 50, { available: false, reason: 'no device' }));
    register(fakeBackend('mid', 20, { available: true }));
    const chosen = await setBackend('auto');
    expect(chosen.name).toBe('mid');
    expect(tf.getBackend()).toBe('mid');
    expect(getBackendInfo().device).toBe('fake mid');
  });

  test("'auto' passes over a software-emulated device while real hardware is available", async () => {
    register(fakeBackend('emulated-gpu', 200, { available: true, software: true, reason: 'SwiftShader' }));
    register(fakeBackend('simd', 100, { available: true }));
    expect((await setBackend('auto')).name).toBe('simd');
    unregisterBackend('simd');
    expect((await setBackend('auto')).name).toBe('emulated-gpu');
  });

  test('a probe that throws is reported as unavailable, never thrown', async () => {
    register(fakeBackend('flaky', 10, async () => Promise.reject(new Error('driver exploded'))));
    const [row] = await listBackends();
    expect(row).toMatchObject({ name: 'flaky', available: false, reason: 'its probe failed: driver exploded' });
  });

  test('a backend that does not serve this environment is unavailable and says why', async () => {
    register({ ...fakeBackend('browser-only', 10, { available: true }), environments: ['browser'] });
    const [row] = await listBackends();
    expect(row?.reason).toBe('it does not run in node (only browser)');
    await expect(setBackend('browser-only')).rejects.toThrow("setBackend('browser-only'): backend is unavailable: it does not run in node");
  });

  test('an unknown name fails with a BackendError listing what is registered and why', async () => {
    register(fakeBackend('good', 10, { available: true }));
    register(fakeBackend('bad', 5, { available: false, reason: 'libcuda.so.1 not found' }));
    const attempt = setBackend('nope');
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(setBackend('nope')).rejects.toThrow(
      "setBackend('nope'): unknown backend. Registered backends: good (available); bad (unavailable: libcuda.so.1 not found).",
    );
  });

  test('an unavailable name fails with its reason', async () => {
    register(fakeBackend('bad', 5, { available: false, reason: 'libcuda.so.1 not found' }));
    await expect(setBackend('bad')).rejects.toThrow("setBackend('bad'): backend is unavailable: libcuda.so.1 not found");
  });

  test('with nothing registered, the error says which import registers backends', async () => {
    await expect(setBackend('auto')).rejects.toThrow("import '@sinew/backend-cpu/register'");
  });

  test('an init failure is wrapped with the backend name', async () => {
    register(fakeBackend('broken', 10, { available: true }, { init: () => Promise.reject(new Error('out of memory')) }));
    await expect(setBackend('broken')).rejects.toThrow("setBackend('broken'): initialisation failed: out of memory");
  });

  test('invalid names are refused at registration', () => {
    expect(() => registerBackend(fakeBackend('Bad Name', 1, { available: true }))).toThrow("invalid backend name 'Bad Name'");
    expect(findBackend('Bad Name')).toBeUndefined();
  });

  test('getBackendInfo names a tfjs backend that Sinew does not know', async () => {
    tf.registerBackend('stranger', () => new MathBackendCPU());
    await tf.setBackend('stranger');
    expect(() => getBackendInfo()).toThrow("tfjs runs on 'stranger', which no Sinew backend package registered");
    tf.removeBackend('stranger');
  });

  test('disposeBackends releases every registered backend once', async () => {
    const a = register(fakeBackend('a', 2, { available: true })) as ReturnType<typeof fakeBackend>;
    const b = register(fakeBackend('b', 1, { available: true })) as ReturnType<typeof fakeBackend>;
    await disposeBackends();
    expect([a.disposed, b.disposed]).toEqual([1, 1]);
  });
});
