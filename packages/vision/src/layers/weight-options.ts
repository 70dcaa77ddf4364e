import {
  activationName,
  getActivation,
  getConstraint,
  getInitializer,
  getRegularizer,
  serializeConstraint,
  serializeInitializer,
  serializeRegularizer,
  type ActivationFn,
  type ActivationIdentifier,
  type Constraint,
  type ConstraintIdentifier,
  type Initializer,
  type InitializerIdentifier,
  type Regularizer,
  type RegularizerIdentifier,
} from '@sinew/core';

/** How one weight of a layer is created, penalised and constrained. */
export interface WeightOptions {
  initializer: Initializer;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

/** Resolves initializer, regularizer and constraint identifiers. */
export function weightOptions(
  initializer: InitializerIdentifier | undefined,
  fallback: InitializerIdentifier,
  regularizer: RegularizerIdentifier | null | undefined,
  constraint: ConstraintIdentifier | null | undefined,
): WeightOptions {
  return {
    initializer: getInitializer(initializer ?? fallback),
    regularizer: regularizer == null ? null : getRegularizer(regularizer),
    constraint: constraint == null ? null : getConstraint(constraint),
  };
}

/** The config entries of one weight, prefixed (`kernelInitializer`, `kernelRegularizer`, ...). */
export function weightConfig(prefix: string, w: WeightOptions): Record<string, unknown> {
  return {
    [`${prefix}Initializer`]: serializeInitializer(w.initializer),
    [`${prefix}Regularizer`]: w.regularizer && serializeRegularizer(w.regularizer),
    [`${prefix}Constraint`]: w.constraint && serializeConstraint(w.constraint),
  };
}

/** Resolves an activation argument (default linear). */
export function resolveActivation(a: ActivationIdentifier | ActivationFn | null | undefined): ActivationFn {
  return getActivation(a ?? 'linear');
}

/** An activation's registered name for `getConfig`, failing clearly for custom functions. */
export function activationConfig(layer: string, fn: ActivationFn): string {
  const name = activationName(fn);
  if (name === null) throw new Error(`${layer}: a custom activation function cannot be serialized; pass an activation name`);
  return name;
}
