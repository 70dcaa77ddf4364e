import * as tf from '@tensorflow/tfjs-core';
import '@sinew/backend-cpu/register';
import { setBackend } from '@sinew/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { Perplexity, perplexity } from './perplexity.js';

beforeAll(async () => {
  await setBackend('cpu');
});

describe('Perplexity', () => {
  it('is exp of the mean NLL (hand-computed)', () => {
    expect(perplexity([[0, 1]], [[[0.5, 0.5], [0.25, 0.75]]], { fromLogits: false })).toBeCloseTo(
      Math.exp(-(Math.log(0.5) + Math.log(0.75)) / 2),
      12,
    );
    // Uniform logits over V tokens give perplexity V.
    expect(perplexity([[3, 1, 4]], [[[0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [7, 7, 7, 7, 7]]])).toBeCloseTo(5, 12);
  });

  it('agrees with tf.logSoftmax on random logits, tensors in, no leaks', async () => {
    const logits = tf.randomNormal([2, 4, 6], 0, 3, 'float32', 7);
    const target = tf.tensor2d([[0, 5, 2, 1], [3, 3, 4, 0]], [2, 4], 'int32');
    const lsm = tf.tidy(() => tf.logSoftmax(logits));
    const lv = lsm.arraySync() as number[][][];
    const tv = target.arraySync();
    let nll = 0;
    tv.forEach((row, b) => row.forEach((t, s) => (nll -= lv[b]![s]![t]!)));
    const expected = Math.exp(nll / 8);
    const got = await expectNoLeaks(() => perplexity(target, logits), { label: 'perplexity' });
    expect(got).toBeCloseTo(expected, 4);
    tf.dispose([logits, target, lsm]);
  });

  it('skips ignoreIndex positions', () => {
    const probs = [[[0.5, 0.5], [0.1, 0.9], [0.3, 0.7]]];
    expect(perplexity([[0, -100, 1]], probs, { fromLogits: false, ignoreIndex: -100 })).toBeCloseTo(
      Math.exp(-(Math.log(0.5) + Math.log(0.7)) / 2),
      12,
    );
  });

  it('streams and merges to the one-shot value', () => {
    const t = [[0, 1], [1, 1], [0, 0]];
    const p = [[[1, 2], [0.5, -1]], [[3, 0], [0, 0]], [[2, 2], [-1, 4]]];
    const whole = perplexity(t, p);
    for (let i = 0; i <= 3; i++) {
      const a = new Perplexity();
      const b = new Perplexity();
      if (i > 0) a.update(t.slice(0, i), p.slice(0, i));
      if (i < 3) b.update(t.slice(i), p.slice(i));
      a.merge(b);
      expect(a.result()).toBeCloseTo(whole, 12);
    }
  });

  it('names the argument and shapes in errors', () => {
    expect(() => perplexity([[0, 1]], [[0.5, 0.5]])).toThrow(/Perplexity: 'yPred' must be \[1, 2, vocab\] for 'yTrue' of shape \[1,2\], received \[1,2\]/);
    expect(() => perplexity([[0, 2]], [[[0, 0], [0, 0]]])).toThrow(/token ids in \[0, 1\], received 2 at index 1/);
  });
});
