// Browser build of the side-effect entry: registers the descriptor that reports "CUDA needs Node.js".
import { registerBackend } from '@sinew/backend';
import { cudaBackend } from './index.browser.js';

registerBackend(cudaBackend);
