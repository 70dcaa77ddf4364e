export { expectTensorsClose, expectArraysClose, type CloseOptions } from './expect-close.js';
export { expectNoLeaks, trackTensors } from './leak-guard.js';
export { finiteDifferenceGrad } from './finite-difference.js';
export { plainTfjsCpuPrelude, runInFreshNode } from './fresh-node.js';
