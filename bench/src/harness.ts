/**
 * What every benchmark here shares: timing two contenders on the same work, alternately, so that noise
 * on a shared machine hits both alike, and reporting medians. Benchmarks report ratios measured in one
 * run, never absolute claims.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** One timed run: its wall time and whatever the run reports (a loss, say). */
export interface Timed<R> {
  ms: number;
  result: R;
}

/** Times `fn` once. */
export async function timed<R>(fn: () => Promise<R>): Promise<Timed<R>> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

/**
 * Runs `a` and `b` once each to warm up, then `rounds` times each, swapping which goes first every
 * round. Also counts the tensors the timed rounds left alive (a leak shows up here).
 */
export async function alternate<A, B>(
  a: () => Promise<A>,
  b: () => Promise<B>,
  rounds: number,
): Promise<{ a: Timed<A>[]; b: Timed<B>[]; leakedTensors: number }> {
  await a();
  await b();
  const ra: Timed<A>[] = [];
  const rb: Timed<B>[] = [];
  const before = tf.memory().numTensors;
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      ra.push(await timed(a));
      rb.push(await timed(b));
    } else {
      rb.push(await timed(b));
      ra.push(await timed(a));
    }
  }
  return { a: ra, b: rb, leakedTensors: tf.memory().numTensors - before };
}

/** Anything with a Keras-style `fit` (Sinew's models and tfjs-layers' alike). */
export interface Fittable {
  fit(x: tf.Tensor, y: tf.Tensor, args: { epochs: number; batchSize: number; verbose: 0; shuffle?: boolean }): Promise<{ history: Record<string, unknown[]> }>;
}

/** One epoch of `fit`, returning the epoch's loss. */
export function epochOf(model: Fittable, x: tf.Tensor, y: tf.Tensor, batchSize: number, { shuffle = true } = {}): () => Promise<number> {
  return async () => {
    const h = await model.fit(x, y, { epochs: 1, batchSize, verbose: 0, shuffle });
    return Number(h.history['loss']![0]);
  };
}

/** True when this module is the script Node was started with (run alone, not from run.ts). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] != null && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Anything with a `predict` (Sinew's models and tfjs-layers' alike). */
export interface Predictor {
  predict(x: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/**
 * The largest absolute difference between two models' predictions on `x`: with the same weights the
 * forward passes must agree before timing them means anything.
 */
export function maxPredictionDiff(a: Predictor, b: Predictor, x: tf.Tensor): number {
  const pa = a.predict(x) as tf.Tensor;
  const pb = b.predict(x) as tf.Tensor;
  const maxDiff = tf.tidy(() => tf.max(tf.abs(tf.sub(pa, pb))).dataSync()[0]!);
  tf.dispose([pa, pb]);
  return maxDiff;
}
