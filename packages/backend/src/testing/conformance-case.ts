import type { Tensor } from '@tensorflow/tfjs-core';

/** How an input's values are drawn (deterministically, from the case name). */
export type InputInit =
  /** Uniform in [-1, 1). The default for float inputs. */
  | 'uniform'
  /** Uniform in [0.5, 1.5): for sqrt, log, division, variances. */
  | 'positive'
  /** ±[0.2, 1.2): for kinks at 0 (relu, abs), so a finite-difference step never crosses one. */
  | 'awayFromZero'
  /** A shuffled evenly spaced grid with gaps ≥ 0.05: for max/min pooling and reductions, so no ties. */
  | 'distinct'
  /** Rows (last axis) that are probability distributions: soft labels. */
  | 'probabilities'
  /** Integers in [lo, hi] (int32 inputs: indices, segment ids, labels). */
  | { int: [number, number] }
  /** These exact values (row-major). */
  | { values: number[] };

/** One input of a case. */
export interface InputSpec {
  shape: number[];
  dtype?: 'float32' | 'int32';
  init?: InputInit;
  /** Whether gradients are checked with respect to this input; default: true for float32 inputs. */
  grad?: boolean;
}

/** Tolerances, numpy `allclose` style: |a - b| <= atol + rtol·|b|. */
export interface Closeness {
  atol: number;
  rtol: number;
}

/** Tolerances of each comparison the suite makes. */
export interface Tolerances {
  /** Forward output on the backend against the reference backend. */
  forward: Closeness;
  /** Analytic gradients on the backend against the reference backend's. */
  gradient: Closeness;
  /** Analytic gradients on the backend against central finite differences of its own forward, in float64. */
  finiteDifference: Closeness;
}

/**
 * One row of the conformance table: a small differentiable computation that exercises a kernel (and,
 * through tf.grads, its gradient), run on the backend under test and on the reference.
 */
export interface ConformanceCase {
  /** Unique, `group/variant`, e.g. 'conv2d/stride2-same'. Skip keys match it, or its group. */
  name: string;
  /** The kernels this case is about; the suite checks they really run. Skip keys match them too. */
  kernels: string[];
  inputs: InputSpec[];
  /** The computation; one output tensor. */
  fn: (...inputs: Tensor[]) => Tensor;
  /** Check gradients (against the reference and by finite differences); default true. */
  grad?: boolean;
  /** Check gradients by finite differences; default: `grad`. Off where the function has kinks near the inputs. */
  finiteDifference?: boolean;
  /**
   * Compare gradients with the reference backend; default true. Set to a reason (string) where the
   * reference itself is known to be wrong, so finite differences alone judge.
   */
  referenceGradient?: true | string;
  tolerance?: Partial<Tolerances>;
  /**
   * Where the reference backend's own kernel is known to be wrong for this case: an equivalent
   * computation that avoids it, run on the reference instead of `fn`, and the reason.
   */
  referenceFn?: { fn: (...inputs: Tensor[]) => Tensor; reason: string };
}
