/**
 * @sinew/core: layers, models, training, losses, optimizers, initializers, regularizers,
 * constraints, seeds, and save/load.
 */
// Gradients and tensor methods for every runtime (tfjs-core's Node entry registers neither).
import '@sinew/backend';
export * from './random/index.js';
export * from './activations/index.js';
export * from './initializers/index.js';
export * from './regularizers/index.js';
export * from './constraints/index.js';
export * from './engine/index.js';
export * from './layers/index.js';
export * from './io/index.js';
export * from './losses/index.js';
export * from './optimizers/index.js';
export * from './schedules/index.js';
export * from './clipping/index.js';
export * from './callbacks/index.js';
export * from './training/index.js';
