import type { ConformanceCase } from './conformance-case.js';
import { convCases } from './cases/conv.js';
import { denseCases } from './cases/dense.js';
import { elementwiseCases } from './cases/elementwise.js';
import { embeddingCases } from './cases/embedding.js';
import { gradientKernelCases } from './cases/gradient-kernels.js';
import { lossCases } from './cases/losses.js';
import { normalizationCases } from './cases/normalization.js';
import { optimizerCases } from './cases/optimizers.js';
import { poolingCases } from './cases/pooling.js';
import { recurrentCases } from './cases/recurrent.js';
import { shapeCases } from './cases/shape.js';

/**
 * Every case of the conformance suite, one row per case.
 *
 * @example
 * ```ts
 * import { CONFORMANCE_CASES } from '@sinew/backend/testing';
 * const conv = CONFORMANCE_CASES.filter((c) => c.kernels.includes('Conv2D'));
 * console.log(CONFORMANCE_CASES.length, conv.map((c) => c.name));
 * ```
 */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...denseCases,
  ...convCases,
  ...poolingCases,
  ...normalizationCases,
  ...embeddingCases,
  ...recurrentCases,
  ...lossCases,
  ...optimizerCases,
  ...elementwiseCases,
  ...shapeCases,
  ...gradientKernelCases,
];

/**
 * The kernels that the forward and backward passes of Sinew's layers, losses and optimizers need: a
 * backend that runs them all (and their gradients) trains every model in the family packages. The
 * suite fails if its cases stop exercising one of them.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@sinew/backend-cpu/register';
 * import { TRAINING_KERNELS } from '@sinew/backend/testing';
 * const missing = TRAINING_KERNELS.filter((k) => tf.getKernel(k, 'cpu') == null);
 * console.log(missing); // []
 * ```
 */
export const TRAINING_KERNELS: readonly string[] = [
  // dense, RNN cells
  'BatchMatMul', '_FusedMatMul', 'Add', 'AddN', 'Sub', 'Multiply', 'RealDiv', 'Neg',
  'Sigmoid', 'Tanh', 'Relu', 'Relu6', 'LeakyRelu', 'Elu', 'Selu', 'Prelu', 'Softplus',
  'Slice', 'StridedSlice', 'SplitV', 'Concat', 'Pack', 'Unpack', 'Reshape', 'Transpose', 'Tile', 'PadV2',
  // convolutions
  'Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput',
  'DepthwiseConv2dNative', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput',
  'Conv3D', 'Conv3DBackpropFilterV2', 'Conv3DBackpropInputV2',
  // pooling
  'MaxPool', 'MaxPoolGrad', 'AvgPool', 'AvgPoolGrad', 'MaxPool3D', 'MaxPool3DGrad', 'AvgPool3D', 'AvgPool3DGrad',
  // up-sampling (nearest, and bilinear)
  'ResizeNearestNeighbor', 'ResizeBilinear',
  // batch norm
  'FusedBatchNorm', 'Mean', 'SquaredDifference', 'Rsqrt',
  // embedding
  'GatherV2', 'UnsortedSegmentSum', 'OneHot',
  // softmax, losses, metrics
  'Softmax', 'Exp', 'Log', 'Log1p', 'Sum', 'Max', 'Min', 'ClipByValue', 'Abs', 'ArgMax', 'Equal', 'Greater', 'Select', 'Cast',
  // optimizers
  'Sqrt', 'Square', 'Maximum', 'Minimum',
];
