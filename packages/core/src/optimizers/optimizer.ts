import * as tf from '@tensorflow/tfjs-core';
import { clipGradientsByGlobalNorm, clipGradientsByNorm, clipGradientsByValue } from '../clipping/clip-gradients.js';
import { resolveLearningRate, type LearningRate } from '../schedules/learning-rate-schedule.js';
import { serializeSchedule } from '../schedules/serialize-schedule.js';

/**
 * Options every optimizer accepts (Keras 3 names, camelCased). At most one of `clipNorm`,
 * `clipValue`, `globalClipNorm` applies; if several are given, the first in that order wins, as
 * in Keras 3.
 */
export interface OptimizerArgs {
  /** A fixed rate or a {@link LearningRateSchedule} of the optimizer step. Default: per optimizer. */
  learningRate?: LearningRate;
  /**
   * Decoupled weight decay (Loshchilov & Hutter): before each update, `w -= w * weightDecay * lr`
   * for every variable not excluded with `excludeFromWeightDecay`. This is Keras 3's
   * `weight_decay` on every optimizer, and PyTorch's `AdamW` `weight_decay`; note that PyTorch's
   * SGD/Adam `weight_decay` is L2 added to the gradient instead (use a kernel regularizer for that).
   */
  weightDecay?: number;
  /** Rescale each gradient separately to L2 norm at most this (Keras 3 `clipnorm`). */
  clipNorm?: number;
  /** Clip each gradient element to [-clipValue, clipValue] (Keras 3 `clipvalue`). */
  clipValue?: number;
  /** Rescale all gradients together to joint L2 norm at most this (Keras 3 `global_clipnorm`, PyTorch `clip_grad_norm_`). */
  globalClipNorm?: number;
  /** A name for logs and serialized state. Default: the class name. */
  name?: string;
}

/** One gradient and the variable it updates. */
export interface VariableGradient {
  variable: tf.Variable;
  gradient: tf.Tensor;
}

/** One piece of optimizer state, named for save files. */
export interface OptimizerWeight {
  name: string;
  tensor: tf.Tensor;
}

/**
 * Per-step values shared by every variable's update (host numbers, cached scalars); an optimizer's
 * `updateVariable` receives one per step.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Optimizer, StepContext } from '@sinew/core';
 * // A plain gradient step written against the step context.
 * class PlainSGD extends Optimizer {
 *   readonly className = 'PlainSGD';
 *   constructor(learningRate = 0.01) {
 *     super({ learningRate }, 0.01);
 *   }
 *   protected slotNames(): string[] {
 *     return [];
 *   }
 *   protected specificConfig(): Record<string, unknown> {
 *     return {};
 *   }
 *   protected updateVariable(ctx: StepContext, v: tf.Variable, g: tf.Tensor): void {
 *     v.assign(tf.sub(v, tf.mul(g, ctx.s(ctx.lr)))); // ctx.s: one cached scalar per step
 *   }
 * }
 * const w = tf.variable(tf.tensor1d([1]));
 * new PlainSGD(0.5).applyGradients([{ variable: w, gradient: tf.tensor1d([1]) }]);
 * w.dataSync(); // [0.5]
 * ```
 */
export class StepContext {
  private readonly cache = new Map<number, tf.Scalar>();
  constructor(
    /** The learning rate of this step. */
    readonly lr: number,
    /** The 1-based index of this update (Keras's `iterations + 1`). */
    readonly step: number,
  ) {}
  /** A float32 scalar for `v`, created once per step (inside the step's tidy). */
  s(v: number): tf.Scalar {
    let t = this.cache.get(v);
    if (t === undefined) {
      t = tf.scalar(v);
      this.cache.set(v, t);
    }
    return t;
  }
}

/**
 * Base class of Sinew's optimizers: Keras 3 semantics (`iterations`, decoupled `weightDecay`,
 * `clipNorm` / `clipValue` / `globalClipNorm`, learning rate schedules evaluated at `iterations`),
 * with per-variable state ("slots") created lazily on the first update of each variable.
 *
 * Subclasses declare their slot names and implement `updateVariable`, which runs inside a
 * `tf.tidy` and assigns the new variable and slot values.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Adam } from '@sinew/core';
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const opt = new Adam({ learningRate: 0.1 });
 * opt.applyGradients([{ variable: w, gradient: tf.tensor1d([0.5, -0.5]) }]);
 * w.dataSync(); // [0.9, 2.1]
 * ```
 */
export abstract class Optimizer {
  /** The name under which `deserializeOptimizer` finds this class. */
  abstract readonly className: string;
  readonly name: string;
  /** Number of updates applied so far. */
  iterations = 0;
  readonly weightDecay: number | undefined;
  readonly clipNorm: number | undefined;
  readonly clipValue: number | undefined;
  readonly globalClipNorm: number | undefined;

  private lr: LearningRate;
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();
  private readonly slotOrder: tf.Variable[] = [];
  private pending: tf.Tensor[] | null = null;
  private readonly excludedIds = new Set<number>();
  private excludedPattern: RegExp | null = null;

  protected constructor(args: OptimizerArgs, defaultLearningRate: number) {
    this.lr = args.learningRate ?? defaultLearningRate;
    if (typeof this.lr === 'number') checkNonNegative(this.constructor.name, 'learningRate', this.lr);
    this.name = args.name ?? this.constructor.name;
    this.weightDecay = args.weightDecay;
    this.clipNorm = args.clipNorm;
    this.clipValue = args.clipValue;
    this.globalClipNorm = args.globalClipNorm;
    for (const k of ['weightDecay', 'clipNorm', 'clipValue', 'globalClipNorm'] as const) {
      const v = args[k];
      if (v !== undefined) checkNonNegative(this.name, k, v);
    }
  }

  /** The learning rate as configured: a number or a schedule. Setting it replaces either. */
  get learningRate(): LearningRate {
    return this.lr;
  }
  set learningRate(value: LearningRate) {
    if (typeof value === 'number') checkNonNegative(this.name, 'learningRate', value);
    this.lr = value;
  }

  /** The learning rate the next update will use (a schedule evaluated at `iterations`). */
  currentLearningRate(): number {
    return resolveLearningRate(this.lr, this.iterations);
  }

  /** Names of the per-variable state tensors, in storage order (e.g. ['m', 'v']). */
  protected abstract slotNames(): string[];

  /** The initial value of slot `slot` for `variable` (zeros unless overridden). */
  protected initialSlot(_slot: string, variable: tf.Variable): tf.Tensor {
    return tf.zerosLike(variable);
  }

  /** Assigns the updated variable and slots; runs inside a tidy. */
  protected abstract updateVariable(ctx: StepContext, variable: tf.Variable, gradient: tf.Tensor, slots: tf.Variable[]): void;

  /** Optimizer-specific constructor arguments for `getConfig`. */
  protected abstract specificConfig(): Record<string, unknown>;

  /**
   * Leaves variables out of weight decay: the given variables, and every variable whose name
   * contains one of `names` (e.g. `['bias']`). Call before the first update.
   */
  excludeFromWeightDecay({ variables = [], names = [] }: { variables?: tf.Variable[]; names?: string[] } = {}): void {
    for (const v of variables) this.excludedIds.add(v.id);
    this.excludedPattern = names.length > 0 ? new RegExp(names.map(escapeRegExp).join('|')) : null;
  }

  /**
   * Applies one update. `grads` is a list of `{variable, gradient}` or, as in tfjs, a map from
   * variable name to gradient. Gradients are not disposed.
   */
  applyGradients(grads: VariableGradient[] | tf.NamedTensorMap): void {
    const pairs = Array.isArray(grads) ? grads : this.pairsFromMap(grads);
    if (pairs.length === 0) return;
    for (const { variable } of pairs) this.ensureSlots(variable);
    const lr = this.currentLearningRate();
    const ctx = new StepContext(lr, this.iterations + 1);
    tf.tidy(() => {
      const clipped = this.clip(pairs.map((p) => p.gradient));
      if (this.weightDecay !== undefined && this.weightDecay > 0) {
        const factor = ctx.s(1 - this.weightDecay * lr);
        for (const { variable } of pairs) {
          if (this.usesWeightDecay(variable)) variable.assign(tf.mul(variable, factor));
        }
      }
      pairs.forEach(({ variable }, i) => {
        this.updateVariable(ctx, variable, clipped[i] as tf.Tensor, this.slots.get(variable) as tf.Variable[]);
      });
    });
    this.iterations += 1;
  }

  /**
   * Computes the gradients of `loss` with respect to `varList` (default: every trainable
   * variable), applies them, and returns the loss (the caller disposes it).
   */
  minimize(loss: () => tf.Scalar, varList?: tf.Variable[]): tf.Scalar | null {
    const { value, grads } = tf.variableGrads(loss, varList);
    const pairs: VariableGradient[] = [];
    const vars = varList ?? Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
    for (const variable of vars) {
      const gradient = grads[variable.name];
      if (gradient !== undefined) pairs.push({ variable, gradient });
    }
    this.applyGradients(pairs);
    tf.dispose(grads);
    return value;
  }

  /**
   * The optimizer state: `iterations` first, then every slot of every variable in the order the
   * variables were first updated (Keras's order). The tensors are copies the caller owns.
   */
  getWeights(): OptimizerWeight[] {
    const out: OptimizerWeight[] = [{ name: `${this.name}/iterations`, tensor: tf.scalar(this.iterations, 'int32') }];
    const names = this.slotNames();
    for (const v of this.slotOrder) {
      (this.slots.get(v) as tf.Variable[]).forEach((s, i) => {
        out.push({ name: `${v.name}/${names[i] as string}`, tensor: tf.clone(s) });
      });
    }
    return out;
  }

  /**
   * Restores state saved by `getWeights` (matched by position, as Keras does). If no variable
   * has been updated yet, the slots are kept and installed when the variables first appear, so a
   * freshly loaded model resumes training exactly. Tensors are copied; the caller keeps ownership.
   */
  setWeights(weights: (OptimizerWeight | tf.Tensor)[]): void {
    const tensors = weights.map((w) => (w instanceof tf.Tensor ? w : w.tensor));
    if (tensors.length === 0) throw new Error(`${this.name}.setWeights: expected at least the iterations counter, received no weights`);
    this.iterations = Math.round((tensors[0] as tf.Tensor).dataSync()[0] as number);
    const rest = tensors.slice(1);
    if (this.slotOrder.length === 0) {
      if (this.pending !== null) tf.dispose(this.pending);
      this.pending = rest.length > 0 ? rest.map((t) => tf.keep(tf.clone(t))) : null;
      return;
    }
    const slots = this.slotOrder.flatMap((v) => this.slots.get(v) as tf.Variable[]);
    if (slots.length !== rest.length) {
      throw new Error(`${this.name}.setWeights: the optimizer has ${slots.length} slot tensors, received ${rest.length}`);
    }
    slots.forEach((s, i) => {
      const t = rest[i] as tf.Tensor;
      if (!tf.util.arraysEqual(s.shape, t.shape)) {
        throw new Error(`${this.name}.setWeights: slot ${i} has shape [${s.shape}], received shape [${t.shape}]`);
      }
      s.assign(t);
    });
  }

  /** Constructor arguments that recreate this optimizer (the learning rate in JSON form). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, learningRate: serializeSchedule(this.lr) };
    if (this.weightDecay !== undefined) config.weightDecay = this.weightDecay;
    if (this.clipNorm !== undefined) config.clipNorm = this.clipNorm;
    if (this.clipValue !== undefined) config.clipValue = this.clipValue;
    if (this.globalClipNorm !== undefined) config.globalClipNorm = this.globalClipNorm;
    return { ...config, ...this.specificConfig() };
  }

  /** Frees the optimizer state. */
  dispose(): void {
    for (const s of this.slots.values()) tf.dispose(s);
    this.slots.clear();
    this.slotOrder.length = 0;
    if (this.pending !== null) tf.dispose(this.pending);
    this.pending = null;
  }

  private clip(grads: tf.Tensor[]): tf.Tensor[] {
    if (this.clipNorm !== undefined && this.clipNorm > 0) return clipGradientsByNorm(grads, this.clipNorm);
    if (this.globalClipNorm !== undefined && this.globalClipNorm > 0) return clipGradientsByGlobalNorm(grads, this.globalClipNorm);
    if (this.clipValue !== undefined && this.clipValue > 0) return clipGradientsByValue(grads, this.clipValue);
    return grads;
  }

  private usesWeightDecay(v: tf.Variable): boolean {
    if (this.excludedIds.has(v.id)) return false;
    return this.excludedPattern === null || !this.excludedPattern.test(v.name);
  }

  private ensureSlots(variable: tf.Variable): void {
    if (this.slots.has(variable)) return;
    const names = this.slotNames();
    const slots = names.map((n) => {
      const init = tf.tidy(() => this.initialSlot(n, variable));
      // tf.variable shares the initial value's data and keeps its own reference: free ours.
      const slot = tf.variable(init, false);
      init.dispose();
      return slot;
    });
    if (this.pending !== null) {
      const restored = this.pending.splice(0, names.length);
      restored.forEach((t, i) => {
        const s = slots[i] as tf.Variable;
        if (!tf.util.arraysEqual(s.shape, t.shape)) {
          throw new Error(
            `${this.name}: saved optimizer state for variable '${variable.name}' has shape [${t.shape}], ` +
              `the variable has shape [${s.shape}]`,
          );
        }
        s.assign(t);
      });
      tf.dispose(restored);
      if (this.pending.length === 0) this.pending = null;
    }
    this.slots.set(variable, slots);
    this.slotOrder.push(variable);
  }

  private pairsFromMap(map: tf.NamedTensorMap): VariableGradient[] {
    const registry = tf.engine().registeredVariables;
    return Object.keys(map).map((name) => {
      const variable = registry[name];
      if (variable === undefined) throw new Error(`${this.name}.applyGradients: no variable named '${name}'`);
      return { variable, gradient: map[name] as tf.Tensor };
    });
  }
}

function checkNonNegative(owner: string, name: string, v: number): void {
  if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`${owner}: ${name} must be a finite number >= 0. Received: ${name}=${v}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
