import { getActivation, type ActivationFn, type ActivationIdentifier } from '@sinew/core';

/**
 * The gates' activation of a gated layer (LSTM, GRU): `recurrentActivation` as given, else Keras's
 * 'sigmoid' or, with `defaults: 'tfjs'`, tfjs-layers' hard sigmoid.
 *
 * Internal to this package (not exported from its index):
 * `gateActivation({ defaults: 'tfjs' }) === getActivation('hardSigmoidTfjs')`
 */
export function gateActivation(args: { recurrentActivation?: ActivationIdentifier | ActivationFn | null; defaults?: 'keras' | 'tfjs' }): ActivationFn {
  const fallback = args.defaults === 'tfjs' ? 'hardSigmoidTfjs' : 'sigmoid';
  return getActivation(args.recurrentActivation === undefined ? fallback : args.recurrentActivation);
}

/**
 * Whether a gated layer uses Keras's default activations (tanh, sigmoid gates): the only ones its
 * fused whole-sequence op computes.
 *
 * Internal to this package: `hasFusableActivations(getActivation('tanh'), getActivation('sigmoid')) === true`
 */
export function hasFusableActivations(activation: ActivationFn, recurrentActivation: ActivationFn): boolean {
  return activation === getActivation('tanh') && recurrentActivation === getActivation('sigmoid');
}
