export { setSeed, clearSeed, nextSeed, randomFloat, shuffleIndices, seedStream } from './seed.js';
export { randomUniform, randomNormal, truncatedNormal } from './random-tensors.js';
