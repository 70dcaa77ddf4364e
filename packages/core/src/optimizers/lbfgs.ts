import * as tf from '@tensorflow/tfjs-core';

/**
 * Options of L-BFGS. Defaults follow PyTorch's `torch.optim.LBFGS` for the tolerances and SciPy's
 * L-BFGS-B for the history size (PyTorch keeps 100 pairs; 10 is the classic choice of Nocedal &
 * Wright and SciPy, and costs less memory on models).
 */
export interface LbfgsOptions {
  /** Maximum number of iterations (line searches). Default 100. */
  maxIterations?: number;
  /** Maximum number of function evaluations. Default `maxIterations * 1.25` rounded up, as PyTorch, but at least 20 more. */
  maxEvaluations?: number;
  /** Number of (s, y) pairs kept. Default 10. */
  historySize?: number;
  /** Stop when the largest gradient component is at most this. Default 1e-7 (PyTorch `tolerance_grad`). */
  gradientTolerance?: number;
  /** Stop when the largest step component, or the change of the value relative to max(1, |f|), is below this. Default 1e-9 (PyTorch `tolerance_change`, which is absolute on f). */
  changeTolerance?: number;
  /** Sufficient-decrease constant of the Wolfe conditions. Default 1e-4. */
  c1?: number;
  /** Curvature constant of the strong Wolfe conditions. Default 0.9 (quasi-Newton choice, Nocedal & Wright 3.1). */
  c2?: number;
  /** Maximum evaluations within one line search. Default 25 (PyTorch). */
  maxLineSearchSteps?: number;
  /** Called after every iteration; return `false` to stop. */
  onIteration?: (info: { iteration: number; value: number; gradientNorm: number; evaluations: number }) => void | boolean;
}

/** Why L-BFGS stopped. */
export type LbfgsStopReason =
  | 'gradientTolerance'
  | 'changeTolerance'
  | 'maxIterations'
  | 'maxEvaluations'
  | 'lineSearchFailed'
  | 'stoppedByCallback';

/** Outcome of an L-BFGS run on host vectors. */
export interface LbfgsHostResult {
  /** The best point found. */
  x: Float64Array;
  /** The function value there. */
  value: number;
  /** Largest absolute gradient component there. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  reason: LbfgsStopReason;
  /** True when a tolerance was met (not a budget or a failure). */
  converged: boolean;
}

/** A function of a flat parameter vector returning its value and gradient. */
export type ValueAndGradient = (x: Float64Array) => { value: number; gradient: Float64Array };

interface Point {
  t: number;
  f: number;
  g: Float64Array;
  gtd: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/**
 * Minimizer of the cubic interpolating (t1, f1, d1) and (t2, f2, d2) (Nocedal & Wright eq. 3.59),
 * clamped to [lo, hi]; the bisection of [lo, hi] when the cubic has no minimizer.
 */
function cubicMin(a: Point, b: Point, lo: number, hi: number): number {
  const d1 = a.gtd + b.gtd - (3 * (a.f - b.f)) / (a.t - b.t);
  const disc = d1 * d1 - a.gtd * b.gtd;
  if (disc >= 0) {
    const d2 = Math.sign(b.t - a.t) * Math.sqrt(disc);
    const t = b.t - (b.t - a.t) * ((b.gtd + d2 - d1) / (b.gtd - a.gtd + 2 * d2));
    if (Number.isFinite(t)) return Math.min(Math.max(t, lo), hi);
  }
  return (lo + hi) / 2;
}

/**
 * Line search for a step satisfying the strong Wolfe conditions (Nocedal & Wright, Algorithms
 * 3.5 and 3.6): bracket, then zoom with safeguarded cubic interpolation. Returns the accepted
 * point, or the best point with sufficient decrease seen when the budget runs out (`ok` false).
 */
function strongWolfe(
  evalAt: (t: number) => Point,
  start: Point,
  t0: number,
  c1: number,
  c2: number,
  maxSteps: number,
): { point: Point; ok: boolean; evaluations: number } {
  let evaluations = 0;
  const f0 = start.f;
  const gtd0 = start.gtd;
  // Sufficient decrease, or Hager & Zhang's (2005) approximate-Wolfe form: once the decrease is
  // below the rounding of f (float32 objectives reach this near the optimum), accept a step whose
  // slope shows progress, with f allowed to rise by that rounding.
  const noise = 1e-6 * Math.abs(f0);
  const armijo = (p: Point): boolean =>
    p.f <= f0 + c1 * p.t * gtd0 || (p.f <= f0 + noise && p.gtd <= (2 * c1 - 1) * gtd0);
  const curvature = (p: Point): boolean => Math.abs(p.gtd) <= -c2 * gtd0;

  const zoom = (loIn: Point, hiIn: Point): { point: Point; ok: boolean } => {
    let lo = loIn;
    let hi = hiIn;
    while (evaluations < maxSteps) {
      const left = Math.min(lo.t, hi.t);
      const right = Math.max(lo.t, hi.t);
      const width = right - left;
      let t = cubicMin(lo, hi, left, right);
      // Safeguard: an interpolant at the edge of the bracket makes no progress; bisect instead.
      if (t - left < 0.1 * width || right - t < 0.1 * width) t = (left + right) / 2;
      const p = evalAt(t);
      evaluations++;
      if (!armijo(p) || p.f >= lo.f) {
        hi = p;
      } else {
        if (curvature(p)) return { point: p, ok: true };
        if (p.gtd * (hi.t - lo.t) >= 0) hi = lo;
        lo = p;
      }
      if (width * 1e-12 > right || width < 1e-20) break;
    }
    return { point: lo, ok: false };
  };

  let prev = start;
  let t = t0;
  let best = start;
  while (evaluations < maxSteps) {
    const p = evalAt(t);
    evaluations++;
    if (!Number.isFinite(p.f)) {
      // Stepped into a region where the function is not finite: shrink the step.
      t = (prev.t + t) / 2;
      continue;
    }
    if (!armijo(p) || (prev !== start && p.f >= prev.f)) {
      const z = zoom(prev, p);
      return { ...z, evaluations };
    }
    if (curvature(p)) return { point: p, ok: true, evaluations };
    if (p.gtd >= 0) {
      const z = zoom(p, prev);
      return { ...z, evaluations };
    }
    best = p;
    const next = cubicMin(prev, p, p.t + 0.01 * (p.t - prev.t), p.t * 10);
    prev = p;
    t = next;
  }
  return { point: best, ok: false, evaluations };
}

/**
 * L-BFGS on host float64 vectors (Nocedal & Wright, Algorithm 7.4 with the two-loop recursion
 * of Algorithm 7.5 and a strong-Wolfe line search). The objective may be computed by tensors on
 * any backend; only the parameter vector and gradient live on the host.
 *
 * @example
 * ```ts
 * import { lbfgsHost } from '@sinew/core';
 * // f(x) = (x0 - 3)^2 + 10 (x1 + 1)^2
 * const r = lbfgsHost((x) => ({
 *   value: (x[0]! - 3) ** 2 + 10 * (x[1]! + 1) ** 2,
 *   gradient: Float64Array.of(2 * (x[0]! - 3), 20 * (x[1]! + 1)),
 * }), Float64Array.of(0, 0));
 * r.x; // ≈ [3, -1]
 * ```
 */
export function lbfgsHost(fn: ValueAndGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsHostResult {
  const maxIterations = options.maxIterations ?? 100;
  const maxEvaluations = options.maxEvaluations ?? Math.max(Math.ceil(maxIterations * 1.25), maxIterations + 20);
  const m = options.historySize ?? 10;
  const gtol = options.gradientTolerance ?? 1e-7;
  const ctol = options.changeTolerance ?? 1e-9;
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const maxLs = options.maxLineSearchSteps ?? 25;
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new Error(`L-BFGS: need 0 < c1 < c2 < 1. Received: c1=${c1}, c2=${c2}`);
  if (!(m >= 1)) throw new Error(`L-BFGS: historySize must be >= 1. Received: historySize=${m}`);

  const n = x0.length;
  let x = Float64Array.from(x0);
  let { value: f, gradient: g } = fn(x);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`L-BFGS: the objective is not finite at the starting point (value ${f})`);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  let iterations = 0;
  let reason: LbfgsStopReason = 'maxIterations';
  if (maxAbs(g) <= gtol) reason = 'gradientTolerance';

  while (reason === 'maxIterations' && iterations < maxIterations) {
    // Two-loop recursion: d = -H g.
    const q = Float64Array.from(g);
    const alpha = new Array<number>(S.length);
    for (let i = S.length - 1; i >= 0; i--) {
      const a = (R[i] as number) * dot(S[i] as Float64Array, q);
      alpha[i] = a;
      const y = Y[i] as Float64Array;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) - a * (y[j] as number);
    }
    if (S.length > 0) {
      const sLast = S[S.length - 1] as Float64Array;
      const yLast = Y[Y.length - 1] as Float64Array;
      const gamma = dot(sLast, yLast) / dot(yLast, yLast);
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) * gamma;
    }
    for (let i = 0; i < S.length; i++) {
      const beta = (R[i] as number) * dot(Y[i] as Float64Array, q);
      const s = S[i] as Float64Array;
      const coef = (alpha[i] as number) - beta;
      for (let j = 0; j < n; j++) q[j] = (q[j] as number) + coef * (s[j] as number);
    }
    let d = q.map((v) => -v);
    let gtd = dot(g, d);
    if (!(gtd < 0)) {
      // Not a descent direction (the curvature pairs went stale): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      R.length = 0;
      d = g.map((v) => -v);
      gtd = dot(g, d);
    }
    // First step: scale so the first trial moves by at most 1 in the L1 sense (as PyTorch).
    let sumAbs = 0;
    for (let j = 0; j < n; j++) sumAbs += Math.abs(g[j] as number);
    const t0 = S.length === 0 ? Math.min(1, 1 / sumAbs) : 1;

    const cache = new Map<number, Point>();
    const evalAt = (t: number): Point => {
      const hit = cache.get(t);
      if (hit !== undefined) return hit;
      const xt = new Float64Array(n);
      for (let j = 0; j < n; j++) xt[j] = (x[j] as number) + t * (d[j] as number);
      const r = fn(xt);
      const p = { t, f: r.value, g: r.gradient, gtd: dot(r.gradient, d) };
      cache.set(t, p);
      return p;
    };
    const ls = strongWolfe(evalAt, { t: 0, f, g, gtd }, t0, c1, c2, Math.min(maxLs, Math.max(1, maxEvaluations - evaluations)));
    evaluations += ls.evaluations;
    const p = ls.point;
    if (p.t === 0 || !(p.f <= f + 1e-6 * Math.abs(f))) {
      reason = 'lineSearchFailed';
      break;
    }
    const s = d.map((v) => v * p.t);
    const xNew = x.map((v, j) => v + (s[j] as number));
    const y = p.g.map((v, j) => v - (g[j] as number));
    const sy = dot(s, y);
    // Keep the pair only if the curvature condition holds, so H stays positive definite.
    if (sy > 1e-10 * dot(y, y)) {
      S.push(s);
      Y.push(y);
      R.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        R.shift();
      }
    }
    const fPrev = f;
    x = xNew;
    f = p.f;
    g = p.g;
    iterations++;
    const gNorm = maxAbs(g);
    if (options.onIteration?.({ iteration: iterations, value: f, gradientNorm: gNorm, evaluations }) === false) {
      reason = 'stoppedByCallback';
    } else if (gNorm <= gtol) reason = 'gradientTolerance';
    // An unchanged f alone is no proof of convergence in float32 (it may be rounding); a change
    // that is tiny but nonzero, or a tiny step, is.
    else if (maxAbs(s) <= ctol || (f !== fPrev && Math.abs(f - fPrev) < ctol * Math.max(1, Math.abs(f)))) reason = 'changeTolerance';
    else if (evaluations >= maxEvaluations) reason = 'maxEvaluations';
  }
  return {
    x,
    value: f,
    gradientNorm: maxAbs(g),
    iterations,
    evaluations,
    reason,
    converged: reason === 'gradientTolerance' || reason === 'changeTolerance',
  };
}

/** Outcome of {@link minimizeLbfgs}: the minimizer as a tensor (the caller disposes it). */
export interface LbfgsResult extends Omit<LbfgsHostResult, 'x'> {
  x: tf.Tensor;
}

/**
 * Minimizes a scalar function of one tensor with L-BFGS: `f` is differentiated with
 * `tf.valueAndGrad` (it must be built from differentiable ops), the quasi-Newton arithmetic runs
 * in float64 on the host. Deterministic; no optimizer state outlives the call.
 *
 * Shapes: `x0` any shape; `f(x)` returns a scalar; the result `x` has `x0`'s shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { minimizeLbfgs } from '@sinew/core';
 * const rosenbrock = (v: tf.Tensor) => tf.tidy(() => {
 *   const [a, b] = tf.unstack(v);
 *   return tf.add(tf.square(tf.sub(1, a!)), tf.mul(100, tf.square(tf.sub(b!, tf.square(a!))))) as tf.Scalar;
 * });
 * const r = minimizeLbfgs(rosenbrock, tf.tensor1d([-1.5, 2]));
 * r.x.dataSync(); // ≈ [1, 1]
 * r.x.dispose();
 * ```
 */
export function minimizeLbfgs(f: (x: tf.Tensor) => tf.Scalar, x0: tf.Tensor, options: LbfgsOptions = {}): LbfgsResult {
  const shape = x0.shape;
  const vg = tf.valueAndGrad(f);
  const fn: ValueAndGradient = (xh) => {
    const { value, grad } = tf.tidy(() => vg(tf.tensor(Float32Array.from(xh), shape, 'float32')));
    const out = { value: value.dataSync()[0] as number, gradient: Float64Array.from(grad.dataSync()) };
    value.dispose();
    grad.dispose();
    return out;
  };
  const r = lbfgsHost(fn, x0.dataSync(), options);
  return { ...r, x: tf.tensor(Float32Array.from(r.x), shape, 'float32') };
}

/**
 * L-BFGS as an object holding its options, for code that configures an optimizer once and uses it
 * on several problems: `new LBFGS(options).minimize(f, x0)` is `minimizeLbfgs(f, x0, options)`.
 * For models, use `fitLbfgs` (full-batch training).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { LBFGS } from '@sinew/core';
 * const opt = new LBFGS({ maxIterations: 50, historySize: 5 });
 * const x0 = tf.tensor1d([4, -3]);
 * const r = opt.minimize((x) => tf.sum(tf.square(tf.sub(x, tf.tensor1d([1, 2])))) as tf.Scalar, x0);
 * r.x.dataSync(); // ≈ [1, 2]
 * ```
 */
export class LBFGS {
  readonly className = 'LBFGS';
  constructor(readonly options: LbfgsOptions = {}) {}
  /** Minimizes `f` from `x0`; see {@link minimizeLbfgs}. */
  minimize(f: (x: tf.Tensor) => tf.Scalar, x0: tf.Tensor): LbfgsResult {
    return minimizeLbfgs(f, x0, this.options);
  }
}
