// A sweep of kernels 3-D models use, at ranks 5 and 6, on webgpu against tfjs-backend-cpu ('cpu'), with
// int32 and bool inputs at ranks 3 and 4 too: where tfjs-backend-webgpu 4.22 has no working shader it
// either throws or, worse, leaves its output unwritten, so every case runs after buffers of its output
// size were filled with other values (an unwritten output then reads as those, not as a right answer).
import { afterAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { listBackends, setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import '../register.js';
import { webgpuBackend } from '../index.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

const r = (shape: number[], dtype: 'float32' | 'int32' = 'float32'): tf.Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, k) => (dtype === 'int32' ? (k % 7) - 2 : Math.sin(k * 1.3) + 0.1 * k)), shape, dtype);
};
const last = (sh: number[]): number[] => [sh[sh.length - 1]!];
const alternate = (sh: number[], odd: boolean): number[] => sh.map((d, i) => (i % 2 === (odd ? 1 : 0) ? d : 1));

const cases: Array<[string, () => tf.Tensor]> = [];
for (const sh of [[2, 3, 2, 3, 2], [2, 1, 3, 2, 2, 3]]) {
  const rank = sh.length;
  const reversed = sh.map((_, i) => rank - 1 - i);
  const at = (label: string, fn: () => tf.Tensor): void => void cases.push([`${label}, rank ${rank}`, fn]);
  at('pad', () => tf.pad(r(sh), sh.map((_, i) => [i % 2, 1] as [number, number]), 0.5));
  at('mirrorPad reflect', () => tf.mirrorPad(r(sh), sh.map((d) => [d > 1 ? 1 : 0, d > 1 ? 1 : 0] as [number, number]), 'reflect'));
  at('mirrorPad symmetric', () => tf.mirrorPad(r(sh), sh.map(() => [1, 0] as [number, number]), 'symmetric'));
  at('tile', () => tf.tile(r(sh), sh.map((_, i) => (i % 2) + 1)));
  at('tile of a computed tensor', () => tf.tile(tf.neg(r(sh)), sh.map((_, i) => (i % 2) + 1)));
  at('transpose', () => tf.transpose(r(sh), reversed));
  at('transpose int32', () => tf.transpose(tf.neg(r(sh, 'int32')), reversed));
  at('slice', () => tf.slice(r(sh), sh.map((d) => (d > 1 ? 1 : 0)), sh.map((d) => (d > 1 ? d - 1 : 1))));
  at('stridedSlice', () => tf.stridedSlice(r(sh), sh.map(() => 0), sh, sh.map((_, i) => (i % 2) + 1)));
  at('stridedSlice negative', () => tf.stridedSlice(r(sh), sh.map(() => -1), sh.map(() => -100), sh.map(() => -2)));
  at('stridedSlice ellipsis, new axis', () => tf.stridedSlice(r(sh), [0, 0, 1], [0, 0, 3], [1, 1, 2], 0, 0, 2, 1, 0));
  at('concat axis 1', () => tf.concat([r(sh), tf.add(r(sh), 5)], 1));
  at('concat last axis', () => tf.concat([r(sh), tf.add(r(sh), 5)], rank - 1));
  at('reverse', () => tf.reverse(r(sh), [1, 3]));
  at('gather', () => tf.gather(r(sh), tf.tensor1d([1, 0, 1, 0], 'int32'), 2));
  at('add broadcast', () => tf.add(r(sh), r(alternate(sh, false))));
  at('sub lower rank', () => tf.sub(r(sh), r(sh.slice(2))));
  at('squaredDifference broadcast', () => tf.squaredDifference(r(sh), r(last(sh))));
  at('squaredDifference both broadcast', () => tf.squaredDifference(r(alternate(sh, true)), r(alternate(sh, false))));
  at('div broadcast', () => tf.div(r(sh), tf.add(r(last(sh)), 3)));
  at('pow broadcast', () => tf.pow(tf.abs(r(sh)), r(last(sh))));
  at('floorDiv int32 broadcast', () => tf.floorDiv(r(sh, 'int32'), tf.add(tf.abs(r(last(sh), 'int32')), 1)));
  at('mod broadcast', () => tf.mod(r(sh), tf.add(r(last(sh)), 3)));
  at('atan2 broadcast', () => tf.atan2(r(sh), r(last(sh))));
  at('less broadcast', () => tf.cast(tf.less(r(sh), r(last(sh))), 'float32'));
  at('equal int32 broadcast', () => tf.cast(tf.equal(r(sh, 'int32'), r(last(sh), 'int32')), 'float32'));
  at('logicalAnd broadcast', () => tf.cast(tf.logicalAnd(tf.greater(r(sh), 0), tf.greater(r(last(sh)), 0)), 'float32'));
  at('add int32 broadcast', () => tf.add(r(sh, 'int32'), r(last(sh), 'int32')));
  at('prelu', () => tf.prelu(r(sh), r(last(sh))));
  at('where', () => tf.where(tf.greater(r(sh), 1), r(sh), tf.neg(r(sh))));
  at('where, broadcast condition', () => tf.where(tf.greater(r(last(sh)), 1), r(sh), tf.neg(r(sh))));
  at('sum', () => tf.sum(r(sh), [1, 3]));
  at('mean keepDims', () => tf.mean(r(sh), [0, 2, 4], true));
  at('max keepDims', () => tf.max(r(sh), 3, true));
  at('min int32', () => tf.min(r(sh, 'int32'), 0));
  at('prod', () => tf.prod(tf.add(tf.mul(r(sh), 0.01), 1)));
  at('argMax', () => tf.argMax(r(sh), 2));
  at('all', () => tf.cast(tf.all(tf.greater(r(sh), 0), 2), 'float32'));
  at('cumsum', () => tf.cumsum(r(sh), 2));
  at('cumsum exclusive reverse', () => tf.cumsum(r(sh), 0, true, true));
  at('cumprod', () => tf.cumprod(r(sh), rank - 1));
  at('oneHot', () => tf.oneHot(tf.abs(r(sh.slice(0, rank - 1), 'int32')), 4));
  at('broadcastTo', () => tf.broadcastTo(r(alternate(sh, false)), sh));
  at('softmax', () => tf.softmax(r(sh)));
}
for (const sh of [[2, 3, 4], [2, 3, 2, 3]]) {
  const rank = sh.length;
  const at = (label: string, fn: () => tf.Tensor): void => void cases.push([`${label}, rank ${rank}`, fn]);
  at('transpose int32', () => tf.transpose(tf.neg(r(sh, 'int32')), sh.map((_, i) => rank - 1 - i)));
  at('transpose bool', () => tf.cast(tf.transpose(tf.greater(r(sh), 0), sh.map((_, i) => rank - 1 - i)), 'float32'));
  at('sum int32', () => tf.sum(r(sh, 'int32'), 1));
  at('max int32', () => tf.max(r(sh, 'int32'), 0));
  at('prod int32', () => tf.prod(r(sh, 'int32'), 1));
  at('any', () => tf.cast(tf.any(tf.greater(r(sh), 0.5), 1), 'float32'));
  at('argMin int32', () => tf.argMin(r(sh, 'int32'), 0));
  at('cumsum int32', () => tf.cumsum(r(sh, 'int32'), 1));
  at('reverse int32', () => tf.reverse(r(sh, 'int32'), 0));
  at('cumprod int32, rank 5 view', () => tf.cumprod(tf.reshape(r(sh, 'int32'), [1, ...sh]), 1));
}

afterAll(async () => {
  if (!row?.available) return;
  tf.env().set('WEBGPU_CPU_FORWARD', true);
  await webgpuBackend.dispose!();
});

describe.skipIf(!row?.available)('kernels at rank 5 and 6, and int32/bool, on webgpu', () => {
  test.each(cases)('%s equals cpu', async (_label, fn) => {
    await setBackend('cpu');
    const want = tf.tidy(fn);
    const [wantValues, wantShape] = [Array.from(await want.data()), want.shape];
    want.dispose();
    await setBackend('webgpu');
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    const filler = [tf.fill([wantValues.length], 98765), tf.fill([wantValues.length], 98765, 'int32')];
    await Promise.all(filler.map((t) => t.data()));
    tf.dispose(filler);
    const y = tf.tidy(fn);
    const got = Array.from(await y.data());
    expect(y.shape).toEqual(wantShape);
    y.dispose();
    const bad = got.flatMap((g, i) => (Math.abs(g - wantValues[i]!) <= 1e-4 * (1 + Math.abs(wantValues[i]!)) ? [] : [i]));
    expect(bad, `first wrong: ${bad.slice(0, 4).map((i) => `[${i}] ${got[i]} vs ${wantValues[i]}`).join(', ')}`).toEqual([]);
  });
});
