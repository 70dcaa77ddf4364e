/**
 * `@sinew/backend/testing`: the conformance suite every Sinew backend runs against itself, and its
 * building blocks (the case table, the harness that runs one case, the finite-difference oracle).
 */
export type { ConformanceCase, InputSpec, InputInit, Tolerances, Closeness } from './conformance-case.js';
export { CONFORMANCE_CASES, TRAINING_KERNELS } from './conformance-cases.js';
export { runConformanceSuite, type ConformanceOptions } from './run-conformance-suite.js';
export { checkCase, useBackend, tolerancesFor, DEFAULT_TOLERANCES, type CheckOptions } from './check-case.js';
export { prepareCase, runCase, lossAt, type PreparedCase, type CaseResult } from './run-case.js';
export { numericGradient, sampleIndices } from './numeric-gradient.js';
export { mismatch } from './closeness.js';
export { drawInput, seededRandom, hashString } from './random-inputs.js';
