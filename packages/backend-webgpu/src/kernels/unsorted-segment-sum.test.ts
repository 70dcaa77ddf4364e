import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import '@sinew/backend-cpu/register';
import '../register.js';
import { webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

async function segmentSums(backend: string, x: number[][], ids: number[], n: number): Promise<number[]> {
  await setBackend(backend);
  return expectNoLeaks(async () => {
    const y = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x), tf.tensor1d(ids, 'int32'), n));
    const out = Array.from(await y.data());
    y.dispose();
    return out;
  });
}

describe.skipIf(!row?.available)(`UnsortedSegmentSum on webgpu (${row?.reason ?? 'available'})`, () => {
  afterAll(async () => {
    await webgpuBackend.dispose!();
  });

  test('ids outside [0, numSegments) are dropped, as on cpu (tfjs-backend-webgpu wraps them)', async () => {
    // 140 rows: over tfjs-backend-webgpu's CPU hand-off threshold, so its shader runs.
    const rows = Array.from({ length: 140 }, (_, i) => [i + 1, -(i + 1)]);
    const ids = rows.map((_, i) => [0, 1, 2, 3, 7, -1][i % 6]!);
    const expected = await segmentSums('cpu', rows, ids, 3);
    const got = await segmentSums('webgpu', rows, ids, 3);
    expect(got).toEqual(expected);
    // By hand: segment 1 gets rows i ≡ 1 (mod 6) only; a wrap of id 7 would add rows i ≡ 4.
    const seg1 = rows.filter((_, i) => i % 6 === 1).reduce((s, r) => s + r[0]!, 0);
    expect(got[2]).toBe(seg1);
  });
});
