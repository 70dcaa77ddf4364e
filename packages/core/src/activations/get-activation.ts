import * as A from './activations.js';

/** Names accepted wherever an activation is expected (Keras's snake_case names also resolve). */
export type ActivationIdentifier =
  | 'linear' | 'relu' | 'relu6' | 'leakyRelu' | 'elu' | 'selu' | 'gelu' | 'geluApproximate'
  | 'sigmoid' | 'hardSigmoid' | 'hardSigmoidTfjs' | 'tanh' | 'softmax' | 'logSoftmax' | 'softplus'
  | 'softsign' | 'swish' | 'silu' | 'mish' | 'exponential' | 'step';

const table: Record<ActivationIdentifier, A.ActivationFn> = {
  linear: A.linear,
  relu: (x) => A.relu(x),
  relu6: A.relu6,
  leakyRelu: (x) => A.leakyRelu(x),
  elu: (x) => A.elu(x),
  selu: A.selu,
  gelu: (x) => A.gelu(x),
  geluApproximate: (x) => A.gelu(x, { approximate: true }),
  sigmoid: A.sigmoid,
  hardSigmoid: (x) => A.hardSigmoid(x),
  hardSigmoidTfjs: (x) => A.hardSigmoid(x, { variant: 'tfjs' }),
  tanh: A.tanh,
  softmax: (x) => A.softmax(x),
  logSoftmax: (x) => A.logSoftmax(x),
  softplus: A.softplus,
  softsign: A.softsign,
  swish: A.swish,
  silu: A.swish,
  mish: A.mish,
  exponential: A.exponential,
  step: (x) => A.step(x),
};

const aliases: Record<string, ActivationIdentifier> = {
  leaky_relu: 'leakyRelu',
  leakyrelu: 'leakyRelu',
  hard_sigmoid: 'hardSigmoid',
  log_softmax: 'logSoftmax',
  logsoftmax: 'logSoftmax',
  gelu_approximate: 'geluApproximate',
};

/** Every identifier {@link getActivation} knows. @example `listActivations().includes('relu')` */
export function listActivations(): ActivationIdentifier[] {
  return Object.keys(table) as ActivationIdentifier[];
}

/**
 * Resolves an activation name (or passes a function through). `undefined`/`null` mean linear.
 *
 * @throws when the name is unknown, listing the known names.
 * @example
 * ```ts
 * import { getActivation } from '@sinew/core';
 * const f = getActivation('relu');
 * ```
 */
export function getActivation(id: ActivationIdentifier | string | A.ActivationFn | null | undefined): A.ActivationFn {
  if (id === undefined || id === null) return A.linear;
  if (typeof id === 'function') return id;
  // Own keys only: a name read from a file must not reach Object.prototype ('constructor', 'toString').
  const key = (Object.hasOwn(table, id) ? id : Object.hasOwn(aliases, id) ? aliases[id] : undefined) as ActivationIdentifier | undefined;
  const fn = key === undefined ? undefined : table[key];
  if (fn === undefined) {
    throw new Error(`Unknown activation '${id}'. Known activations: ${listActivations().join(', ')}`);
  }
  return fn;
}

/** The identifier of a built-in activation function, or null for a custom one (used by getConfig). @example `activationName(getActivation('relu')) // 'relu'` */
export function activationName(fn: A.ActivationFn): ActivationIdentifier | null {
  for (const [k, v] of Object.entries(table)) if (v === fn) return k as ActivationIdentifier;
  return null;
}

/** The function type re-exported for layer arguments. */
export type { ActivationFn } from './activations.js';
