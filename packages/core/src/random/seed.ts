/**
 * The one seeded generator behind initializers, dropout, noise layers and shuffling.
 *
 * tfjs-core's random ops accept a numeric seed but draw a fresh one from `Math.random` when none is
 * given, so seeds never reach them through tfjs-layers (tfjs issues #7104, #7376). Here every random
 * op asks {@link nextSeed} for its seed: after `setSeed(n)` the sequence of seeds, and therefore every
 * weight, dropout mask and shuffle, is the same from run to run on the same backend.
 */

// mulberry32 state; null until setSeed is called, so unseeded runs stay non-deterministic.
let state: number | null = null;

function nextUint32(): number {
  if (state === null) return Math.floor(Math.random() * 0x100000000) >>> 0;
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * Seeds Sinew's generator. The same seed gives bit-identical initial weights, dropout masks and
 * shuffling on the same backend.
 *
 * @param seed - an integer (any finite number; it is truncated to 32 bits).
 * @example
 * ```ts
 * import { setSeed, dense } from '@sinew/core';
 * setSeed(42);
 * const layer = dense({ units: 4 });
 * ```
 */
export function setSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new Error(`setSeed: seed must be a finite number. Received: seed=${seed}`);
  state = Math.trunc(seed) | 0;
}

/**
 * Forgets the seed: later draws come from `Math.random` again.
 *
 * @example
 * ```ts
 * import { clearSeed } from '@sinew/core';
 * clearSeed();
 * ```
 */
export function clearSeed(): void {
  state = null;
}

/**
 * The next seed for a tfjs random op (`tf.randomUniform(shape, lo, hi, 'float32', nextSeed())`).
 * Deterministic after {@link setSeed}.
 *
 * @returns an integer in [0, 2^31).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { nextSeed } from '@sinew/core';
 * const noise = tf.randomNormal([2, 3], 0, 1, 'float32', nextSeed());
 * ```
 */
export function nextSeed(): number {
  return nextUint32() >>> 1;
}

/**
 * A float in [0, 1) from Sinew's generator (for host-side decisions such as augmentation choices).
 *
 * @example
 * ```ts
 * import { randomFloat } from '@sinew/core';
 * const coin = randomFloat() < 0.5;
 * ```
 */
export function randomFloat(): number {
  return nextUint32() / 0x100000000;
}

/**
 * A random permutation of `0 .. n-1` (Fisher–Yates), drawn from Sinew's generator; `fit` uses it to
 * shuffle batches.
 *
 * @example
 * ```ts
 * import { setSeed, shuffleIndices } from '@sinew/core';
 * setSeed(1);
 * const order = shuffleIndices(5); // e.g. Int32Array [3, 0, 4, 1, 2]
 * ```
 */
export function shuffleIndices(n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new Error(`shuffleIndices: n must be a non-negative integer. Received: n=${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(randomFloat() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/**
 * The `call`-th seed of a layer that was given its own `seed` (Dropout, GaussianNoise, ...): fixed
 * by (seed, call), different from call to call, as Keras 3's per-layer `SeedGenerator` advances.
 * A constant seed would give the same dropout mask at every training step. Exported for layers in
 * other packages (recurrent dropout, augmentation) that take a `seed` argument.
 *
 * @example
 * ```ts
 * import { seedStream } from '@sinew/core';
 * seedStream(42, 0) !== seedStream(42, 1); // true: a new mask per call, the same sequence per seed
 * ```
 */
export function seedStream(seed: number, call: number): number {
  // One mulberry32 step from a state that mixes the seed and the call index.
  let t = (Math.trunc(seed) + Math.imul(call + 1, 0x6d2b79f5)) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) >>> 1;
}
