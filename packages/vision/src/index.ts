/**
 * @sinew/vision: convolutional networks for Sinew. Convolution (1D/2D/3D, depthwise, separable,
 * transposed), pooling, padding, cropping and up-sampling layers in Keras's vocabulary and weight
 * layout; residual blocks and networks; classic filters; seeded augmentation; feature extraction and
 * few-shot transfer; capsule networks; filter and feature-map visualisation.
 */
// Sinew's gradients and tensor methods: tfjs-core's Node entry registers neither, and training a
// vision model needs both however the user loaded tfjs and chose a backend.
import '@sinew/backend';

export * from './layers/index.js';
export * from './filters/index.js';
export * from './augmentation/index.js';
export * from './transfer/index.js';
export * from './capsules/index.js';
export * from './visualize/index.js';
