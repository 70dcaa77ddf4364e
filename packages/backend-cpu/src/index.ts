export { cpuBackend } from './cpu-backend.js';
export { wasmBackend } from './wasm-backend.js';
export { registerTrainingKernels, unregisterTrainingKernels, WASM_TRAINING_KERNELS } from './kernels/register-training-kernels.js';
export { wasmThreadSupport, type WasmThreadSupport } from './wasm-threads.js';
export { configureWasm, type WasmOptions } from './wasm-options.js';
