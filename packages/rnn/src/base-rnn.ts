import * as tf from '@tensorflow/tfjs-core';
import {
  Layer,
  getActivation,
  getConstraint,
  getInitializer,
  getRegularizer,
  nextSeed,
  seedStream,
  serializeConstraint,
  serializeInitializer,
  serializeRegularizer,
  activationName,
  type ActivationFn,
  type ActivationIdentifier,
  type CallOptions,
  type Constraint,
  type ConstraintIdentifier,
  type Initializer,
  type InitializerIdentifier,
  type LayerArgs,
  type Regularizer,
  type RegularizerIdentifier,
  type Shape,
  type SymbolicTensor,
  type Tensors,
} from '@sinew/core';
import { attachMask, maskOf, maskTensor, maskFromTensor, type StepMask } from './mask.js';

/** Arguments shared by {@link SimpleRNN}, {@link LSTM} and {@link GRU} (Keras 3's names, camelCased). */
export interface BaseRNNArgs extends LayerArgs {
  /** Size of the hidden state (positive integer). */
  units: number;
  /** Activation of the candidate state and output (default 'tanh'). */
  activation?: ActivationIdentifier | ActivationFn | null;
  /** Whether the layer has biases (default true). */
  useBias?: boolean;
  /** Initializer of the input kernel `[inputDim, gates·units]` (default 'glorotUniform'). */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the recurrent kernel `[units, gates·units]` (default 'orthogonal'). */
  recurrentInitializer?: InitializerIdentifier;
  /** Initializer of the bias (default 'zeros'). */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction of the input features dropped in training (one mask for all steps, Keras's rule). */
  dropout?: number;
  /** Fraction of the recurrent state dropped before the recurrent product in training. */
  recurrentDropout?: number;
  /** Return the output of every step `[batch, steps, units]` instead of the last `[batch, units]`. */
  returnSequences?: boolean;
  /** Also return the final states: `[output, ...states]`. */
  returnState?: boolean;
  /** Process the sequence from the last step to the first (outputs come in processing order). */
  goBackwards?: boolean;
  /** Carry the final states of one call into the next (fixed batch size); `resetStates()` clears them. */
  stateful?: boolean;
  /** At masked steps, output zeros instead of repeating the previous output (Keras's `zero_output_for_mask`). */
  zeroOutputForMask?: boolean;
  /**
   * Which library's defaults fill the arguments left out: 'keras' (default: sigmoid recurrent
   * activation, `unitForgetBias: true`, GRU `resetAfter: true`) or 'tfjs' (tfjs-layers 4.22's:
   * hard sigmoid `clip(0.2x + 0.5, 0, 1)`, no unit forget bias, GRU `resetAfter: false`).
   */
  defaults?: 'keras' | 'tfjs';
  /** Fixed seed for the dropout masks; by default drawn from `setSeed`'s generator. */
  seed?: number;
}

/** Options of an RNN forward pass. */
export interface RNNCallOptions extends CallOptions {
  /** `[batch, steps]` (nonzero = real step). Overrides a mask attached to the input by Embedding/Masking. */
  mask?: tf.Tensor | StepMask | null;
  /** Initial states, each `[batch, units]` (LSTM: `[h, c]`). */
  initialState?: tf.Tensor[];
}

/** One step of a cell: the input projection of this step and the previous states → new states (h first). */
export type StepFn = (xp: tf.Tensor2D, states: tf.Tensor2D[]) => tf.Tensor2D[];

/** Serializes an activation, failing clearly for custom functions. */
export function activationConfig(where: string, fn: ActivationFn): string {
  const name = activationName(fn);
  if (name === null) throw new Error(`${where}: a custom activation function cannot be serialized; pass an activation name`);
  return name;
}

function checkFraction(where: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new Error(`${where}: ${name} must be a number in [0, 1). Received: ${name}=${v}`);
}

/**
 * The recurrent loop shared by SimpleRNN, LSTM and GRU, in Keras's `inner_loop` spirit: the input
 * projection `x · kernel + bias` of every step is one matrix product over `[batch·steps, inputDim]`;
 * the loop then does only the recurrent product and the gate arithmetic, with as few kernels per
 * step as the cell allows. Subclasses supply the weights' shapes and the per-step function.
 *
 * Input `[batch, steps, features]` (or `[x, ...initialStates]`) → `[batch, units]`, or
 * `[batch, steps, units]` with `returnSequences`, followed by the final states with `returnState`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { lstm } from '@sinew/rnn';
 * const [out, h, c] = lstm({ units: 8, returnSequences: true, returnState: true })
 *   .apply<tf.Tensor[]>(tf.ones([2, 5, 3])); // [2, 5, 8], [2, 8], [2, 8]
 * ```
 */
export abstract class BaseRNN extends Layer {
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly recurrentRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly recurrentConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly zeroOutputForMask: boolean;
  readonly seed: number | undefined;
  kernel: tf.Variable | null = null;
  recurrentKernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;

  /** Gate blocks in the kernels (SimpleRNN 1, LSTM 4, GRU 3). */
  protected abstract readonly gates: number;
  /** Number of state tensors (LSTM 2: h and c). */
  abstract readonly stateCount: number;

  private pending: RNNCallOptions | null = null;
  private carried: tf.Tensor[] | null = null;

  constructor(args: BaseRNNArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new Error(`${this.className}: units must be a positive integer. Received: units=${args?.units}`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
    this.kernelRegularizer = args.kernelRegularizer == null ? null : getRegularizer(args.kernelRegularizer);
    this.recurrentRegularizer = args.recurrentRegularizer == null ? null : getRegularizer(args.recurrentRegularizer);
    this.biasRegularizer = args.biasRegularizer == null ? null : getRegularizer(args.biasRegularizer);
    this.kernelConstraint = args.kernelConstraint == null ? null : getConstraint(args.kernelConstraint);
    this.recurrentConstraint = args.recurrentConstraint == null ? null : getConstraint(args.recurrentConstraint);
    this.biasConstraint = args.biasConstraint == null ? null : getConstraint(args.biasConstraint);
    this.dropout = args.dropout ?? 0;
    this.recurrentDropout = args.recurrentDropout ?? 0;
    checkFraction(this.className, 'dropout', this.dropout);
    checkFraction(this.className, 'recurrentDropout', this.recurrentDropout);
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    this.seed = args.seed ?? undefined;
    if (args.defaults !== undefined && args.defaults !== 'keras' && args.defaults !== 'tfjs') {
      throw new Error(`${this.className}: defaults must be 'keras' or 'tfjs'. Received: defaults=${String(args.defaults)}`);
    }
  }

  /** Shape of the bias weight. */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The bias's initial value (LSTM overrides it for the unit forget bias). */
  protected initialBias(shape: number[]): tf.Tensor {
    return this.biasInitializer.apply(shape);
  }

  /** The part of the bias added to the input projection (all of it, except GRU with resetAfter). */
  protected inputBias(): tf.Tensor | null {
    return this.bias;
  }

  /**
   * The whole recurrence as one fused op, where the cell has one for its configuration (the Keras
   * `inner_loop` idea); null falls back to the per-step composite. Called only without masks and
   * recurrent dropout. `xp` is the time-major input projection `[steps, batch, gates·units]`.
   *
   * @returns the time-major outputs `[steps, batch, units]` (may be null without `returnSequences`)
   *   and the final states.
   */
  protected runSequence(_xp: tf.Tensor3D, _states: tf.Tensor2D[]): { sequence: tf.Tensor3D | null; states: tf.Tensor2D[] } | null {
    return null;
  }

  /**
   * Like {@link runSequence}, but given the time-major input itself `[steps, batch, features]`
   * (processing order, after input dropout) rather than its projection, for a cell whose fused op
   * projects the input step by step. Tried first; null falls back to {@link runSequence}. Without
   * `returnState` and `stateful` only the first state (h) is read, and may be all it returns.
   */
  protected runInputSequence(_x: tf.Tensor3D, _states: tf.Tensor2D[]): { sequence: tf.Tensor3D | null; states: tf.Tensor2D[] } | null {
    return null;
  }

  /** The per-step function; `recurrentMask` multiplies the state before the recurrent product. */
  protected abstract makeStep(recurrentMask: tf.Tensor | null): StepFn;

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (shape.length !== 3) throw new Error(`${this.label}: expected input of rank 3 [batch, steps, features], received shape [${shape.map(String).join(', ')}]`);
    const inputDim = shape[2];
    if (inputDim === null || inputDim === undefined) throw new Error(`${this.label}: the feature axis of the input must be known, received shape [${shape.map(String).join(', ')}]`);
    const g = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [inputDim, g], {
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
      constraint: this.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, g], {
      initializer: this.recurrentInitializer,
      regularizer: this.recurrentRegularizer,
      constraint: this.recurrentConstraint,
    });
    if (this.useBias) {
      const bShape = this.biasShape();
      this.bias = this.addWeight('bias', bShape, { initializer: 'zeros', regularizer: this.biasRegularizer, constraint: this.biasConstraint });
      const init = this.initialBias(bShape);
      this.bias.assign(init);
      init.dispose();
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const out: Shape = this.returnSequences ? [shape[0] ?? null, shape[1] ?? null, this.units] : [shape[0] ?? null, this.units];
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.stateCount }, () => [shape[0] ?? null, this.units] as Shape)];
  }

  /**
   * Runs the layer. Besides `training`, accepts `mask` (`[batch, steps]`) and `initialState`.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { gru } from '@sinew/rnn';
   * const layer = gru({ units: 2 });
   * const y = layer.apply(tf.ones([1, 3, 4]), { mask: tf.tensor2d([[1, 1, 0]]), initialState: [tf.ones([1, 2])] });
   * ```
   */
  override apply<T extends Tensors = tf.Tensor>(inputs: tf.Tensor | tf.Tensor[], options?: RNNCallOptions): NoInfer<T>;
  override apply<T extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): NoInfer<T>;
  override apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options?: RNNCallOptions): Tensors | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options: RNNCallOptions = {}): Tensors | SymbolicTensor | SymbolicTensor[] {
    this.pending = options;
    try {
      return super.apply(inputs, { training: options.training });
    } finally {
      this.pending = null;
    }
  }

  /** Clears the carried states of a stateful layer (the next call starts from zeros or `states`). */
  resetStates(states?: tf.Tensor[]): void {
    if (this.carried !== null) tf.dispose(this.carried);
    this.carried = states === undefined ? null : states.map((s) => tf.keep(tf.clone(s)));
  }

  /** The carried states of a stateful layer (copies), or null before the first call / after a reset. */
  getStates(): tf.Tensor[] | null {
    return this.carried === null ? null : this.carried.map((s) => tf.clone(s));
  }

  /** Masks drawn so far from this layer's own `seed`: each call gets the next seed of its stream. */
  private seededMasks = 0;

  private dropoutMask(shape: number[], rate: number): tf.Tensor {
    const seed = this.seed === undefined ? nextSeed() : seedStream(this.seed, this.seededMasks++);
    const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
    return tf.div(tf.cast(tf.greaterEqual(u, rate), 'float32'), 1 - rate);
  }

  call(inputs: Tensors, { training }: Required<CallOptions>): Tensors {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0]!;
    if (x.rank !== 3) throw new Error(`${this.label}: expected input of rank 3 [batch, steps, features], received shape [${x.shape.join(', ')}]`);
    const [batch, steps, features] = x.shape as [number, number, number];
    const u = this.units;
    const pending = this.pending ?? {};

    let states: tf.Tensor2D[];
    const given = list.length > 1 ? list.slice(1) : pending.initialState;
    if (given !== undefined && given.length > 0) {
      if (given.length !== this.stateCount) throw new Error(`${this.label}: expected ${this.stateCount} initial state(s), received ${given.length}`);
      states = given.map((s, i) => {
        if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== u) {
          throw new Error(`${this.label}: initial state ${i} must have shape [${batch}, ${u}], received [${s.shape.join(', ')}]`);
        }
        return s as tf.Tensor2D;
      });
    } else if (this.stateful && this.carried !== null) {
      if (this.carried[0]!.shape[0] !== batch) {
        throw new Error(`${this.label}: a stateful layer needs a fixed batch size; carried states have batch ${this.carried[0]!.shape[0]}, input has ${batch} (call resetStates() first)`);
      }
      states = this.carried.map((s) => tf.clone(s) as tf.Tensor2D);
    } else {
      const zeros = tf.zeros([batch, u]) as tf.Tensor2D;
      states = Array.from({ length: this.stateCount }, () => zeros);
    }

    const rawMask = pending.mask === undefined || pending.mask === null ? maskOf(x) : pending.mask instanceof tf.Tensor ? maskFromTensor(pending.mask) : pending.mask;
    if (rawMask !== null && (rawMask.shape[0] !== batch || rawMask.shape[1] !== steps)) {
      throw new Error(`${this.label}: mask of shape [${rawMask.shape.join(', ')}] does not match input [${x.shape.join(', ')}]`);
    }
    const allKept = rawMask === null || rawMask.data.every((v) => v === 1);
    const mask = allKept ? null : rawMask;

    let xin: tf.Tensor = x;
    if (training && this.dropout > 0) xin = tf.mul(x, this.dropoutMask([batch, 1, features], this.dropout));
    const recMask = training && this.recurrentDropout > 0 ? this.dropoutMask([batch, u], this.recurrentDropout) : null;

    // One product for the input side of every step, time-major so each step is a contiguous slice.
    const g = this.gates * u;
    let tm = tf.transpose(xin, [1, 0, 2]);
    if (this.goBackwards) tm = tf.reverse(tm, 0);
    const unmasked = mask === null && recMask === null;
    let fused = unmasked ? this.runInputSequence(tm as tf.Tensor3D, states) : null;
    const project = (): tf.Tensor3D => {
      const inBias = this.inputBias();
      const flat = tf.reshape(tm, [steps * batch, features]) as tf.Tensor2D;
      return tf.reshape(inBias === null ? tf.matMul(flat, this.kernel!) : tf.add(tf.matMul(flat, this.kernel!), inBias), [steps, batch, g]) as tf.Tensor3D;
    };
    const projected = fused === null ? project() : null;
    if (fused === null && unmasked) fused = this.runSequence(projected!, states);
    let last: tf.Tensor2D;
    let outputs: tf.Tensor2D[] | tf.Tensor3D = [];
    if (fused !== null) {
      states = fused.states;
      last = states[0]!;
      outputs = fused.sequence ?? [];
    } else {
      const xp = tf.unstack(projected!) as tf.Tensor2D[];
      const stepMasks = mask === null ? null : (tf.unstack(tf.expandDims(maskTensor(this.goBackwards ? reverseMask(mask) : mask), 2), 1) as tf.Tensor2D[]);
      const step = this.makeStep(recMask);
      const outs: tf.Tensor2D[] = [];
      let prevOut: tf.Tensor2D | null = null;
      for (let t = 0; t < steps; t++) {
        const next = step(xp[t]!, states);
        if (stepMasks === null) {
          states = next;
          if (this.returnSequences) outs.push(next[0]!);
          continue;
        }
        const m = stepMasks[t]!;
        // Masked steps keep the previous states (and output), as Keras and tfjs-layers do.
        const blended = next.map((n, i) => tf.add(states[i]!, tf.mul(m, tf.sub(n, states[i]!))) as tf.Tensor2D);
        let out: tf.Tensor2D;
        if (this.zeroOutputForMask) out = tf.mul(next[0]!, m);
        else {
          prevOut ??= tf.zeros([batch, u]);
          out = tf.add(prevOut, tf.mul(m, tf.sub(next[0]!, prevOut)));
        }
        prevOut = out;
        states = blended;
        if (this.returnSequences) outs.push(out);
      }
      last = stepMasks === null ? states[0]! : prevOut!;
      outputs = outs;
    }

    if (this.stateful) {
      const old = this.carried;
      this.carried = states.map((s) => tf.keep(tf.clone(s)));
      if (old !== null) tf.dispose(old);
    }

    let output: tf.Tensor = !this.returnSequences ? last : Array.isArray(outputs) ? tf.stack(outputs, 1) : tf.transpose(outputs, [1, 0, 2]);
    if (this.returnSequences && rawMask !== null) {
      output = attachMask(output, this.goBackwards ? reverseMask(rawMask) : rawMask);
    }
    return this.returnState ? [output, ...states] : output;
  }

  override getConfig(): Record<string, any> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: activationConfig(this.label, this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: this.kernelRegularizer && serializeRegularizer(this.kernelRegularizer),
      recurrentRegularizer: this.recurrentRegularizer && serializeRegularizer(this.recurrentRegularizer),
      biasRegularizer: this.biasRegularizer && serializeRegularizer(this.biasRegularizer),
      kernelConstraint: this.kernelConstraint && serializeConstraint(this.kernelConstraint),
      recurrentConstraint: this.recurrentConstraint && serializeConstraint(this.recurrentConstraint),
      biasConstraint: this.biasConstraint && serializeConstraint(this.biasConstraint),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      zeroOutputForMask: this.zeroOutputForMask,
      seed: this.seed ?? null,
    };
  }

  override dispose(): void {
    this.resetStates();
    super.dispose();
  }
}

function reverseMask(m: StepMask): StepMask {
  const [b, t] = m.shape;
  const data = new Uint8Array(m.data.length);
  for (let i = 0; i < b; i++) for (let j = 0; j < t; j++) data[i * t + j] = m.data[i * t + (t - 1 - j)]!;
  return { data, shape: m.shape };
}
