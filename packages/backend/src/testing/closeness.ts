import type { Closeness } from './conformance-case.js';

/**
 * Checks |actual - expected| <= atol + rtol·|expected| elementwise and returns a message naming the
 * worst element (index, both values) or null when all are close. NaN matches NaN only.
 *
 * @example
 * ```ts
 * mismatch([1, 2.0001], [1, 2], { atol: 1e-3, rtol: 0 }, 'output'); // null
 * ```
 */
export function mismatch(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol, rtol }: Closeness,
  label: string,
): string | null {
  if (actual.length !== expected.length) return `${label}: ${actual.length} elements, expected ${expected.length}`;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst < 0) return null;
  return `${label}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (atol ${atol}, rtol ${rtol}, ${actual.length} elements)`;
}
