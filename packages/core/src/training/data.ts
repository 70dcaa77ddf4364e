import * as tf from '@tensorflow/tfjs-core';
import type { Tensors } from './trainable.js';

/** One batch as a dataset yields it (the shape @sinew/data's datasets produce). */
export interface DatasetBatch {
  xs: Tensors;
  ys: Tensors;
  /** Optional per-sample weights, shape [batch]. */
  sampleWeight?: tf.Tensor;
}

/** An async-iterable dataset of batches; iterated once per epoch. The loop disposes each batch it consumed. */
export type Dataset = AsyncIterable<DatasetBatch>;

export function isDataset(x: unknown): x is Dataset {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && !Array.isArray(x) && Symbol.asyncIterator in x;
}

export function toList(x: Tensors): tf.Tensor[] {
  return Array.isArray(x) ? x : [x];
}

export function fromList(list: tf.Tensor[]): Tensors {
  return list.length === 1 ? (list[0] as tf.Tensor) : list;
}

/** The common first dimension of every tensor, or a clear error. */
export function sampleCount(where: string, lists: { name: string; tensors: tf.Tensor[] }[]): number {
  let n: number | null = null;
  for (const { name, tensors } of lists) {
    for (const [i, t] of tensors.entries()) {
      if (!(t instanceof tf.Tensor)) {
        const got = isDataset(t) ? 'an async-iterable dataset' : Array.isArray(t) ? 'a plain array' : t === null ? 'null' : typeof t;
        throw new Error(`${where}: ${name}[${i}] must be a tensor, received ${got}`);
      }
      if (t.rank === 0) throw new Error(`${where}: ${name}[${i}] is a scalar; expected a batch dimension first`);
      const b = t.shape[0] as number;
      if (n === null) n = b;
      else if (b !== n) {
        throw new Error(
          `${where}: all inputs and targets need the same number of samples; ${name}[${i}] has shape [${t.shape}], ` +
            `expected ${n} samples`,
        );
      }
    }
  }
  if (n === null) throw new Error(`${where}: no data given`);
  return n;
}

export function sliceRows(list: tf.Tensor[], start: number, end: number): tf.Tensor[] {
  return list.map((t) => tf.slice(t, [start], [end - start]));
}

export function gatherRows(list: tf.Tensor[], indices: tf.Tensor1D): tf.Tensor[] {
  return list.map((t) => tf.gather(t, indices));
}

/** Per-sample weights from `classWeight` and the targets (class = argmax of one-hot rows, else the label). */
export function classWeightsFor(y: tf.Tensor, classWeight: Record<number, number>): tf.Tensor1D {
  const labels = tf.tidy(() => {
    const last = y.rank > 1 ? (y.shape[y.rank - 1] as number) : 1;
    if (last > 1) return tf.reshape(tf.argMax(tf.reshape(y, [y.shape[0] as number, -1, last]), -1), [-1]);
    return tf.round(tf.reshape(tf.cast(y, 'float32'), [-1]));
  });
  const values = labels.dataSync();
  labels.dispose();
  const perRow = values.length / (y.shape[0] as number);
  const w = new Float32Array(y.shape[0] as number);
  for (let i = 0; i < w.length; i++) {
    // Sequence outputs give one label per step: weight the sample by the first step's class, as a sample weight has one value.
    const cls = values[i * perRow] as number;
    const cw = classWeight[cls];
    if (cw === undefined) {
      throw new Error(`fit: classWeight has no entry for class ${cls} (keys: ${Object.keys(classWeight).join(', ')})`);
    }
    w[i] = cw;
  }
  return tf.tensor1d(w);
}
