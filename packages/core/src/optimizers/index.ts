export { Optimizer, StepContext, type OptimizerArgs, type VariableGradient, type OptimizerWeight } from './optimizer.js';
export { SGD, type SGDArgs } from './sgd.js';
export { Adam, AdamW, type AdamArgs } from './adam.js';
export { Adamax, type AdamaxArgs } from './adamax.js';
export { Nadam, type NadamArgs } from './nadam.js';
export { Adagrad, type AdagradArgs } from './adagrad.js';
export { Adadelta, type AdadeltaArgs } from './adadelta.js';
export { RMSprop, type RMSpropArgs } from './rmsprop.js';
export {
  getOptimizer,
  serializeOptimizer,
  deserializeOptimizer,
  type OptimizerIdentifier,
  type SerializedOptimizer,
} from './get-optimizer.js';
export {
  lbfgsHost,
  minimizeLbfgs,
  LBFGS,
  type LbfgsOptions,
  type LbfgsStopReason,
  type LbfgsHostResult,
  type LbfgsResult,
  type ValueAndGradient,
} from './lbfgs.js';
