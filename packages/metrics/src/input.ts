import { Tensor } from '@tensorflow/tfjs-core';
import type { MetricInput } from './streaming-metric.js';

/** A metric input read onto the host: row-major values and the shape they came with. */
export interface HostArray {
  readonly values: Float64Array;
  readonly shape: readonly number[];
}

/** Formats a shape the way errors in this package print it: `[3,4]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function inferShape(x: unknown, metric: string, arg: string): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    const len = (cur as ArrayLike<unknown>).length;
    shape.push(len);
    if (len === 0) break;
    cur = (cur as ArrayLike<unknown>)[0];
  }
  if (typeof cur === 'string') {
    throw new TypeError(`${metric}: argument '${arg}' must hold numbers, received strings`);
  }
  return shape;
}

function fill(
  x: unknown,
  shape: readonly number[],
  depth: number,
  out: Float64Array,
  offset: { i: number },
  metric: string,
  arg: string,
): void {
  if (depth === shape.length) {
    if (typeof x === 'number') out[offset.i++] = x;
    else if (typeof x === 'boolean') out[offset.i++] = x ? 1 : 0;
    else throw new TypeError(`${metric}: argument '${arg}' must hold numbers, received ${typeof x}`);
    return;
  }
  const len = shape[depth]!;
  if (!(Array.isArray(x) || ArrayBuffer.isView(x)) || (x as ArrayLike<unknown>).length !== len) {
    throw new Error(
      `${metric}: argument '${arg}' is a ragged array: expected length ${len} at depth ${depth} ` +
        `(shape ${fmtShape(shape)})`,
    );
  }
  for (let k = 0; k < len; k++) fill((x as ArrayLike<unknown>)[k], shape, depth + 1, out, offset, metric, arg);
}

/**
 * Reads a tensor or a (nested) array onto the host as float64. Tensors are read, never disposed: the
 * caller owns them. `metric` and `arg` name the failing input in errors.
 */
export function readInput(x: MetricInput, metric: string, arg: string): HostArray {
  if (x instanceof Tensor) {
    if (x.dtype === 'string') throw new TypeError(`${metric}: argument '${arg}' must be numeric, received a string tensor`);
    return { values: Float64Array.from(x.dataSync() as ArrayLike<number>), shape: x.shape };
  }
  if (typeof x === 'number' || typeof x === 'boolean') return { values: Float64Array.of(Number(x)), shape: [] };
  if (x == null) throw new TypeError(`${metric}: argument '${arg}' is ${String(x)}`);
  const shape = inferShape(x, metric, arg);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  fill(x, shape, 0, values, { i: 0 }, metric, arg);
  return { values, shape };
}

/** Reads per-sample weights: one finite, non-negative weight per sample (shape [n] or [n,1]). */
export function readSampleWeight(w: MetricInput | undefined, n: number, metric: string): Float64Array | undefined {
  if (w === undefined) return undefined;
  const { values, shape } = readInput(w, metric, 'sampleWeight');
  if (values.length === 1 && n !== 1 && shape.length === 0) return new Float64Array(n).fill(values[0]!);
  const ok = (shape.length === 1 && shape[0] === n) || (shape.length === 2 && shape[0] === n && shape[1] === 1);
  if (!ok) {
    throw new Error(`${metric}: argument 'sampleWeight' must have shape [${n}] (one weight per sample), received shape ${fmtShape(shape)}`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new Error(`${metric}: argument 'sampleWeight' must be finite and >= 0, received ${v} at index ${i}`);
    }
  }
  return values;
}

/** Checks that `x` holds integer class labels in [0, numClasses). */
export function checkLabels(values: Float64Array, numClasses: number, metric: string, arg: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new Error(
        `${metric}: argument '${arg}' must hold integer class labels in [0, ${numClasses - 1}], received ${v} at index ${i}`,
      );
    }
  }
}

/** Checks that `x` holds only 0 and 1. */
export function checkBinary(values: Float64Array, metric: string, arg: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== 0 && v !== 1) {
      throw new Error(`${metric}: argument '${arg}' must hold binary labels 0 or 1, received ${v} at index ${i}`);
    }
  }
}

/** Index of the largest entry in row `r` of a [n, c] matrix; ties go to the first index (like argmax). */
export function argmaxRow(values: Float64Array, r: number, c: number): number {
  let best = 0;
  let bestV = values[r * c]!;
  for (let j = 1; j < c; j++) {
    const v = values[r * c + j]!;
    if (v > bestV) {
      bestV = v;
      best = j;
    }
  }
  return best;
}

/** Number of samples (the leading dimension); a scalar counts as one sample. */
export function numSamples(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : shape[0]!;
}

/** Throws unless the two shapes are equal. */
export function checkSameShape(a: HostArray, b: HostArray, metric: string, argA = 'yTrue', argB = 'yPred'): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(
      `${metric}: '${argA}' and '${argB}' must have the same shape, received ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
}

/** x / y, or `zero` when y is 0. */
export function safeDivide(x: number, y: number, zero: number): number {
  return y === 0 ? zero : x / y;
}
