export * as activations from './activations.js';
export { getActivation, listActivations, activationName, type ActivationIdentifier } from './get-activation.js';
export type { ActivationFn } from './activations.js';
