/** Counts of the n-grams of one order, keyed by the tokens joined with a space (tokens hold none). */
export type NgramCounts = Map<string, number>;

/** Counts the n-grams of orders 1..maxOrder of a token list; index n-1 holds order n. */
export function countNgrams(tokens: readonly string[], maxOrder: number): NgramCounts[] {
  const out: NgramCounts[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const m: NgramCounts = new Map();
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' ');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    out.push(m);
  }
  return out;
}

/** Clipped matches: Σ over hypothesis n-grams of min(count, reference max count). */
export function clippedMatches(hyp: NgramCounts, ref: NgramCounts): number {
  let s = 0;
  for (const [k, c] of hyp) {
    const r = ref.get(k);
    if (r !== undefined) s += Math.min(c, r);
  }
  return s;
}

/** Sum of the counts of a map. */
export function totalCount(m: NgramCounts): number {
  let s = 0;
  for (const c of m.values()) s += c;
  return s;
}

/**
 * Fixed-point formatting for the sacreBLEU-compatible strings ("{:.Nf}"). JS `toFixed` and Python
 * agree except on values that are exact binary ties at the last digit (e.g. 0.125 to 2 places), which
 * Python rounds half-to-even and JS rounds up; scores are practically never such ties.
 */
export function pyFixed(x: number, digits: number): string {
  return x.toFixed(digits);
}
