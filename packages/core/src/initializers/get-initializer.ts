import * as I from './initializer.js';

type Ctor = new (config?: any) => I.Initializer;

const classes: Record<string, Ctor> = {
  Zeros: I.Zeros,
  Ones: I.Ones,
  Constant: I.Constant,
  RandomUniform: I.RandomUniform,
  RandomNormal: I.RandomNormal,
  TruncatedNormal: I.TruncatedNormal,
  VarianceScaling: I.VarianceScaling,
  GlorotUniform: I.GlorotUniform,
  GlorotNormal: I.GlorotNormal,
  HeUniform: I.HeUniform,
  HeNormal: I.HeNormal,
  LecunUniform: I.LecunUniform,
  LecunNormal: I.LecunNormal,
  Orthogonal: I.Orthogonal,
  Identity: I.Identity,
};

/** An initializer, its name ('glorotUniform', Keras's 'glorot_uniform', 'GlorotUniform') or its serialized form. */
export type InitializerIdentifier = string | I.Initializer | I.SerializedObject;

function canonical(name: string): string | undefined {
  const squashed = name.replace(/_/g, '').toLowerCase();
  return Object.keys(classes).find((k) => k.toLowerCase() === squashed);
}

/**
 * Resolves an initializer identifier.
 *
 * @throws naming the unknown identifier and the known ones.
 * @example
 * ```ts
 * import { getInitializer } from '@sinew/core';
 * const init = getInitializer('heNormal');
 * ```
 */
export function getInitializer(id: InitializerIdentifier): I.Initializer {
  if (id instanceof I.Initializer) return id;
  const name = typeof id === 'string' ? id : id.className;
  const key = canonical(name);
  if (key === undefined) {
    throw new Error(`Unknown initializer '${name}'. Known initializers: ${Object.keys(classes).join(', ')}`);
  }
  const config = typeof id === 'string' ? {} : { ...id.config };
  for (const k of Object.keys(config)) if (config[k] === null) delete config[k];
  return new classes[key]!(config);
}

/** The serialized form `{className, config}` of an initializer. @example `serializeInitializer(initializers.zeros())` */
export function serializeInitializer(init: I.Initializer): I.SerializedObject {
  return { className: init.className, config: init.getConfig() };
}
