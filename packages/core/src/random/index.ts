export { setSeed, clearSeed, nextSeed, randomFloat, shuffleIndices } from './seed.js';
export { randomUniform, randomNormal, truncatedNormal } from './random-tensors.js';
