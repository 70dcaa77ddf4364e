export { convOutputLength, deconvOutputLength, type ConvRank, type DataFormat, type PaddingArg } from './conv-utils.js';
export { BaseConv, type ConvArgs } from './base-conv.js';
export { Conv1D, conv1d } from './conv1d.js';
export { Conv2D, conv2d } from './conv2d.js';
export { Conv3D, conv3d } from './conv3d.js';
export { DepthwiseConv2D, depthwiseConv2d, type DepthwiseConv2DArgs } from './depthwise-conv2d.js';
export { SeparableConv2D, separableConv2d, type SeparableConv2DArgs } from './separable-conv2d.js';
export { BaseConvTranspose, type ConvTransposeArgs } from './base-conv-transpose.js';
export { Conv1DTranspose, conv1dTranspose } from './conv1d-transpose.js';
export { Conv2DTranspose, conv2dTranspose } from './conv2d-transpose.js';
export { Conv3DTranspose, conv3dTranspose } from './conv3d-transpose.js';
export { BasePooling, type PoolingArgs } from './base-pooling.js';
export {
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  maxPooling1d, maxPooling2d, maxPooling3d, averagePooling1d, averagePooling2d, averagePooling3d,
} from './pooling.js';
export {
  BaseGlobalPooling, type GlobalPoolingArgs,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  globalMaxPooling1d, globalMaxPooling2d, globalMaxPooling3d, globalAveragePooling1d, globalAveragePooling2d, globalAveragePooling3d,
} from './global-pooling.js';
export { BaseZeroPadding, type ZeroPaddingArgs, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, zeroPadding1d, zeroPadding2d, zeroPadding3d } from './zero-padding.js';
export { BaseCropping, type CroppingArgs, Cropping1D, Cropping2D, Cropping3D, cropping1d, cropping2d, cropping3d } from './cropping.js';
export { BaseUpSampling, type UpSamplingArgs, repeatSpatial, UpSampling1D, UpSampling2D, UpSampling3D, upSampling1d, upSampling2d, upSampling3d } from './up-sampling.js';
export { ResidualBlock, residualBlock, type ResidualBlockArgs } from './residual-block.js';
export { resnet, type ResNetArgs } from './resnet.js';
