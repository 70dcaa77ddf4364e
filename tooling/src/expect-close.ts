import type { Tensor } from '@tensorflow/tfjs-core';

export interface CloseOptions {
  /** Absolute tolerance; default 1e-5. */
  atol?: number;
  /** Relative tolerance, scaled by |expected|; default 1e-5. */
  rtol?: number;
  /** Prefix for the failure message, e.g. the layer under test. */
  label?: string;
}

type Nested = number | boolean | Nested[];

function flatten(x: Nested | ArrayLike<number>, out: number[] = []): number[] {
  if (typeof x === 'number' || typeof x === 'boolean') {
    out.push(Number(x));
  } else {
    for (let i = 0; i < x.length; i++) flatten((x as ArrayLike<Nested>)[i] as Nested, out);
  }
  return out;
}

/**
 * Asserts |actual - expected| <= atol + rtol * |expected| elementwise, numpy `allclose` style, and
 * reports the worst element with its flat index so a failure says where it went wrong.
 */
export function expectArraysClose(
  actual: ArrayLike<number> | Nested,
  expected: ArrayLike<number> | Nested,
  { atol = 1e-5, rtol = 1e-5, label = 'arrays' }: CloseOptions = {},
): void {
  const a = flatten(actual as Nested);
  const e = flatten(expected as Nested);
  if (a.length !== e.length) {
    throw new Error(`${label}: length ${a.length} differs from expected length ${e.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const ei = e[i] as number;
    if (Number.isNaN(ei) && Number.isNaN(ai)) continue;
    const excess = Math.abs(ai - ei) - (atol + rtol * Math.abs(ei));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `${label}: element ${worst} is ${a[worst]}, expected ${e[worst]} ` +
        `(atol ${atol}, rtol ${rtol}; ${a.length} elements compared)`,
    );
  }
}

/** Asserts two tensors have the same shape and values within tolerance. */
export function expectTensorsClose(actual: Tensor, expected: Tensor | Nested, options: CloseOptions = {}): void {
  const label = options.label ?? 'tensor';
  if (typeof expected === 'object' && expected !== null && 'shape' in expected) {
    const sa = JSON.stringify(actual.shape);
    const se = JSON.stringify(expected.shape);
    if (sa !== se) throw new Error(`${label}: shape ${sa} differs from expected shape ${se}`);
    expectArraysClose(actual.dataSync(), expected.dataSync(), options);
  } else {
    expectArraysClose(actual.dataSync(), expected as Nested, options);
  }
}
