export { LearningRateSchedule, resolveLearningRate, type LearningRate } from './learning-rate-schedule.js';
export { ExponentialDecay, type ExponentialDecayArgs } from './exponential-decay.js';
export { PiecewiseConstantDecay, type PiecewiseConstantDecayArgs } from './piecewise-constant.js';
export { CosineDecay, type CosineDecayArgs } from './cosine-decay.js';
export { Warmup, type WarmupArgs } from './warmup.js';
export { serializeSchedule, deserializeSchedule, type SerializedLearningRate } from './serialize-schedule.js';
