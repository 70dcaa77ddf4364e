import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { readRows, type FeatureRows } from './feature-stats.js';

/**
 * Standardization with fitted statistics: `(x - mean) / std` per feature (the last axis), as
 * scikit-learn's `StandardScaler`: the population standard deviation (ddof 0), and a feature with
 * zero variance is scaled by 1 instead of divided by 0. Fit on the training part only, then apply
 * the same statistics to validation and test data. `partialFit` accumulates statistics over
 * batches (Chan et al.'s pairwise update), for data that arrives as a stream.
 *
 * The scaler holds plain numbers, never tensors: nothing to dispose.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { StandardScaler } from '@sinew/data';
 * const scaler = new StandardScaler().fit([[1, 10], [3, 10], [5, 10]]);
 * console.log(Array.from(scaler.mean), Array.from(scaler.std)); // [3, 10] [1.63..., 0]
 * const x = tf.tensor2d([[3, 10], [5, 12]]);
 * const z = scaler.transform(x);
 * z.print(); // [[0, 0], [1.22..., 2]]
 * tf.dispose([x, z]);
 * ```
 */
export class StandardScaler {
  private n = 0;
  private meanAcc: Float64Array | null = null;
  private m2: Float64Array | null = null;

  /** Resets and fits on `x` (rows of features). Returns this. */
  fit(x: FeatureRows): this {
    this.n = 0;
    this.meanAcc = null;
    this.m2 = null;
    return this.partialFit(x);
  }

  /** Adds the rows of `x` to the statistics. Returns this. */
  partialFit(x: FeatureRows): this {
    const { values, features } = readRows(x, 'StandardScaler.partialFit');
    if (this.meanAcc && this.meanAcc.length !== features) {
      throw new Error(`StandardScaler.partialFit: fitted on ${this.meanAcc.length} features, received ${features}`);
    }
    const rows = values.length / features;
    if (rows === 0) return this;
    const bMean = new Float64Array(features);
    const bM2 = new Float64Array(features);
    for (let i = 0; i < rows; i++) for (let j = 0; j < features; j++) bMean[j]! += values[i * features + j]!;
    for (let j = 0; j < features; j++) bMean[j]! /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < features; j++) {
        const d = values[i * features + j]! - bMean[j]!;
        bM2[j]! += d * d;
      }
    }
    if (!this.meanAcc || !this.m2) {
      this.meanAcc = bMean;
      this.m2 = bM2;
      this.n = rows;
      return this;
    }
    const total = this.n + rows;
    for (let j = 0; j < features; j++) {
      const delta = bMean[j]! - this.meanAcc[j]!;
      this.meanAcc[j]! += (delta * rows) / total;
      this.m2[j]! += bM2[j]! + (delta * delta * this.n * rows) / total;
    }
    this.n = total;
    return this;
  }

  /** Number of rows seen. */
  get count(): number {
    return this.n;
  }

  /** Per-feature mean. */
  get mean(): Float64Array {
    return Float64Array.from(this.fitted('mean').meanAcc);
  }

  /** Per-feature population standard deviation. */
  get std(): Float64Array {
    const { m2 } = this.fitted('std');
    return m2.map((v) => Math.sqrt(v / this.n));
  }

  /** The divisor used per feature: `std`, with 1 where std is 0. */
  get scale(): Float64Array {
    return this.std.map((s) => (s === 0 ? 1 : s));
  }

  /** `(x - mean) / scale`, as a new float32 tensor of x's shape. */
  transform(x: Tensor): Tensor {
    const { mean, scale } = this.params(x, 'transform');
    return tf.tidy(() => tf.div(tf.sub(tf.cast(x, 'float32'), mean), scale));
  }

  /** `x * scale + mean`, the inverse of `transform`. */
  inverseTransform(x: Tensor): Tensor {
    const { mean, scale } = this.params(x, 'inverseTransform');
    return tf.tidy(() => tf.add(tf.mul(tf.cast(x, 'float32'), scale), mean));
  }

  /** Transforms one row of plain numbers (for `Dataset.map` before batching). */
  transformRow(row: ArrayLike<number>): Float32Array {
    const mean = this.mean;
    const scale = this.scale;
    if (row.length !== mean.length) {
      throw new Error(`StandardScaler.transformRow: fitted on ${mean.length} features, received a row of ${row.length}`);
    }
    return Float32Array.from(mean, (m, j) => (row[j]! - m) / scale[j]!);
  }

  private fitted(what: string): { meanAcc: Float64Array; m2: Float64Array } {
    if (!this.meanAcc || !this.m2) throw new Error(`StandardScaler.${what}: call fit() first`);
    return { meanAcc: this.meanAcc, m2: this.m2 };
  }

  private params(x: Tensor, where: string): { mean: Float32Array; scale: Float32Array } {
    const mean = Float32Array.from(this.fitted(where).meanAcc);
    if (x.shape[x.rank - 1] !== mean.length) {
      throw new Error(`StandardScaler.${where}: fitted on ${mean.length} features, received shape [${x.shape}]`);
    }
    return { mean, scale: Float32Array.from(this.scale) };
  }
}
