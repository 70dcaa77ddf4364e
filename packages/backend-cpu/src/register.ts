// The side-effect entry: makes 'wasm' and 'cpu' known to Sinew's registry. It starts nothing;
// call `await setBackend('auto')` (or a name) from '@sinew/backend' to choose one.
import { registerBackend } from '@sinew/backend';
import { cpuBackend, wasmBackend } from './index.js';

registerBackend(wasmBackend);
registerBackend(cpuBackend);
