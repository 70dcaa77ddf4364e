export { Dense, dense, type DenseArgs } from './dense.js';
export { Activation, activation, type ActivationArgs } from './activation.js';
export {
  Dropout,
  dropout,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
  spatialDropout1d,
  spatialDropout2d,
  spatialDropout3d,
  type DropoutArgs,
} from './dropout.js';
export { GaussianDropout, GaussianNoise, AlphaDropout, gaussianDropout, gaussianNoise, alphaDropout } from './noise.js';
export {
  Flatten,
  Reshape,
  Permute,
  RepeatVector,
  Identity,
  flatten,
  reshape,
  permute,
  repeatVector,
  identity,
  type ReshapeArgs,
  type PermuteArgs,
} from './reshaping.js';
export { BatchNormalization, batchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
export { LayerNormalization, layerNormalization, type LayerNormalizationArgs } from './layer-normalization.js';
export {
  ElementwiseMerge,
  Add,
  Subtract,
  Multiply,
  Average,
  Maximum,
  Minimum,
  Concatenate,
  Dot,
  add,
  subtract,
  multiply,
  average,
  maximum,
  minimum,
  concatenate,
  dot,
} from './merge.js';
export { Lambda, lambda, registerLambda, type LambdaArgs, type LambdaFn } from './lambda.js';
export { ActivityRegularization, activityRegularization } from './activity-regularization.js';
