import { afterEach, describe, expect, test, vi } from 'vitest';
import { wasmThreadSupport } from './wasm-threads.js';

describe('wasmThreadSupport', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('Node: no threads, and the note says why', () => {
    expect(wasmThreadSupport()).toMatchObject({ possible: false, reason: expect.stringMatching(/Node.*blob: URLs.*3830/) });
  });

  test('a page: threads only when cross-origin isolated', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    vi.stubGlobal('crossOriginIsolated', false);
    expect(wasmThreadSupport()).toMatchObject({ possible: false, reason: expect.stringMatching(/not cross-origin isolated/) });
    vi.stubGlobal('crossOriginIsolated', true);
    expect(wasmThreadSupport().possible).toBe(true);
    vi.stubGlobal('SharedArrayBuffer', undefined);
    expect(wasmThreadSupport()).toMatchObject({ possible: false, reason: expect.stringMatching(/no SharedArrayBuffer/) });
  });
});
