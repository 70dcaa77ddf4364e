import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Typed arrays the pipeline batches; integer kinds become int32 tensors, float kinds float32. */
export type NumericTypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** Nested plain-number arrays, batched into one float32 tensor. */
export type NumericArray = number[] | number[][] | number[][][] | number[][][][];

/**
 * What a batch of elements of type `T` becomes: every number, numeric array, typed array or tensor
 * leaf gains a leading batch axis and becomes one tensor; records and tuples keep their structure.
 */
export type Batched<T> = T extends number | boolean
  ? tf.Tensor1D
  : T extends Tensor
    ? Tensor
    : T extends NumericTypedArray
      ? tf.Tensor2D
      : T extends NumericArray
        ? Tensor
        : T extends readonly unknown[]
          ? { [K in keyof T]: Batched<T[K]> }
          : T extends object
            ? { [K in keyof T]: Batched<T[K]> }
            : never;

export function isTensor(x: unknown): x is Tensor {
  return x instanceof tf.Tensor;
}

function isTypedArray(x: unknown): x is NumericTypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Every tensor inside an element (records, arrays and tuples are walked; typed arrays are not). */
export function collectTensors(x: unknown, out: Set<Tensor> = new Set()): Set<Tensor> {
  if (isTensor(x)) out.add(x);
  else if (Array.isArray(x)) for (const v of x) collectTensors(v, out);
  else if (isPlainObject(x)) for (const v of Object.values(x)) collectTensors(v, out);
  return out;
}

/** Disposes every tensor in an element that is still live. */
export function disposeElement(x: unknown): void {
  for (const t of collectTensors(x)) if (!t.isDisposed) t.dispose();
}

/** Disposes the tensors of `input` that `output` does not carry on (the ownership rule of map). */
export function disposeUnreturned(input: unknown, output: unknown): void {
  const kept = collectTensors(output);
  for (const t of collectTensors(input)) if (!kept.has(t) && !t.isDisposed) t.dispose();
}

/** A copy of the element whose tensors are clones, so a stored element can be yielded every epoch. */
export function cloneElement<T>(x: T): T {
  if (isTensor(x)) return tf.clone(x) as T;
  if (Array.isArray(x)) return x.map((v) => cloneElement(v)) as T;
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = cloneElement(v);
    return out as T;
  }
  return x;
}

function isNumericArray(x: unknown): boolean {
  if (!Array.isArray(x)) return false;
  if (x.length === 0) return true;
  // Every entry, not just the first: [[1, 2], 3] is a tuple (a matrix and a number), not a tensor.
  if (typeof x[0] === 'number') return x.every((v) => typeof v === 'number');
  return x.every((v) => isNumericArray(v));
}

function nestedShape(x: unknown): number[] {
  const shape: number[] = [];
  let v: unknown = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

function flattenInto(x: unknown, shape: number[], depth: number, out: number[], where: () => string): void {
  if (depth === shape.length) {
    if (typeof x !== 'number') throw new Error(`${where()}: expected a number, found ${typeof x}`);
    out.push(x);
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[depth]) {
    throw new Error(`${where()}: ragged nested array, expected length ${shape[depth]} at depth ${depth}, found ${Array.isArray(x) ? x.length : typeof x}`);
  }
  for (const v of x) flattenInto(v, shape, depth + 1, out, where);
}

const INTEGER_ARRAYS = [Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray];

/**
 * Stacks elements into one batch (see `Batched`). Does not dispose the elements' tensors; the caller
 * does, after this returns.
 */
export function stackElements<T>(elements: readonly T[], context = 'Dataset.batch'): Batched<T> {
  if (elements.length === 0) throw new Error(`${context}: cannot batch zero elements`);
  return tf.tidy(() => stackAt(elements as unknown[], '', context) as tf.TensorContainer) as Batched<T>;
}

function stackAt(items: unknown[], path: string, context: string): unknown {
  const first = items[0];
  const label = path === '' ? 'the element' : `'${path}'`;
  if (typeof first === 'number' || typeof first === 'boolean') {
    const values = new Float32Array(items.length);
    items.forEach((v, i) => {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new Error(`${context}: element ${i} has ${typeof v} at ${label}, element 0 has a number`);
      }
      values[i] = Number(v);
    });
    return tf.tensor1d(values, 'float32');
  }
  if (isTensor(first)) {
    items.forEach((v, i) => {
      if (!isTensor(v) || !tf.util.arraysEqual(v.shape, first.shape)) {
        throw new Error(
          `${context}: element ${i} has ${isTensor(v) ? `shape [${v.shape}]` : typeof v} at ${label}, element 0 has shape [${first.shape}]`,
        );
      }
    });
    return tf.stack(items as Tensor[]);
  }
  if (isTypedArray(first)) {
    const n = first.length;
    const integer = INTEGER_ARRAYS.some((c) => first instanceof c);
    const values = integer ? new Int32Array(items.length * n) : new Float32Array(items.length * n);
    items.forEach((v, i) => {
      if (!isTypedArray(v) || v.length !== n) {
        throw new Error(`${context}: element ${i} has ${isTypedArray(v) ? `length ${v.length}` : typeof v} at ${label}, element 0 has length ${n}`);
      }
      values.set(v, i * n);
    });
    return tf.tensor(values, [items.length, n], integer ? 'int32' : 'float32');
  }
  if (Array.isArray(first) && isNumericArray(first)) {
    const shape = nestedShape(first);
    const flat: number[] = [];
    items.forEach((v, i) => flattenInto(v, shape, 0, flat, () => `${context}: element ${i} at ${label}`));
    return tf.tensor(flat, [items.length, ...shape], 'float32');
  }
  if (Array.isArray(first)) {
    return first.map((_, k) =>
      stackAt(
        items.map((v, i) => {
          if (!Array.isArray(v) || v.length !== first.length) {
            throw new Error(`${context}: element ${i} at ${label} is not a tuple of length ${first.length}`);
          }
          return v[k];
        }),
        `${path}[${k}]`,
        context,
      ),
    );
  }
  if (isPlainObject(first)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = stackAt(
        items.map((v, i) => {
          if (!isPlainObject(v) || !(key in v)) throw new Error(`${context}: element ${i} has no key '${path ? `${path}.` : ''}${key}'`);
          return v[key];
        }),
        path ? `${path}.${key}` : key,
        context,
      );
    }
    return out;
  }
  throw new Error(
    `${context}: cannot batch ${first === null ? 'null' : typeof first} at ${label}; elements must hold numbers, numeric arrays, typed arrays or tensors (tokenize strings first)`,
  );
}
