import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { Dataset } from '../pipeline/dataset.js';
import { binaryAdditionTask } from './binary-addition.js';
import { copyTask } from './copy-task.js';
import { DATE_FORMATS, dateTranslationTask, formatDate } from './date-translation.js';
import { parityTask } from './parity.js';
import { runningTotalComparisonTask } from './running-total-comparison.js';

const fromBits = (bits: number[]) => bits.reduce((s, b, t) => s + b * 2 ** t, 0);

describe('sequence tasks', () => {
  test('binary addition: targets are the bits of a + b, shapes batch to [n, bits+1, 2]', async () => {
    const data = binaryAdditionTask({ count: 200, bits: 8, seed: 1 });
    let carries = 0;
    for (const { xs, ys } of data) {
      expect(xs.length).toBe(9);
      const a = fromBits(xs.map((r) => r[0]!));
      const b = fromBits(xs.map((r) => r[1]!));
      expect(fromBits(ys.map((r) => r[0]!))).toBe(a + b);
      if (a + b >= 256) carries++;
    }
    // About half of random 8-bit pairs overflow into the ninth bit.
    expect(carries).toBeGreaterThan(60);
    expect(binaryAdditionTask({ count: 5, seed: 1 })).toEqual(binaryAdditionTask({ count: 5, seed: 1 }));
    expect(binaryAdditionTask({ count: 5, seed: 1 })).not.toEqual(binaryAdditionTask({ count: 5, seed: 2 }));
    await expectNoLeaks(async () => {
      const [b] = await Dataset.fromArray(data).batch(32).take(1).toArray();
      expect(b!.xs.shape).toEqual([32, 9, 2]);
      expect(b!.ys.shape).toEqual([32, 9, 1]);
      tf.dispose(b);
    });
    expect(() => binaryAdditionTask({ count: 1, bits: 40 })).toThrow(/bits=40/);
  });

  test('running-total comparison: target says whether the first running sum leads', () => {
    for (const { xs, ys } of runningTotalComparisonTask({ count: 50, length: 12, maxValue: 9, seed: 2 })) {
      let sa = 0;
      let sb = 0;
      xs.forEach(([a, b], t) => {
        sa += Math.round(a! * 9);
        sb += Math.round(b! * 9);
        expect(ys[t]).toEqual([sa > sb ? 1 : 0]);
      });
    }
  });

  test('parity: running and final', () => {
    for (const { xs, ys } of parityTask({ count: 50, length: 10, seed: 3 })) {
      let p = 0;
      xs.forEach(([bit], t) => {
        p ^= bit!;
        expect((ys as number[][])[t]).toEqual([p]);
      });
    }
    const final = parityTask({ count: 100, length: 7, mode: 'final', seed: 3 });
    for (const { xs, ys } of final) expect(ys).toEqual([xs.filter((r) => r[0] === 1).length % 2]);
    expect(new Set(final.map((e) => e.ys[0])).size).toBe(2);
  });

  test('copy and reverse, with variable lengths padded at the end', () => {
    for (const { xs, ys } of copyTask({ count: 50, length: 8, minLength: 3, vocabSize: 5, seed: 4, reverse: true })) {
      const n = xs.indexOf(0) === -1 ? 8 : xs.indexOf(0);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(xs.slice(0, n).every((v) => v >= 1 && v < 5)).toBe(true);
      expect(ys.slice(0, n)).toEqual(xs.slice(0, n).reverse());
      expect(ys.slice(n).every((v) => v === 0)).toBe(true);
    }
    const copies = copyTask({ count: 10, length: 6, seed: 4 });
    for (const { xs, ys } of copies) expect(ys).toEqual(xs);
  });

  test('date translation: every input is a rendering of its ISO target', () => {
    const data = dateTranslationTask({ count: 300, seed: 5 });
    expect(dateTranslationTask({ count: 300, seed: 5 })).toEqual(data);
    for (const { input, target } of data) {
      expect(target).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const [y, m, d] = target.split('-').map(Number) as [number, number, number];
      const renderings = DATE_FORMATS.map((f) => formatDate(y, m, d, f));
      expect(renderings.includes(input) || renderings.map((r) => r.toLowerCase()).includes(input)).toBe(true);
    }
    // Weekdays checked against known dates: 1969-07-20 was a Sunday, 2000-02-29 a Tuesday.
    expect(formatDate(1969, 7, 20, 'EEEE, MMMM d, yyyy')).toBe('Sunday, July 20, 1969');
    expect(formatDate(2000, 2, 29, 'EEE d MMM yyyy')).toBe('Tue 29 Feb 2000');
    expect(formatDate(2000, 2, 29, 'dd.MM.yyyy')).toBe('29.02.2000');
    expect(() => formatDate(2001, 2, 29, 'd MMMM yyyy')).toThrow(/2001-2-29 is not a date/);
    expect(new Set(data.map((e) => e.target.slice(0, 4))).size).toBeGreaterThan(50);
  });
});
