/** A seed: a non-negative integer or any string (hashed). */
export type Seed = number | string;

/**
 * A small seedable pseudo-random generator (xoshiro128**, Blackman & Vigna 2018) that gives the
 * same sequence in every JavaScript engine: it uses only 32-bit integer arithmetic (`Math.imul`,
 * shifts), never `Math.random`. The 128-bit state is filled from the seed by splitmix32, so nearby
 * seeds (0, 1, 2, ...) still give unrelated streams.
 *
 * @example
 * ```ts
 * import { Random } from '@sinew/data';
 * const a = new Random(42);
 * const b = new Random(42);
 * console.log(a.nextUint32() === b.nextUint32()); // true
 * console.log(new Random('digits').int(10)); // an integer in [0, 10)
 * ```
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    let x = typeof seed === 'string' ? hashString(seed) : checkSeed(seed);
    // splitmix32: a fixed bijective mixer, so each seed fills the state with well-spread bits.
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    // An all-zero state is the one fixed point of xoshiro; splitmix32 cannot produce four zeros in
    // a row, but guard anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator with the given raw 128-bit state (four 32-bit words, not all zero): for checking
   * against published xoshiro128** test vectors, or resuming a saved stream.
   */
  static fromState(state: readonly [number, number, number, number]): Random {
    if (state.every((w) => (w | 0) === 0)) throw new Error('Random.fromState: the state must not be all zeros');
    const r = new Random(0);
    [r.s0, r.s1, r.s2, r.s3] = state.map((w) => w | 0) as [number, number, number, number];
    return r;
  }

  /** The current raw state, for `fromState`. */
  get state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** The next 32-bit unsigned integer, uniform in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float uniform in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer uniform in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new Error(`Random.int: expected an integer n in [1, 2^32], received n=${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % n;
    }
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  shuffle<A extends Int32Array | Uint32Array | Float32Array>(items: A): A;
  shuffle<T>(items: T[] | Int32Array | Uint32Array | Float32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** A new generator whose stream is determined by this one's (for per-epoch or per-worker streams). */
  fork(): Random {
    return new Random(this.nextUint32());
  }
}

/**
 * A fresh seed from `Math.random`, for callers that gave none (the run is then not reproducible;
 * log the seed to replay it).
 *
 * @example
 * ```ts
 * import { Random, randomSeed } from '@sinew/data';
 * const seed = randomSeed();
 * console.log(`seed ${seed}`, new Random(seed).int(6));
 * ```
 */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function checkSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new Error(`Random: expected a seed that is a non-negative integer or a string, received ${seed}`);
  }
  // Fold the high bits in, so seeds above 2^32 are not truncated to the same stream.
  return (seed ^ Math.floor(seed / 4294967296)) | 0;
}

/** FNV-1a over UTF-16 code units: stable across engines. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
