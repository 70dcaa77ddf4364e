import { describe, expect, test } from 'vitest';
// The browser provider, imported by path: in Node the '#gpu-provider' import resolves to the dawn.node one.
import { acquireGpu, explainNoAdapter } from './gpu-provider.js';

describe('gpu-provider (browser build)', () => {
  test('without navigator.gpu it returns a reason instead of throwing', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
    try {
      const found = await acquireGpu();
      expect(found.gpu).toBeNull();
      expect(found.gpu === null && found.reason).toMatch(/navigator\.gpu is missing/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });

  test('with navigator.gpu it hands it over', async () => {
    const fakeGpu = { requestAdapter: async () => null } as unknown as GPU;
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: fakeGpu }, configurable: true, writable: true });
    try {
      expect(await acquireGpu()).toEqual({ gpu: fakeGpu, runtime: 'browser' });
      expect(await explainNoAdapter()).toMatch(/requestAdapter\(\) returned null/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});
