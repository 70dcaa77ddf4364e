// Its own file (its own process): a wasm backend that failed to load stays failed for the process.
import { expect, test, vi } from 'vitest';
import { configureWasm, wasmBackend } from './index.js';

test('configureWasm paths are where init looks for the binaries, and a wrong one fails with advice', async () => {
  // Emscripten and tfjs log the failed fetch; the rejection is what this test reads.
  const quiet = (['log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
  configureWasm({ paths: '/nonexistent-sinew-wasm/' });
  try {
    await expect(wasmBackend.init()).rejects.toThrow(/could not be loaded.*configureWasm\(\{ paths \}\)/);
  } finally {
    for (const spy of quiet) spy.mockRestore();
  }
});
