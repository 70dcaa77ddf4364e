import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Random, randomSeed, type Seed } from '../random/random.js';
import {
  cloneElement,
  disposeElement,
  disposeUnreturned,
  isTensor,
  stackElements,
  type Batched,
} from './element.js';

/** Options of `Dataset.shuffle`. */
export interface ShuffleOptions {
  /** Makes the order reproducible; without it each run differs. */
  seed?: Seed;
  /**
   * Elements held in the shuffle buffer. Datasets with random access (`fromArray`, `fromIndexed`,
   * `fromTensors`, and `map`/`take`/`skip` of them) are shuffled exactly, by permuting indices, when
   * this is left out; streamed datasets need it.
   */
  bufferSize?: number;
  /** A new order on each pass (each `for await`), derived from the seed; default true. */
  reshuffleEachIteration?: boolean;
}

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop the last batch when it has fewer than `batchSize` elements; default false. */
  dropRemainder?: boolean;
}

interface Source<T> {
  /** Number of elements, null when unknown (after `filter`, or for a generator of unknown length). */
  readonly size: number | null;
  iterate(): AsyncIterator<T>;
  /** Random access, when the source has it: element `i` as a fresh value the caller owns. */
  readonly get?: (i: number) => T | Promise<T>;
}

type TensorTree = Tensor | Tensor[] | { [key: string]: Tensor };
type Row<T> = T extends Tensor ? Tensor : { [K in keyof T]: Tensor };

/**
 * A lazy, re-iterable, asynchronous sequence of elements: the input pipeline.
 *
 * Elements are plain records (numbers, arrays, typed arrays) or tensors. Nothing runs until the
 * dataset is iterated, and every pass (every `for await`) starts again from the source, so a
 * dataset is an epoch. Tensors are created as late as possible (usually by `batch`), and each
 * stage disposes what it does not hand on: `map` disposes the input tensors its function did not
 * return, `filter` the elements it drops, `batch` the elements it stacked, and `shuffle`/`prefetch`
 * their buffers when a loop ends early. **Whoever receives an element owns its tensors**: the
 * consumer of a batched dataset disposes each batch (the training loop of `@sinew/core` does).
 *
 * The contract with a training loop: `for await (const {xs, ys} of dataset)` yields batches of
 * tensors, first axis the batch; a fresh pass per epoch.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Dataset } from '@sinew/data';
 * const ds = Dataset.fromArray([
 *   { xs: [0, 1], ys: 1 },
 *   { xs: [2, 3], ys: 0 },
 *   { xs: [4, 5], ys: 1 },
 * ]).shuffle({ seed: 1 }).batch(2);
 * for await (const { xs, ys } of ds) {
 *   console.log(xs.shape, ys.shape); // [2, 2] [2], then [1, 2] [1]
 *   tf.dispose([xs, ys]);
 * }
 * ```
 */
export class Dataset<T> implements AsyncIterable<T> {
  private constructor(private readonly source: Source<T>) {}

  /**
   * A dataset of the given items, in order, with random access. Items are not copied; tensors in
   * them are cloned on each pass (the dataset keeps the originals, which the caller still owns).
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromArray([1, 2, 3]);
   * console.log(ds.size, await ds.toArray()); // 3 [1, 2, 3]
   * ```
   */
  static fromArray<T>(items: readonly T[]): Dataset<T> {
    return Dataset.fromIndexed(items.length, (i) => cloneElement(items[i]!));
  }

  /**
   * A dataset of `size` elements made on demand by `get(i)`, with random access: large data sets
   * stay in their compact form (a `Uint8Array` of images, say) and each element is built only when
   * it is read. `get` must return a fresh value each call (the receiver owns its tensors).
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const squares = Dataset.fromIndexed(4, (i) => ({ xs: [i], ys: i * i }));
   * console.log((await squares.toArray())[3]); // { xs: [3], ys: 9 }
   * ```
   */
  static fromIndexed<T>(size: number, get: (i: number) => T | Promise<T>): Dataset<T> {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new Error(`Dataset.fromIndexed: size must be a non-negative integer, received size=${size}`);
    }
    return new Dataset<T>({
      size,
      get,
      iterate: () => indexedIterator(size, (k) => get(k)),
    });
  }

  /**
   * A streamed dataset: `make` is called once per pass and returns a fresh iterable (a generator
   * function is the natural fit), for data that does not fit in memory: files read chunk by chunk,
   * `fetch` streams, database cursors.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromGenerator(async function* () {
   *   for (let i = 0; i < 3; i++) yield { xs: [i, i], ys: i % 2 };
   * });
   * console.log((await ds.toArray()).length); // 3
   * ```
   */
  static fromGenerator<T>(
    make: () => Iterable<T> | AsyncIterable<T>,
    options: { size?: number } = {},
  ): Dataset<T> {
    if (options.size !== undefined) checkCount('Dataset.fromGenerator', 'size', options.size);
    return new Dataset<T>({
      size: options.size ?? null,
      iterate: () => {
        const it = make();
        const asyncIt = it as AsyncIterable<T>;
        if (typeof asyncIt[Symbol.asyncIterator] === 'function') return asyncIt[Symbol.asyncIterator]();
        return fromSyncIterable(it as Iterable<T>);
      },
    });
  }

  /**
   * A dataset of the rows of tensors that share their first dimension: a tensor gives tensor rows,
   * a record or tuple of tensors gives records or tuples of rows. The rows are sliced on demand; the
   * caller keeps ownership of (and disposes) the given tensors.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { Dataset } from '@sinew/data';
   * const xs = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
   * const ys = tf.tensor1d([0, 1, 0]);
   * for await (const batch of Dataset.fromTensors({ xs, ys }).batch(2)) {
   *   console.log(batch.xs.shape); // [2, 2] then [1, 2]
   *   tf.dispose(batch);
   * }
   * tf.dispose([xs, ys]);
   * ```
   */
  static fromTensors<T extends TensorTree>(tensors: T): Dataset<Row<T>> {
    const leaves: Tensor[] = isTensor(tensors)
      ? [tensors]
      : Array.isArray(tensors)
        ? tensors
        : Object.values(tensors);
    if (leaves.length === 0) throw new Error('Dataset.fromTensors: received no tensors');
    const n = leaves[0]!.shape[0];
    for (const t of leaves) {
      if (t.rank === 0 || t.shape[0] !== n) {
        throw new Error(
          `Dataset.fromTensors: every tensor needs the same first dimension; found shapes ${leaves.map((l) => `[${l.shape}]`).join(', ')}`,
        );
      }
    }
    const row = (t: Tensor, i: number): Tensor =>
      tf.tidy(() => tf.reshape(tf.slice(t, i, 1), t.shape.slice(1)));
    return Dataset.fromIndexed(n!, (i) => {
      if (isTensor(tensors)) return row(tensors, i) as Row<T>;
      if (Array.isArray(tensors)) return tensors.map((t) => row(t, i)) as Row<T>;
      const out: Record<string, Tensor> = {};
      for (const [k, t] of Object.entries(tensors)) out[k] = row(t, i);
      return out as Row<T>;
    });
  }

  /** Number of elements one pass yields; null when unknown (after `filter`); Infinity after `repeat()`. */
  get size(): number | null {
    return this.source.size;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.source.iterate();
  }

  /**
   * Applies a synchronous function to each element, inside `tf.tidy` (intermediate tensors are
   * freed); input tensors the function does not return are disposed. Keeps random access.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const doubled = Dataset.fromArray([1, 2, 3]).map((x) => x * 2);
   * console.log(await doubled.toArray()); // [2, 4, 6]
   * ```
   */
  map<U>(fn: (element: T) => U): Dataset<U> {
    const apply = (x: T): U => {
      let out: U;
      try {
        out = tf.tidy(() => fn(x) as tf.TensorContainer) as U;
      } catch (e) {
        disposeElement(x);
        throw e;
      }
      disposeUnreturned(x, out);
      return out;
    };
    return this.derive(apply);
  }

  /**
   * Like `map` for an asynchronous function. `tf.tidy` cannot span an `await`, so the function must
   * dispose its own intermediates; input tensors it does not return are still disposed.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromArray(['a', 'b']).mapAsync(async (s) => s.charCodeAt(0));
   * console.log(await ds.toArray()); // [97, 98]
   * ```
   */
  mapAsync<U>(fn: (element: T) => Promise<U>): Dataset<U> {
    const apply = async (x: T): Promise<U> => {
      let out: U;
      try {
        out = await fn(x);
      } catch (e) {
        disposeElement(x);
        throw e;
      }
      disposeUnreturned(x, out);
      return out;
    };
    return this.derive(apply);
  }

  private derive<U>(apply: (x: T) => U | Promise<U>): Dataset<U> {
    const src = this.source;
    const get = src.get;
    if (get) {
      return Dataset.fromIndexed(src.size!, async (i) => apply(await get(i)));
    }
    return new Dataset<U>({
      size: src.size,
      iterate: () =>
        (async function* () {
          for await (const x of { [Symbol.asyncIterator]: () => src.iterate() }) yield await apply(x);
        })(),
    });
  }

  /**
   * Keeps the elements for which `predicate` is true; dropped elements' tensors are disposed.
   * The size becomes unknown.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const even = Dataset.fromArray([1, 2, 3, 4]).filter((x) => x % 2 === 0);
   * console.log(await even.toArray(), even.size); // [2, 4] null
   * ```
   */
  filter(predicate: (element: T) => boolean | Promise<boolean>): Dataset<T> {
    const src = this.source;
    return new Dataset<T>({
      size: null,
      iterate: () =>
        (async function* () {
          for await (const x of iterable(src)) {
            let keep: boolean;
            try {
              keep = await predicate(x);
            } catch (e) {
              disposeElement(x);
              throw e;
            }
            if (keep) yield x;
            else disposeElement(x);
          }
        })(),
    });
  }

  /**
   * Shuffles with a seeded generator (`Random`, the same order in every JS engine). With random
   * access and no `bufferSize`, each pass is an exact uniform permutation; otherwise a buffer of
   * `bufferSize` elements is filled and sampled (as tf.data does). By default each pass gets a new
   * order, the sequence of orders fixed by the seed.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromArray([0, 1, 2, 3, 4]).shuffle({ seed: 7 });
   * const a = await ds.toArray();
   * const b = await Dataset.fromArray([0, 1, 2, 3, 4]).shuffle({ seed: 7 }).toArray();
   * console.log(a.join() === b.join()); // true
   * ```
   */
  shuffle(options: ShuffleOptions = {}): Dataset<T> {
    const { seed = randomSeed(), bufferSize, reshuffleEachIteration = true } = options;
    if (bufferSize !== undefined && (!Number.isInteger(bufferSize) || bufferSize < 1)) {
      throw new Error(`Dataset.shuffle: bufferSize must be a positive integer, received bufferSize=${bufferSize}`);
    }
    const src = this.source;
    const get = src.get;
    if (!get && bufferSize === undefined) {
      throw new Error(
        'Dataset.shuffle: this dataset is streamed (no random access), so give a bufferSize (e.g. shuffle({bufferSize: 1000, seed}))',
      );
    }
    const epochSeeds = new Random(seed);
    const nextRandom = (): Random => (reshuffleEachIteration ? new Random(epochSeeds.nextUint32()) : new Random(seed));
    if (get && bufferSize === undefined) {
      const n = src.size!;
      return new Dataset<T>({
        size: n,
        iterate: () => {
          const perm = nextRandom().permutation(n);
          return indexedIterator(n, (k) => get(perm[k]!));
        },
      });
    }
    const size = bufferSize!;
    return new Dataset<T>({
      size: src.size,
      iterate: () => {
        const rng = nextRandom();
        return (async function* () {
          const buffer: T[] = [];
          try {
            for await (const x of iterable(src)) {
              if (buffer.length < size) {
                buffer.push(x);
                continue;
              }
              const j = rng.int(size);
              const out = buffer[j]!;
              buffer[j] = x;
              yield out;
            }
            while (buffer.length > 0) {
              const j = rng.int(buffer.length);
              const out = buffer[j]!;
              buffer[j] = buffer[buffer.length - 1]!;
              buffer.pop();
              yield out;
            }
          } finally {
            for (const x of buffer) disposeElement(x);
          }
        })();
      },
    });
  }

  /**
   * Groups consecutive elements into batches (see `Batched`): numbers become a `[b]` tensor, typed
   * arrays a `[b, n]` tensor (int32 for integer arrays, float32 otherwise), nested number arrays and
   * tensors gain a leading `b` axis, records and tuples are batched field by field. The last batch
   * has the elements left over, unless `dropRemainder`.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromArray([{ x: [1, 2], y: 0 }, { x: [3, 4], y: 1 }, { x: [5, 6], y: 0 }]);
   * console.log(ds.batch(2).size, ds.batch(2, { dropRemainder: true }).size); // 2 1
   * for await (const b of ds.batch(2)) {
   *   b.x.print();
   *   tf.dispose(b);
   * }
   * ```
   */
  batch(batchSize: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`Dataset.batch: batchSize must be a positive integer, received batchSize=${batchSize}`);
    }
    const dropRemainder = options.dropRemainder ?? false;
    const src = this.source;
    const n = src.size;
    const size =
      n === null ? null : n === Infinity ? Infinity : dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    const flush = (elements: T[]): Batched<T> => {
      try {
        return stackElements(elements);
      } finally {
        for (const x of elements) disposeElement(x);
        elements.length = 0;
      }
    };
    return new Dataset<Batched<T>>({
      size,
      iterate: () =>
        (async function* () {
          const pending: T[] = [];
          try {
            for await (const x of iterable(src)) {
              pending.push(x);
              if (pending.length === batchSize) yield flush(pending);
            }
            if (pending.length > 0 && !dropRemainder) yield flush(pending);
          } finally {
            for (const x of pending) disposeElement(x);
          }
        })(),
    });
  }

  /**
   * Reads up to `bufferSize` elements ahead, so that the source's work (decoding, fetching) overlaps
   * the consumer's (a training step) whenever the consumer awaits. Buffered elements are disposed if
   * the loop ends early.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * const ds = Dataset.fromArray([1, 2, 3]).prefetch(2);
   * console.log(await ds.toArray()); // [1, 2, 3]
   * ```
   */
  prefetch(bufferSize = 2): Dataset<T> {
    checkCount('Dataset.prefetch', 'bufferSize', bufferSize, 1);
    const src = this.source;
    return new Dataset<T>({
      size: src.size,
      iterate: () =>
        (async function* () {
          const it = src.iterate();
          const queue: Array<Promise<IteratorResult<T>>> = [];
          const request = (): void => {
            const p = it.next();
            // Rejections are rethrown when awaited below; this only stops an early "unhandled" report.
            p.catch(() => undefined);
            queue.push(p);
          };
          let finished = false;
          try {
            while (queue.length < bufferSize) request();
            for (;;) {
              const r = await queue.shift()!;
              if (r.done) {
                finished = true;
                return;
              }
              request();
              yield r.value;
            }
          } finally {
            if (!finished) {
              for (const settled of await Promise.allSettled(queue)) {
                if (settled.status === 'fulfilled' && !settled.value.done) disposeElement(settled.value.value);
              }
              await it.return?.();
            }
          }
        })(),
    });
  }

  /**
   * The first `count` elements. Keeps random access.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * console.log(await Dataset.fromArray([1, 2, 3]).take(2).toArray()); // [1, 2]
   * ```
   */
  take(count: number): Dataset<T> {
    checkCount('Dataset.take', 'count', count);
    const src = this.source;
    const get = src.get;
    const size = src.size === null ? null : Math.min(src.size, count);
    if (get && size !== null) return Dataset.fromIndexed(size, get);
    return new Dataset<T>({
      size,
      iterate: () =>
        (async function* () {
          if (count === 0) return;
          let k = 0;
          for await (const x of iterable(src)) {
            yield x;
            if (++k >= count) return;
          }
        })(),
    });
  }

  /**
   * All but the first `count` elements. Keeps random access.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * console.log(await Dataset.fromArray([1, 2, 3]).skip(2).toArray()); // [3]
   * ```
   */
  skip(count: number): Dataset<T> {
    checkCount('Dataset.skip', 'count', count);
    const src = this.source;
    const get = src.get;
    const size = src.size === null ? null : Math.max(0, src.size - count);
    if (get && size !== null && size !== Infinity) return Dataset.fromIndexed(size, (i) => get(i + count));
    return new Dataset<T>({
      size,
      iterate: () =>
        (async function* () {
          let k = 0;
          for await (const x of iterable(src)) {
            if (k++ < count) disposeElement(x);
            else yield x;
          }
        })(),
    });
  }

  /**
   * Repeats the dataset `count` times in one pass (forever when left out). Each repetition is a new
   * pass of the source, so a shuffled source is reshuffled.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * console.log(await Dataset.fromArray([1, 2]).repeat(2).toArray()); // [1, 2, 1, 2]
   * ```
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) checkCount('Dataset.repeat', 'count', count);
    const src = this.source;
    const size = src.size === null ? null : count === undefined ? Infinity : src.size * count;
    return new Dataset<T>({
      size,
      iterate: () =>
        (async function* () {
          for (let r = 0; count === undefined || r < count; r++) {
            let any = false;
            for await (const x of iterable(src)) {
              any = true;
              yield x;
            }
            // An empty source repeated forever would spin without yielding.
            if (!any) return;
          }
        })(),
    });
  }

  /**
   * Reads one pass into an array (the caller owns any tensors in it).
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * console.log(await Dataset.fromArray(['a', 'b']).toArray()); // ['a', 'b']
   * ```
   */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }

  /**
   * Calls `fn` on each element of one pass and disposes the element's tensors afterwards.
   *
   * @example
   * ```ts
   * import { Dataset } from '@sinew/data';
   * let total = 0;
   * await Dataset.fromArray([1, 2, 3]).forEach((x) => { total += x; });
   * console.log(total); // 6
   * ```
   */
  async forEach(fn: (element: T) => void | Promise<void>): Promise<void> {
    for await (const x of this) {
      try {
        await fn(x);
      } finally {
        disposeElement(x);
      }
    }
  }
}

function iterable<T>(src: Source<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => src.iterate() };
}

async function* indexedIterator<T>(n: number, get: (k: number) => T | Promise<T>): AsyncGenerator<T> {
  for (let k = 0; k < n; k++) yield await get(k);
}

async function* fromSyncIterable<T>(it: Iterable<T>): AsyncGenerator<T> {
  yield* it;
}

function checkCount(where: string, name: string, value: number, min = 0): void {
  if (!(Number.isInteger(value) && value >= min) && value !== Infinity) {
    throw new Error(`${where}: ${name} must be an integer >= ${min}, received ${name}=${value}`);
  }
}
