import { Random, randomSeed, type Seed } from '../random/random.js';

/** Options of `splitIndices` and `split`. */
export interface SplitOptions {
  /**
   * Size of the validation part: a fraction in (0, 1) of all items, or a whole count >= 1 (as in
   * scikit-learn's `train_test_split`). Default 0.
   */
  validation?: number;
  /** Size of the test part, as `validation`. Default 0. */
  test?: number;
  /** Seed of the shuffle; without one each run differs. */
  seed?: Seed;
  /** Shuffle before splitting; default true. Without it, the parts are taken in order. */
  shuffle?: boolean;
  /**
   * Class of each item (labels, one per item): each part then keeps the class proportions of the
   * whole, to within one item per class.
   */
  stratify?: ArrayLike<number | string>;
}

/** Indices of the items in each part. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Splits `0..n-1` into train, validation and test indices, optionally stratified by class.
 *
 * Part sizes follow scikit-learn: a fraction `f` of `n` takes `ceil(f * n)` items (the test part
 * first, then validation from all items), train gets the rest. With `stratify`, each class is split
 * by largest remainders, so the totals are exact and every class's share is within one item of
 * proportional.
 *
 * @example
 * ```ts
 * import { splitIndices } from '@sinew/data';
 * const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
 * const { train, test } = splitIndices(10, { test: 0.5, stratify: labels, seed: 1 });
 * console.log(train.length, test.length); // 5 5
 * console.log(Array.from(test).filter((i) => labels[i] === 0).length); // 2
 * ```
 */
export function splitIndices(n: number, options: SplitOptions = {}): SplitIndices {
  if (!Number.isInteger(n) || n < 0) throw new Error(`splitIndices: n must be a non-negative integer, received n=${n}`);
  const { seed = randomSeed(), shuffle = true, stratify } = options;
  const nTest = partSize('test', options.test ?? 0, n);
  const nVal = partSize('validation', options.validation ?? 0, n);
  if (nTest + nVal > n) {
    throw new Error(`splitIndices: test (${nTest}) and validation (${nVal}) parts need ${nTest + nVal} items, only ${n} given`);
  }
  const rng = new Random(seed);
  if (!stratify) {
    const order = shuffle ? rng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    return {
      test: order.slice(0, nTest),
      validation: order.slice(nTest, nTest + nVal),
      train: order.slice(nTest + nVal),
    };
  }
  if (stratify.length !== n) {
    throw new Error(`splitIndices: stratify has ${stratify.length} labels for ${n} items`);
  }
  const byClass = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = stratify[i]!;
    let members = byClass.get(key);
    if (!members) byClass.set(key, (members = []));
    members.push(i);
  }
  const classes = [...byClass.values()];
  if (shuffle) for (const members of classes) rng.shuffle(members);
  const counts = classes.map((m) => m.length);
  const testPer = allocate(counts, nTest, rng);
  const valPer = allocate(
    counts.map((c, k) => c - testPer[k]!),
    nVal,
    rng,
  );
  const test: number[] = [];
  const validation: number[] = [];
  const train: number[] = [];
  classes.forEach((members, k) => {
    const t = testPer[k]!;
    const v = valPer[k]!;
    test.push(...members.slice(0, t));
    validation.push(...members.slice(t, t + v));
    train.push(...members.slice(t + v));
  });
  // Mix the classes back together (or restore the original order when not shuffling).
  const finish = (part: number[]): Int32Array =>
    shuffle ? rng.shuffle(Int32Array.from(part)) : Int32Array.from(part).sort();
  return { train: finish(train), validation: finish(validation), test: finish(test) };
}

/**
 * Splits an array of items into train, validation and test arrays (see `splitIndices`).
 *
 * @example
 * ```ts
 * import { split } from '@sinew/data';
 * const { train, validation, test } = split(['a', 'b', 'c', 'd', 'e'], { validation: 1, test: 0.2, seed: 3 });
 * console.log(train.length, validation.length, test.length); // 3 1 1
 * ```
 */
export function split<T>(items: readonly T[], options: SplitOptions = {}): { train: T[]; validation: T[]; test: T[] } {
  const idx = splitIndices(items.length, options);
  const pick = (ix: Int32Array): T[] => Array.from(ix, (i) => items[i]!);
  return { train: pick(idx.train), validation: pick(idx.validation), test: pick(idx.test) };
}

function partSize(name: string, value: number, n: number): number {
  if (value > 0 && value < 1) return Math.ceil(value * n);
  if (Number.isInteger(value) && value >= 0) return value;
  throw new Error(`splitIndices: ${name} must be a fraction in (0, 1) or a whole count >= 0, received ${name}=${value}`);
}

/**
 * Distributes `total` items over classes in proportion to `counts` by largest remainders (ties
 * broken at random), never giving a class more than it has.
 */
function allocate(counts: number[], total: number, rng: Random): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * total) / n);
  const out = exact.map((e) => Math.floor(e));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = rng
    .shuffle(counts.map((_, k) => k))
    .sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!));
  for (const k of order) {
    if (left === 0) break;
    if (out[k]! < counts[k]!) {
      out[k]!++;
      left--;
    }
  }
  return out;
}
