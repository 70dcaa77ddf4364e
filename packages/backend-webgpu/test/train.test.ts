import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackends, listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import '@sinew/backend-cpu/register';
import '../src/register.js';
import { convProblem, denseProblem, maxRelativeDifference, trainLosses, type Problem } from './fixtures/networks.js';

const webgpu = (await listBackends()).find((r) => r.name === 'webgpu');
const skipReason = webgpu?.available ? undefined : `webgpu unavailable here: ${webgpu?.reason}`;

async function lossesOn(backend: string, problem: Problem, steps: number): Promise<number[]> {
  await setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return expectNoLeaks(() => trainLosses(problem, steps), { label: `${problem.name} on ${backend}` });
}

describe.skipIf(skipReason != null)(`training on webgpu matches wasm ${skipReason ?? ''}`, () => {
  afterAll(async () => {
    await disposeBackends(['webgpu']);
  });

  for (const make of [denseProblem, convProblem]) {
    test(`${make().name} network: 5 steps, losses within 1e-3 relative of wasm`, async () => {
      const reference = await lossesOn('wasm', make(), 5);
      const onGpu = await lossesOn('webgpu', make(), 5);
      // The losses must move: a network that does not train would match trivially.
      expect(reference[4]!).toBeLessThan(reference[0]! * 0.95);
      expect(maxRelativeDifference(onGpu, reference)).toBeLessThan(1e-3);
    });
  }
});
