import type { Tensor } from '@tensorflow/tfjs-core';
import { isTensor } from '../pipeline/element.js';

/** Rows of features: a tensor whose last axis is the feature axis, or plain rows of numbers. */
export type FeatureRows = Tensor | ArrayLike<ArrayLike<number>>;

/**
 * Reads feature rows as a flat float64 array and the number of features (the last axis). Statistics
 * are accumulated on the CPU in double precision, so they match float64 references.
 */
export function readRows(x: FeatureRows, where: string): { values: ArrayLike<number>; features: number } {
  if (isTensor(x)) {
    if (x.rank < 1) throw new Error(`${where}: expected features on the last axis, received a scalar`);
    return { values: x.dataSync(), features: x.shape[x.rank - 1]! };
  }
  const rows = Array.from(x);
  if (rows.length === 0) throw new Error(`${where}: received no rows`);
  const features = rows[0]!.length;
  const values = new Float64Array(rows.length * features);
  rows.forEach((r, i) => {
    if (r.length !== features) throw new Error(`${where}: row ${i} has ${r.length} features, row 0 has ${features}`);
    for (let j = 0; j < features; j++) values[i * features + j] = r[j]!;
  });
  return { values, features };
}
