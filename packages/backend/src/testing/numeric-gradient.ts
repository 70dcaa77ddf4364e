/**
 * Central finite differences of a scalar function at selected coordinates, in float64 on the host:
 * g[i] ≈ (f(x + h·eᵢ) - f(x - h·eᵢ)) / 2h. The gradient oracle that depends on nothing but the
 * function's forward values.
 *
 * @param f the function (sync or async); it receives a float64 copy of x with one coordinate moved.
 * @param x0 the point, flat.
 * @param indices the coordinates to differentiate along.
 * @param h the step.
 * @returns one estimate per entry of `indices`.
 * @example
 * ```ts
 * await numericGradient((x) => x[0]! * x[0]!, [3], [0], 1e-3); // ≈ [6]
 * ```
 */
export async function numericGradient(
  f: (x: Float64Array) => number | Promise<number>,
  x0: ArrayLike<number>,
  indices: readonly number[],
  h: number,
): Promise<number[]> {
  const x = Float64Array.from(x0);
  const out: number[] = [];
  for (const i of indices) {
    const xi = x[i]!;
    x[i] = xi + h;
    const up = await f(x);
    x[i] = xi - h;
    const down = await f(x);
    x[i] = xi;
    out.push((up - down) / (2 * h));
  }
  return out;
}

/**
 * Up to `count` coordinates of a vector of length `n`, spread evenly and including both ends.
 *
 * @example
 * ```ts
 * import { sampleIndices } from '@sinew/backend/testing';
 * console.log(sampleIndices(10, 4)); // four indices from 0 to 9, both ends included
 * ```
 */
export function sampleIndices(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out];
}
