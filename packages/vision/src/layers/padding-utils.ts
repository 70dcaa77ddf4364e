/** `[before, after]` amounts per spatial axis from Keras's forms: n, [a, b, ...] (symmetric per axis), or [[before, after], ...]. */
export function normalizePairs(value: number | number[] | [number, number][] | undefined, rank: number, what: string, layer: string, fallback: number): [number, number][] {
  const v = value ?? fallback;
  let pairs: [number, number][];
  if (typeof v === 'number') pairs = Array.from({ length: rank }, () => [v, v]);
  else if (v.every((e) => typeof e === 'number')) pairs = (v as number[]).map((e) => [e, e]);
  else pairs = (v as unknown[]).map((e) => (Array.isArray(e) ? [e[0], e[1]] : [e, e]) as [number, number]);
  if (pairs.length !== rank || pairs.some((p) => p.length !== 2 || p.some((e) => !Number.isInteger(e) || e < 0))) {
    throw new Error(`${layer}: ${what} must be a non-negative integer, ${rank} integers, or ${rank} pairs [before, after]. Received: ${what}=${JSON.stringify(value)}`);
  }
  return pairs;
}
