export {
  boxKernel1d, boxKernel2d, gaussianKernel1d, gaussianKernel2d, sobelKernels, scharrKernels, laplacianOfGaussianKernel,
  namedKernel1d, namedKernel2d, defaultSigma, type NamedKernel1D, type NamedKernel2D,
} from './kernels.js';
export { correlate2d, convolve2d, correlate1d, convolve1d, type FilterPadding } from './correlate.js';
export { boxFilter1d, boxFilter2d, gaussianFilter1d, gaussianFilter2d, sobel, scharr, laplacianOfGaussian, type EdgeResponse } from './smoothing.js';
export { Filter1D, Filter2D, filter1d, filter2d, type Filter1DArgs, type Filter2DArgs } from './filter-layers.js';
