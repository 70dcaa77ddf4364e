import type { InputSpec } from './conformance-case.js';

/**
 * A small seeded PRNG (mulberry32): the same case gets the same inputs on every backend and run.
 *
 * @example
 * ```ts
 * import { seededRandom } from '@sinew/backend/testing';
 * const rand = seededRandom(42);
 * console.log(rand(), rand()); // the same two numbers in [0, 1) on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a of a string, the seed of a case's inputs.
 *
 * @example
 * ```ts
 * import { hashString } from '@sinew/backend/testing';
 * console.log(hashString('conv2d/stride1-valid')); // an unsigned 32-bit integer, the case's seed
 * ```
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The values of one input, row-major, drawn as its spec says.
 *
 * @example
 * ```ts
 * const values = drawInput({ shape: [2, 3], init: 'positive' }, seededRandom(1)); // 6 numbers in [0.5, 1.5)
 * ```
 */
export function drawInput(spec: InputSpec, rand: () => number): number[] {
  const n = size(spec.shape);
  const init = spec.init ?? (spec.dtype === 'int32' ? { int: [0, 3] } : 'uniform');
  if (typeof init === 'object' && 'values' in init) {
    if (init.values.length !== n) {
      throw new Error(`conformance input: ${init.values.length} values given for shape [${spec.shape.join(', ')}] (${n} elements)`);
    }
    return [...init.values];
  }
  if (typeof init === 'object') {
    const [lo, hi] = init.int;
    return Array.from({ length: n }, () => lo + Math.floor(rand() * (hi - lo + 1)));
  }
  switch (init) {
    case 'uniform':
      return Array.from({ length: n }, () => rand() * 2 - 1);
    case 'positive':
      return Array.from({ length: n }, () => 0.5 + rand());
    case 'awayFromZero':
      return Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.2 + rand()));
    case 'distinct': {
      const gap = 0.05;
      const grid = Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * gap);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [grid[i], grid[j]] = [grid[j]!, grid[i]!];
      }
      return grid;
    }
    case 'probabilities': {
      const last = spec.shape[spec.shape.length - 1] ?? 1;
      const raw = Array.from({ length: n }, () => 0.1 + rand());
      for (let r = 0; r < n; r += last) {
        let s = 0;
        for (let i = r; i < r + last; i++) s += raw[i]!;
        for (let i = r; i < r + last; i++) raw[i] = raw[i]! / s;
      }
      return raw;
    }
  }
}
