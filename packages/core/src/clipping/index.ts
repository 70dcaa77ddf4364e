export { clipGradientsByValue, clipGradientsByNorm, clipGradientsByGlobalNorm, globalNorm } from './clip-gradients.js';
