import * as tf from '@tensorflow/tfjs-core';
import type { SerializedObject } from '../initializers/initializer.js';

/**
 * A projection applied to a weight after each optimizer step.
 *
 * @example
 * ```ts
 * import { maxNorm, dense } from '@sinew/core';
 * dense({ units: 4, kernelConstraint: maxNorm({ maxValue: 2 }) });
 * ```
 */
export abstract class Constraint {
  abstract readonly className: string;
  /** The projected weight (a new tensor). */
  abstract apply(w: tf.Tensor): tf.Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

function norms(w: tf.Tensor, axis: number | number[]): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(w), axis, true));
}

const EPS = 1e-7;

/** Caps the L2 norm of each slice along `axis` (default 0: each unit's incoming weights) at `maxValue` (default 2). @example `maxNorm({ maxValue: 3 })` */
export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor({ maxValue = 2, axis = 0 }: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    if (!(maxValue > 0)) throw new Error(`MaxNorm: maxValue must be positive. Received: maxValue=${maxValue}`);
    this.maxValue = maxValue;
    this.axis = axis;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.clipByValue(n, 0, this.maxValue);
      return tf.mul(w, tf.div(desired, tf.add(EPS, n)));
    });
  }
  override getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Scales each slice along `axis` to unit L2 norm. @example `unitNorm({ axis: 0 })` */
export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  readonly axis: number | number[];
  constructor({ axis = 0 }: { axis?: number | number[] } = {}) {
    super();
    this.axis = axis;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(w, tf.add(EPS, norms(w, this.axis))));
  }
  override getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** Sets negative weights to zero. @example `nonNeg()` */
export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  apply(w: tf.Tensor): tf.Tensor {
    return tf.relu(w);
  }
}

/**
 * Keeps each slice's norm within [minValue, maxValue], moving it there at `rate` (1 = fully), as Keras.
 *
 * @example
 * ```ts
 * minMaxNorm({ minValue: 0.5, maxValue: 1 });
 * ```
 */
export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor({ minValue = 0, maxValue = 1, rate = 1, axis = 0 }: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    if (!(minValue >= 0 && maxValue >= minValue)) {
      throw new Error(`MinMaxNorm: need 0 <= minValue <= maxValue. Received: minValue=${minValue}, maxValue=${maxValue}`);
    }
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
    this.axis = axis;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.add(tf.mul(this.rate, tf.clipByValue(n, this.minValue, this.maxValue)), tf.mul(1 - this.rate, n));
      return tf.mul(w, tf.div(desired, tf.add(EPS, n)));
    });
  }
  override getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** Max-norm constraint. @example `maxNorm({ maxValue: 2 })` */
export const maxNorm = (args: ConstructorParameters<typeof MaxNorm>[0] = {}): Constraint => new MaxNorm(args);
/** Unit-norm constraint. @example `unitNorm()` */
export const unitNorm = (args: ConstructorParameters<typeof UnitNorm>[0] = {}): Constraint => new UnitNorm(args);
/** Non-negativity constraint. @example `nonNeg()` */
export const nonNeg = (): Constraint => new NonNeg();
/** Min-max-norm constraint. @example `minMaxNorm({ minValue: 1, maxValue: 2 })` */
export const minMaxNorm = (args: ConstructorParameters<typeof MinMaxNorm>[0] = {}): Constraint => new MinMaxNorm(args);

/** A constraint, its name ('maxNorm', 'max_norm', 'nonNeg', ...) or its serialized form. */
export type ConstraintIdentifier = Constraint | string | SerializedObject;

const classes: Record<string, new (c?: any) => Constraint> = { MaxNorm, UnitNorm, NonNeg, MinMaxNorm };

/**
 * Resolves a constraint identifier.
 *
 * @example
 * ```ts
 * getConstraint('nonNeg');
 * ```
 */
export function getConstraint(id: ConstraintIdentifier): Constraint {
  if (id instanceof Constraint) return id;
  const name = typeof id === 'string' ? id : id.className;
  const squashed = name.replace(/_/g, '').toLowerCase();
  const key = Object.keys(classes).find((k) => k.toLowerCase() === squashed);
  if (key === undefined) throw new Error(`Unknown constraint '${name}'. Known constraints: ${Object.keys(classes).join(', ')}`);
  return new classes[key]!(typeof id === 'string' ? {} : id.config);
}

/** `{className, config}` of a constraint. @example `serializeConstraint(nonNeg())` */
export function serializeConstraint(c: Constraint): SerializedObject {
  return { className: c.className, config: c.getConfig() };
}
