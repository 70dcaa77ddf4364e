import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryAdditionTask, parityTask } from '@sinew/data';
import { comparisonRNN, parityRNN, summingRNN } from './index.js';
import { useCpu } from './test-setup.js';

beforeAll(useCpu);

function run(net: { apply(x: tf.Tensor): tf.Tensor3D }, xs: number[][][]): number[][][] {
  const x = tf.tensor3d(xs);
  const y = net.apply(x);
  const out = y.arraySync();
  tf.dispose([x, y]);
  return out;
}

describe('hand-built threshold RNNs', () => {
  it('the parity RNN computes running parity exactly on random bit strings (@sinew/data parityTask)', () => {
    const data = parityTask({ count: 200, length: 40, seed: 7 });
    const y = run(parityRNN(), data.map((d) => d.xs));
    let wrong = 0;
    data.forEach((d, i) => (d.ys as number[][]).forEach((row, t) => (wrong += row[0] !== y[i]![t]![0] ? 1 : 0)));
    expect(wrong).toBe(0);
  });

  it('the summing RNN adds 16-bit numbers exactly (@sinew/data binaryAdditionTask)', () => {
    const data = binaryAdditionTask({ count: 200, bits: 16, seed: 3 });
    const y = run(summingRNN(), data.map((d) => d.xs));
    const num = (bits: number[]): number => bits.reduce((s, b, t) => s + b * 2 ** t, 0);
    data.forEach((d, i) => {
      const a = num(d.xs.map((r) => r[0]!));
      const b = num(d.xs.map((r) => r[1]!));
      expect(num(y[i]!.map((r) => r[0]!))).toBe(a + b);
    });
  });

  it('the comparison RNN says whether a > b on every prefix', () => {
    const data = binaryAdditionTask({ count: 200, bits: 12, seed: 5 });
    const y = run(comparisonRNN(), data.map((d) => d.xs));
    data.forEach((d, i) => {
      let a = 0;
      let b = 0;
      d.xs.forEach((r, t) => {
        a += r[0]! * 2 ** t;
        b += r[1]! * 2 ** t;
        expect(y[i]![t]![0]).toBe(a > b ? 1 : 0);
      });
    });
  });

  it('a wrong weight breaks it (the tests can fail)', () => {
    const broken = parityRNN();
    broken.weights.U[1] = [1, 1];
    const data = parityTask({ count: 50, length: 20, seed: 1 });
    const y = run(broken, data.map((d) => d.xs));
    const wrong = data.reduce((n, d, i) => n + (d.ys as number[][]).filter((row, t) => row[0] !== y[i]![t]![0]).length, 0);
    expect(wrong).toBeGreaterThan(0);
  });
});
