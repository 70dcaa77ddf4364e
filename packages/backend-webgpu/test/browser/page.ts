// The browser test's page: trains the fixture networks on 'webgpu' and on 'wasm' in one page and
// publishes the losses on `window.__sinewResult` for the test to compare.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { getBackendInfo, listBackends, setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import '@sinew/backend-webgpu/register';
import { convProblem, denseProblem, trainLosses } from '../fixtures/networks.js';

interface PageResult {
  backends?: unknown;
  device?: string;
  software?: boolean;
  losses?: Record<string, Record<string, number[]>>;
  error?: string;
}

async function main(): Promise<PageResult> {
  setWasmPaths('/wasm/');
  const result: PageResult = { backends: await listBackends(), losses: {} };
  for (const backend of ['webgpu', 'wasm']) {
    await setBackend(backend);
    if (backend === 'webgpu') {
      const info = getBackendInfo();
      result.device = info.device;
      result.software = info.software;
    }
    for (const make of [denseProblem, convProblem]) {
      const problem = make();
      (result.losses![problem.name] ??= {})[backend] = await trainLosses(problem, 5);
    }
  }
  return result;
}

const w = window as unknown as { __sinewResult?: PageResult };
main().then(
  (r) => (w.__sinewResult = r),
  (err: Error) => (w.__sinewResult = { error: `${err.message}\n${err.stack ?? ''}` }),
);
