import * as tf from '@tensorflow/tfjs-core';
import type { SerializedObject } from '../initializers/initializer.js';

/**
 * A weight (or activity) penalty `l1 * sum(|x|) + l2 * sum(x²)` added to the training loss.
 *
 * @example
 * ```ts
 * import { l2, dense } from '@sinew/core';
 * const layer = dense({ units: 8, kernelRegularizer: l2(1e-4) });
 * ```
 */
export class L1L2 {
  readonly className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor({ l1 = 0, l2 = 0 }: { l1?: number; l2?: number } = {}) {
    if (!(l1 >= 0) || !(l2 >= 0)) throw new Error(`L1L2: l1 and l2 must be >= 0. Received: l1=${l1}, l2=${l2}`);
    this.l1 = l1;
    this.l2 = l2;
  }
  /** The penalty of `x` as a scalar. */
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      let out: tf.Scalar = tf.scalar(0);
      if (this.l1 > 0) out = tf.add(out, tf.mul(this.l1, tf.sum(tf.abs(x))));
      if (this.l2 > 0) out = tf.add(out, tf.mul(this.l2, tf.sum(tf.square(x))));
      return out;
    });
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** A regularizer object. */
export type Regularizer = L1L2;

/** L1 penalty `l1 * sum(|x|)` (Keras default 0.01). @example `l1(1e-3)` */
export function l1(value = 0.01): L1L2 {
  return new L1L2({ l1: value });
}

/** L2 penalty `l2 * sum(x²)` (Keras default 0.01). @example `l2(1e-4)` */
export function l2(value = 0.01): L1L2 {
  return new L1L2({ l2: value });
}

/** Both penalties. @example `l1l2({ l1: 1e-5, l2: 1e-4 })` */
export function l1l2(args: { l1?: number; l2?: number } = {}): L1L2 {
  return new L1L2(args);
}

/** A regularizer, a name ('l1', 'l2', 'l1l2' with Keras's 0.01 defaults) or its serialized form. */
export type RegularizerIdentifier = Regularizer | string | SerializedObject;

/**
 * Resolves a regularizer identifier.
 *
 * @example
 * ```ts
 * getRegularizer({ className: 'L1L2', config: { l1: 0, l2: 0.001 } });
 * ```
 */
export function getRegularizer(id: RegularizerIdentifier): Regularizer {
  if (id instanceof L1L2) return id;
  if (typeof id === 'string') {
    const k = id.toLowerCase().replace(/_/g, '');
    if (k === 'l1') return l1();
    if (k === 'l2') return l2();
    if (k === 'l1l2') return l1l2({ l1: 0.01, l2: 0.01 });
    throw new Error(`Unknown regularizer '${id}'. Known regularizers: l1, l2, l1l2`);
  }
  if (['L1L2', 'L1', 'L2'].includes(id.className)) return new L1L2(id.config as { l1?: number; l2?: number });
  throw new Error(`Unknown regularizer class '${id.className}'. Known: L1L2, L1, L2`);
}

/** `{className, config}` of a regularizer. @example `serializeRegularizer(l2(0.01))` */
export function serializeRegularizer(r: Regularizer): SerializedObject {
  return { className: r.className, config: r.getConfig() };
}
