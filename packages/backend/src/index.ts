import './gradients/register-all.js';
import './chained-ops/register-all.js';
export type { Backend, BackendDescription, Environment, MemoryInfo, Support } from './backend.js';
export { currentEnvironment } from './environment.js';
export { BackendError } from './errors.js';
export {
  registerBackend,
  unregisterBackend,
  findBackend,
  listBackends,
  setBackend,
  getBackendInfo,
  disposeBackends,
  type BackendStatus,
} from './registry.js';
export { registerGradients, sinewGradients } from './gradients/register.js';
export { preflight, type PreflightReport, type PreflightOptions } from './preflight.js';
export { registerChainedOps, chainedMethodNames } from './chained-ops/register-chained-ops.js';
