import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { readRows, type FeatureRows } from './feature-stats.js';

/**
 * Min-max scaling with fitted statistics: maps each feature (the last axis) from its fitted
 * `[min, max]` to `featureRange` (default `[0, 1]`), as scikit-learn's `MinMaxScaler`; a constant
 * feature (max = min) is shifted but not divided by 0. Fit on training data only. `partialFit`
 * accumulates over batches.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { MinMaxScaler } from '@sinew/data';
 * const scaler = new MinMaxScaler().fit([[0, -1], [10, 1]]);
 * const x = tf.tensor2d([[5, 0]]);
 * const y = scaler.transform(x);
 * y.print(); // [[0.5, 0.5]]
 * tf.dispose([x, y]);
 * ```
 */
export class MinMaxScaler {
  private lo: Float64Array | null = null;
  private hi: Float64Array | null = null;
  readonly featureRange: readonly [number, number];

  constructor(options: { featureRange?: [number, number] } = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!(range[0] < range[1])) {
      throw new Error(`MinMaxScaler: featureRange must be increasing, received featureRange=[${range}]`);
    }
    this.featureRange = range;
  }

  /** Resets and fits on `x`. Returns this. */
  fit(x: FeatureRows): this {
    this.lo = null;
    this.hi = null;
    return this.partialFit(x);
  }

  /** Widens the fitted range with the rows of `x`. Returns this. */
  partialFit(x: FeatureRows): this {
    const { values, features } = readRows(x, 'MinMaxScaler.partialFit');
    if (this.lo && this.lo.length !== features) {
      throw new Error(`MinMaxScaler.partialFit: fitted on ${this.lo.length} features, received ${features}`);
    }
    const lo = this.lo ?? new Float64Array(features).fill(Infinity);
    const hi = this.hi ?? new Float64Array(features).fill(-Infinity);
    for (let i = 0; i < values.length; i++) {
      const j = i % features;
      const v = values[i]!;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  /** Per-feature fitted minimum. */
  get dataMin(): Float64Array {
    return Float64Array.from(this.fitted('dataMin').lo);
  }

  /** Per-feature fitted maximum. */
  get dataMax(): Float64Array {
    return Float64Array.from(this.fitted('dataMax').hi);
  }

  /** Maps x into `featureRange` (values outside the fitted range fall outside it too). */
  transform(x: Tensor): Tensor {
    const { scale, offset } = this.params(x, 'transform');
    return tf.tidy(() => tf.add(tf.mul(tf.cast(x, 'float32'), scale), offset));
  }

  /** The inverse of `transform`. */
  inverseTransform(x: Tensor): Tensor {
    const { scale, offset } = this.params(x, 'inverseTransform');
    return tf.tidy(() => tf.div(tf.sub(tf.cast(x, 'float32'), offset), scale));
  }

  /** Transforms one row of plain numbers (for `Dataset.map` before batching). */
  transformRow(row: ArrayLike<number>): Float32Array {
    const { scale, offset } = this.coefficients('transformRow');
    if (row.length !== scale.length) {
      throw new Error(`MinMaxScaler.transformRow: fitted on ${scale.length} features, received a row of ${row.length}`);
    }
    return Float32Array.from(scale, (s, j) => row[j]! * s + offset[j]!);
  }

  private fitted(what: string): { lo: Float64Array; hi: Float64Array } {
    if (!this.lo || !this.hi) throw new Error(`MinMaxScaler.${what}: call fit() first`);
    return { lo: this.lo, hi: this.hi };
  }

  private coefficients(where: string): { scale: Float64Array; offset: Float64Array } {
    const { lo, hi } = this.fitted(where);
    const [a, b] = this.featureRange;
    const scale = lo.map((l, j) => (b - a) / (hi[j]! - l === 0 ? 1 : hi[j]! - l));
    const offset = lo.map((l, j) => a - l * scale[j]!);
    return { scale, offset };
  }

  private params(x: Tensor, where: string): { scale: Float32Array; offset: Float32Array } {
    const { scale, offset } = this.coefficients(where);
    if (x.shape[x.rank - 1] !== scale.length) {
      throw new Error(`MinMaxScaler.${where}: fitted on ${scale.length} features, received shape [${x.shape}]`);
    }
    return { scale: Float32Array.from(scale), offset: Float32Array.from(offset) };
  }
}
