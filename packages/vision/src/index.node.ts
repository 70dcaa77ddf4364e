/**
 * The Node entry of @sinew/vision (the package's `node` export condition): everything in the
 * portable entry, plus PNG encoding of image grids.
 */
export * from './index.js';
export { encodePng, savePng, type EncodePngOptions } from './visualize/png.node.js';
