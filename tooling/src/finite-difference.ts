/**
 * Central finite differences of a scalar function of a flat parameter vector, in float64 on the host.
 * It is the gradient oracle that depends on nothing we wrote except `f` itself.
 */
export function finiteDifferenceGrad(f: (x: Float64Array) => number, x0: ArrayLike<number>, h = 1e-3): Float64Array {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    x[i] = xi + h;
    const up = f(x);
    x[i] = xi - h;
    const down = f(x);
    x[i] = xi;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}
