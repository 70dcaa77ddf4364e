import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradientsByGlobalNorm, clipGradientsByNorm, clipGradientsByValue, globalNorm } from './clip-gradients.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('gradient clipping', () => {
  const G = [[3, -4, 12], [1, 2]];
  it('by value, by per-tensor norm and by global norm, against the host', async () => {
    await expectNoLeaks(() => {
      const gs = G.map((g) => tf.tensor1d(g));
      const byValue = clipGradientsByValue(gs, 2.5);
      expectArraysClose(byValue[0]!.dataSync(), [2.5, -2.5, 2.5]);
      const byNorm = clipGradientsByNorm(gs, 6.5);
      expectArraysClose(byNorm[0]!.dataSync(), [3 / 2, -4 / 2, 12 / 2]); // norm 13 -> 6.5
      expectArraysClose(byNorm[1]!.dataSync(), [1, 2]); // norm √5 < 6.5: unchanged
      const total = Math.hypot(...G.flat());
      expect(globalNorm(gs)).toBeCloseTo(total, 5);
      const byGlobal = clipGradientsByGlobalNorm(gs, 7);
      expectArraysClose(byGlobal.flatMap((g) => Array.from(g.dataSync())), G.flat().map((v) => (v * 7) / total));
      const untouched = clipGradientsByGlobalNorm(gs, 100);
      expectArraysClose(untouched.flatMap((g) => Array.from(g.dataSync())), G.flat());
      tf.dispose([...gs, ...byValue, ...byNorm, ...byGlobal, ...untouched]);
    });
    expect(() => clipGradientsByNorm([], 0)).toThrow(/clipNorm must be a finite number > 0/);
  });
});
