// The side-effect entry: makes 'cuda' known to Sinew's registry. It loads nothing and starts nothing;
// `await setBackend('auto')` picks it where an NVIDIA GPU and the CUDA libraries are found.
import { registerBackend } from '@sinew/backend';
import { cudaBackend } from './cuda-descriptor.node.js';

registerBackend(cudaBackend);
