// Node entry of @sinew/data: everything in index.ts plus the loaders that read files or installed
// npm data packages. Chosen by the "node" export condition of '.', or imported as '@sinew/data/node'.
export * from './index.js';
export { loadMnistFromNpm, loadMnistFromPath, readIdxFile } from './datasets/mnist.node.js';
export { loadMobyDick } from './text/moby-dick.node.js';
