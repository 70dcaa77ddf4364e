// Side effect: importing '@sinew/backend' gives tensors their methods in every runtime.
import { registerChainedOps } from './register-chained-ops.js';

registerChainedOps();
