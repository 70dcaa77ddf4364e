// The side-effect entry: makes 'webgpu' known to Sinew's registry. It starts nothing and loads no
// GPU runtime; `await setBackend('webgpu')` (or 'auto') from '@sinew/backend' does.
import { registerBackend } from '@sinew/backend';
import { webgpuBackend } from './index.js';

registerBackend(webgpuBackend);
