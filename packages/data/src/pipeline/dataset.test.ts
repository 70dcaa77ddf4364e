import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { Dataset } from './dataset.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('Dataset', () => {
  test('batch stacks records, keeps a last partial batch, and dropRemainder drops it', async () => {
    const items = range(5).map((i) => ({ xs: [i, 10 * i], ys: i % 2, id: new Int32Array([i]) }));
    await expectNoLeaks(async () => {
      const shapes: number[][] = [];
      const xs: number[][][] = [];
      for await (const b of Dataset.fromArray(items).batch(2)) {
        shapes.push(b.xs.shape);
        xs.push(b.xs.arraySync() as number[][]);
        expect(b.id.dtype).toBe('int32');
        expect(b.ys.dtype).toBe('float32');
        tf.dispose(b);
      }
      expect(shapes).toEqual([[2, 2], [2, 2], [1, 2]]);
      expect(xs[2]).toEqual([[4, 40]]);
      const dropped = await Dataset.fromArray(items).batch(2, { dropRemainder: true }).toArray();
      expect(dropped.map((b) => b.ys.shape[0])).toEqual([2, 2]);
      tf.dispose(dropped);
    });
    expect(Dataset.fromArray(items).batch(2).size).toBe(3);
    expect(Dataset.fromArray(items).batch(2, { dropRemainder: true }).size).toBe(2);
  });

  test('batch of tuples, nested arrays and tensors; clear errors for ragged elements', async () => {
    await expectNoLeaks(async () => {
      const [b] = await Dataset.fromArray([
        [[[1, 2], [3, 4]], 5],
        [[[5, 6], [7, 8]], 6],
      ] as Array<[number[][], number]>).batch(4).toArray();
      expect(b![0].shape).toEqual([2, 2, 2]);
      expect(Array.from(b![1].dataSync())).toEqual([5, 6]);
      tf.dispose(b);
      const t = [tf.tensor1d([1, 2]), tf.tensor1d([3, 4])];
      const [s] = await Dataset.fromArray(t).batch(2).toArray();
      expect(s!.arraySync()).toEqual([[1, 2], [3, 4]]);
      tf.dispose([s!, ...t]);
    });
    await expect(Dataset.fromArray([{ xs: [1, 2] }, { xs: [1, 2, 3] }]).batch(2).toArray()).rejects.toThrow(
      /element 1 at 'xs': ragged nested array, expected length 2/,
    );
    await expect(Dataset.fromArray([{ xs: 'a' }]).batch(2).toArray()).rejects.toThrow(/cannot batch string at 'xs'/);
    expect(() => Dataset.fromArray([1]).batch(0)).toThrow(/batchSize=0/);
  });

  test('shuffle is reproducible with a seed, differs across seeds, and reshuffles each pass', async () => {
    const ds = (seed: number) => Dataset.fromArray(range(50)).shuffle({ seed });
    const a = ds(1);
    const pass1 = await a.toArray();
    const pass2 = await a.toArray();
    expect([...pass1].sort((x, y) => x - y)).toEqual(range(50));
    expect(pass1).not.toEqual(range(50));
    expect(pass2).not.toEqual(pass1);
    // A fresh dataset with the same seed replays the same sequence of epochs.
    const b = ds(1);
    expect(await b.toArray()).toEqual(pass1);
    expect(await b.toArray()).toEqual(pass2);
    expect(await ds(2).toArray()).not.toEqual(pass1);
    const fixed = Dataset.fromArray(range(50)).shuffle({ seed: 3, reshuffleEachIteration: false });
    expect(await fixed.toArray()).toEqual(await fixed.toArray());
  });

  test('the exact shuffle is uniform: each of the 6 orders of 3 items appears about equally', async () => {
    const ds = Dataset.fromArray([0, 1, 2]).shuffle({ seed: 11 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const k = (await ds.toArray()).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Expected 500 each, sd ~20.4; 5 sd.
    for (const c of counts.values()) expect(Math.abs(c - 500)).toBeLessThan(102);
  });

  test('buffered shuffle of a stream: a permutation, seeded, and required bufferSize', async () => {
    const stream = () => Dataset.fromGenerator(function* () {
      yield* range(30);
    });
    expect(() => stream().shuffle({ seed: 1 })).toThrow(/give a bufferSize/);
    const a = await stream().shuffle({ seed: 5, bufferSize: 8 }).toArray();
    expect([...a].sort((x, y) => x - y)).toEqual(range(30));
    expect(a).not.toEqual(range(30));
    expect(await stream().shuffle({ seed: 5, bufferSize: 8 }).toArray()).toEqual(a);
  });

  test('map runs under tidy and disposes unreturned inputs; filter disposes dropped elements', async () => {
    const xs = tf.tensor2d(range(12), [6, 2]);
    const ys = tf.tensor1d(range(6));
    await expectNoLeaks(async () => {
      const ds = Dataset.fromTensors({ xs, ys })
        .map(({ xs: x, ys: y }) => ({ xs: tf.mul(tf.add(x, 1), 2), ys: y }))
        .filter(async ({ ys: y }) => (await y.data())[0]! % 2 === 0)
        .batch(2);
      const out: number[][][] = [];
      for await (const b of ds) {
        out.push(b.xs.arraySync() as number[][]);
        tf.dispose(b);
      }
      expect(out).toEqual([[[2, 4], [10, 12]], [[18, 20]]]);
    });
    tf.dispose([xs, ys]);
  });

  test('fromTensors checks the first dimensions', () => {
    const a = tf.zeros([3, 2]);
    const b = tf.zeros([4]);
    expect(() => Dataset.fromTensors({ a, b })).toThrow(/same first dimension; found shapes \[3,2\], \[4\]/);
    tf.dispose([a, b]);
  });

  test('breaking out of a loop early leaks nothing through shuffle, prefetch and batch buffers', async () => {
    const t = tf.tensor2d(range(200), [100, 2]);
    await expectNoLeaks(async () => {
      const ds = Dataset.fromTensors(t)
        .shuffle({ seed: 1, bufferSize: 10 })
        .map((x) => tf.square(x))
        .batch(4)
        .prefetch(3);
      let seen = 0;
      for await (const b of ds) {
        tf.dispose(b);
        if (++seen === 2) break;
      }
      expect(seen).toBe(2);
      // And a full pass of a streamed pipeline.
      let rows = 0;
      for await (const b of ds) {
        rows += b.shape[0]!;
        b.dispose();
      }
      expect(rows).toBe(100);
    });
    t.dispose();
  });

  test('prefetch reads ahead of the consumer', async () => {
    let produced = 0;
    const ds = Dataset.fromGenerator(function* () {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }).prefetch(3);
    const it = ds[Symbol.asyncIterator]();
    await it.next();
    await new Promise((r) => setTimeout(r, 0));
    // One consumed and the buffer refilled to three in flight.
    expect(produced).toBeGreaterThanOrEqual(4);
    expect(await ds.toArray()).toEqual(range(10));
  });

  test('take, skip, repeat and sizes', async () => {
    const ds = Dataset.fromArray(range(5));
    expect(await ds.take(2).toArray()).toEqual([0, 1]);
    expect(await ds.skip(3).toArray()).toEqual([3, 4]);
    expect(await ds.repeat(2).toArray()).toEqual([...range(5), ...range(5)]);
    expect(ds.repeat().size).toBe(Infinity);
    expect(await ds.repeat().take(7).toArray()).toEqual([0, 1, 2, 3, 4, 0, 1]);
    expect(ds.filter(() => true).size).toBeNull();
    const gen = Dataset.fromGenerator(function* () {
      yield* range(5);
    });
    expect(await gen.skip(2).take(2).toArray()).toEqual([2, 3]);
  });

  test('fromArray clones stored tensors so every pass has live ones', async () => {
    const items = [tf.scalar(1), tf.scalar(2)];
    await expectNoLeaks(async () => {
      for (let epoch = 0; epoch < 2; epoch++) {
        const [b] = await Dataset.fromArray(items).batch(2).toArray();
        expect(Array.from(b!.dataSync())).toEqual([1, 2]);
        b!.dispose();
      }
    });
    tf.dispose(items);
  });

  test('an error in map disposes the element and propagates', async () => {
    const t = tf.tensor2d([[1], [2]]);
    await expectNoLeaks(async () => {
      const ds = Dataset.fromTensors(t).map(() => {
        throw new Error('boom');
      });
      await expect(ds.toArray()).rejects.toThrow('boom');
    });
    t.dispose();
  });
});
