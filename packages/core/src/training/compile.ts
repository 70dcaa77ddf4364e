import * as tf from '@tensorflow/tfjs-core';
import { getMetric, type StreamingMetric, type MetricInput } from '@sinew/metrics';
import { canonicalLossName, getLoss, type LossIdentifier } from '../losses/get-loss.js';
import type { LossFunction } from '../losses/loss-functions.js';
import { Loss } from '../losses/loss.js';
import type { Reduction } from '../losses/reduction.js';
import { getOptimizer } from '../optimizers/get-optimizer.js';
import type { Optimizer } from '../optimizers/optimizer.js';

/** A loss as `compile` accepts it: a name, a per-sample function, or a `Loss` object. */
export type LossSpec = LossIdentifier | string | LossFunction | Loss;
/** A metric as `compile` accepts it: a name ('accuracy', 'mae', 'auc', ...) or a streaming metric. */
export type MetricSpec = string | StreamingMetric<number>;

/** Arguments of `compile` (Keras's vocabulary). */
export interface CompileArgs {
  /** An optimizer or its name ('adam', 'sgd', ...). */
  optimizer: Optimizer | string;
  /** One loss for every output, one per output (array), or one per output name (record). */
  loss: LossSpec | LossSpec[] | Record<string, LossSpec>;
  /**
   * Metrics: a list applied to every output (single-output models) or to output 0 and named
   * per output, a list of lists (one per output), or a record by output name.
   */
  metrics?: MetricSpec[] | MetricSpec[][] | Record<string, MetricSpec[]>;
  /** Weights of each output's loss in the total. Default 1 each. */
  lossWeights?: number[] | Record<string, number>;
}

/** One output's resolved loss and metrics. */
export interface CompiledOutput {
  /** Log prefix for multi-output models ('' for single output). */
  prefix: string;
  lossName: string;
  lossFn: LossFunction;
  reduction: Reduction;
  weight: number;
  metrics: { key: string; metric: StreamingMetric<number> }[];
}

/** The result of {@link compileModel}: what the training loop needs, resolved once. */
export interface CompiledModel {
  optimizer: Optimizer;
  /** Resolved per model output; a loss given for one output applies to all when the model has several. */
  outputs: CompiledOutput[];
  /** The arguments as given (for `Model` serialization). */
  args: CompileArgs;
}

function resolveLoss(spec: LossSpec): { name: string; fn: LossFunction; reduction: Reduction } {
  if (spec instanceof Loss) return { name: spec.name, fn: spec.fn, reduction: spec.reduction };
  if (typeof spec === 'function') return { name: spec.name || 'loss', fn: spec, reduction: 'sum_over_batch_size' };
  const fn = getLoss(spec);
  return { name: canonicalLossName(spec) ?? spec, fn, reduction: 'sum_over_batch_size' };
}

/**
 * Keras's 'accuracy': binary, categorical or sparse categorical accuracy, chosen from the loss
 * and, when the loss does not tell, from the shapes of the first batch.
 */
class AutoAccuracy implements StreamingMetric<number> {
  private inner: StreamingMetric<number> | null = null;
  constructor(
    readonly name: string,
    private readonly lossName: string,
  ) {}

  private choose(yTrue: MetricInput, yPred: MetricInput): StreamingMetric<number> {
    const shapeOf = (t: MetricInput): number[] => {
      if (t instanceof tf.Tensor) return t.shape;
      const shape: number[] = [];
      let v: unknown = t;
      while (Array.isArray(v) || ArrayBuffer.isView(v)) {
        shape.push((v as ArrayLike<unknown>).length);
        v = (v as ArrayLike<unknown>)[0];
      }
      return shape;
    };
    let kind: string;
    if (this.lossName === 'binary_crossentropy') kind = 'binaryAccuracy';
    else if (this.lossName === 'sparse_categorical_crossentropy') kind = 'sparseCategoricalAccuracy';
    else if (this.lossName === 'categorical_crossentropy') kind = 'categoricalAccuracy';
    else {
      const ts = shapeOf(yTrue);
      const ps = shapeOf(yPred);
      const classes = ps[ps.length - 1] ?? 1;
      if (classes === 1) kind = 'binaryAccuracy';
      else if (ts.length < ps.length || ts[ts.length - 1] === 1) kind = 'sparseCategoricalAccuracy';
      else kind = 'categoricalAccuracy';
    }
    return getMetric(kind);
  }

  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): void {
    this.inner ??= this.choose(yTrue, yPred);
    this.inner.update(yTrue, yPred, sampleWeight);
  }
  result(): number {
    return this.inner === null ? 0 : this.inner.result();
  }
  reset(): void {
    this.inner?.reset();
  }
  merge(other: this): void {
    if (other.inner === null) return;
    if (this.inner === null) this.inner = other.inner;
    else this.inner.merge(other.inner as never);
  }
}

function resolveMetric(spec: MetricSpec, lossName: string): { key: string; metric: StreamingMetric<number> } {
  if (typeof spec !== 'string') return { key: spec.name, metric: spec };
  const norm = spec.toLowerCase().replace(/[_-]/g, '');
  if (norm === 'accuracy' || norm === 'acc') return { key: spec, metric: new AutoAccuracy(spec, lossName) };
  return { key: spec, metric: getMetric(spec) };
}

/**
 * Resolves optimizer, loss(es) and metrics for the training loop (what `model.compile` does).
 * The number of outputs is fixed later, by the first batch: `compileModel` prepares as many as the
 * arguments name (arrays/records), and a single loss is shared by every output.
 *
 * @example
 * ```ts
 * import { compileModel } from '@sinew/core';
 * const compiled = compileModel({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * compiled.outputs[0]!.metrics[0]!.key; // 'accuracy' (sparse categorical accuracy, from the loss)
 * ```
 */
export function compileModel(args: CompileArgs, outputNames?: string[]): CompiledModel {
  if (args === undefined || args.optimizer === undefined || args.loss === undefined) {
    throw new Error(`compile: both 'optimizer' and 'loss' are required. Received: ${JSON.stringify(args ? Object.keys(args) : args)}`);
  }
  const optimizer = getOptimizer(args.optimizer);
  const { loss, metrics, lossWeights } = args;
  let losses: LossSpec[];
  let names: string[] | undefined = outputNames;
  if (Array.isArray(loss)) {
    losses = loss;
  } else if (typeof loss === 'object' && !(loss instanceof Loss)) {
    if (names === undefined) {
      throw new Error(`compile: a loss record (keys ${Object.keys(loss).join(', ')}) needs a model with named outputs`);
    }
    losses = names.map((n) => {
      const l = (loss as Record<string, LossSpec>)[n];
      if (l === undefined) throw new Error(`compile: no loss given for output '${n}' (keys: ${Object.keys(loss).join(', ')})`);
      return l;
    });
  } else {
    losses = [loss];
  }
  const multi = losses.length > 1 || (names !== undefined && names.length > 1);
  if (names === undefined || names.length !== losses.length) names = losses.map((_, i) => `output_${i + 1}`);

  const weightOf = (i: number): number => {
    if (lossWeights === undefined) return 1;
    if (Array.isArray(lossWeights)) return lossWeights[i] ?? 1;
    return lossWeights[names![i] as string] ?? 1;
  };
  const metricsFor = (i: number): MetricSpec[] => {
    if (metrics === undefined) return [];
    if (Array.isArray(metrics)) {
      if (metrics.length > 0 && Array.isArray(metrics[0])) return ((metrics as MetricSpec[][])[i] ?? []) as MetricSpec[];
      return i === 0 || !multi ? (metrics as MetricSpec[]) : [];
    }
    return (metrics as Record<string, MetricSpec[]>)[names![i] as string] ?? [];
  };
  const outputs = losses.map((spec, i): CompiledOutput => {
    const { name, fn, reduction } = resolveLoss(spec);
    const prefix = multi ? `${names![i] as string}_` : '';
    return {
      prefix,
      lossName: name,
      lossFn: fn,
      reduction,
      weight: weightOf(i),
      metrics: metricsFor(i).map((m) => {
        const r = resolveMetric(m, name);
        return { key: prefix + r.key, metric: r.metric };
      }),
    };
  });
  return { optimizer, outputs, args };
}

/** The compiled output for model output `i` (a single compiled loss serves every output). */
export function outputAt(compiled: CompiledModel, i: number, count: number): CompiledOutput {
  if (compiled.outputs.length === 1) return compiled.outputs[0] as CompiledOutput;
  if (compiled.outputs.length !== count) {
    throw new Error(`fit: the model has ${count} outputs but compile was given ${compiled.outputs.length} losses`);
  }
  return compiled.outputs[i] as CompiledOutput;
}
