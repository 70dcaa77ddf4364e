export { cpuBackend } from './cpu-backend.js';
export { wasmBackend } from './wasm-backend.js';
