export type { Tensors, Trainable } from './trainable.js';
export type { FitTarget } from './fit-target.js';
export { compileModel, type CompileArgs, type CompiledModel, type CompiledOutput, type LossSpec, type MetricSpec } from './compile.js';
export { fitModel, trainOnBatchModel, type FitArgs } from './fit.js';
export { evaluateModel, type EvaluateArgs } from './evaluate.js';
export { predictModel } from './predict.js';
export type { Dataset, DatasetBatch } from './data.js';
export { fitLbfgs, type FitLbfgsArgs, type FitLbfgsResult } from './fit-lbfgs.js';
