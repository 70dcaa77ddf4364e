import * as tf from '@tensorflow/tfjs-core';
import { getConstraint, type Constraint, type ConstraintIdentifier } from '../constraints/constraint.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/get-initializer.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers/regularizer.js';
import { formatShape, shapeText, isSymbolic, SymbolicTensor, type Node, type Shape } from './symbolic-tensor.js';
import { toSnakeCase, uniqueName } from './naming.js';

/** Arguments every layer accepts. */
export interface LayerArgs {
  /** Unique name; by default the snake-cased class name with a counter (`dense`, `dense_1`). */
  name?: string;
  /** Whether the layer's weights are updated by training (default true). */
  trainable?: boolean;
  /** Input shape without the batch axis; lets a Sequential model build before seeing data. */
  inputShape?: Shape;
  /** Input shape with the batch axis (`[null, 28, 28]`). */
  batchInputShape?: Shape;
  /** Fixed batch size, with `inputShape`. */
  batchSize?: number;
  /** Only 'float32' is supported. */
  dtype?: 'float32';
  /** Penalty on the layer's output, added to the loss in training. */
  activityRegularizer?: RegularizerIdentifier | null;
}

/** Options of a forward pass. */
export interface CallOptions {
  /** Training mode: dropout and noise are active, BatchNormalization uses and updates batch statistics. */
  training?: boolean;
}

/**
 * One weight of a layer. `name` is Keras's ('dense/kernel'); `variable` holds the value, and its
 * tfjs name adds a ':n' suffix ('dense/kernel:0') so names stay unique in tfjs's global registry.
 */
export interface LayerWeight {
  readonly name: string;
  readonly variable: tf.Variable;
  /** False for state such as BatchNormalization's moving statistics. */
  readonly trainable: boolean;
  readonly regularizer: Regularizer | null;
  readonly constraint: Constraint | null;
}

/** Declares what inputs a layer accepts once built; checked on every call. */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  /** Required sizes of some axes (negative axes count from the end). */
  axes?: Record<number, number>;
}

/** The class side of a layer: a constructor from a config plus its registered name. */
export interface LayerClass<T extends Layer = Layer> {
  readonly className: string;
  fromConfig(config: Record<string, any>): T;
}

/** A serialized layer. */
export interface LayerJSON {
  className: string;
  config: Record<string, any>;
}

/** One tensor or several. */
export type Tensors = tf.Tensor | tf.Tensor[];

function shapesOf(x: tf.Tensor | tf.Tensor[] | SymbolicTensor | SymbolicTensor[]): Shape | Shape[] {
  if (Array.isArray(x)) return x.map((t) => [...t.shape]);
  return [...x.shape];
}

// tfjs-core keeps one global registry of variable names and throws on a duplicate; tfjs-layers
// picks its names without looking at it. A ':n' suffix (TensorFlow's convention), which tfjs-layers
// never produces, keeps Sinew and tfjs-layers models apart in one process.
function variableName(base: string): string {
  const registered = tf.engine().registeredVariables;
  for (let i = 0; ; i++) if (!(`${base}:${i}` in registered)) return `${base}:${i}`;
}

/**
 * The base of every layer: eager, built lazily from the first input's shape, with Keras's weight
 * order and layout.
 *
 * Subclasses implement `call` (the forward pass on concrete tensors), and usually `build` (create
 * weights with `addWeight`) and `computeOutputShape` (so the layer works in functional graphs and
 * `summary()`), `getConfig` (so it can be saved), and declare `static className`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { Layer, registerLayer } from '@sinew/core';
 * class Scale extends Layer {
 *   static readonly className = 'Scale';
 *   scale!: tf.Variable;
 *   override build(shape: (number | null)[]) {
 *     this.scale = this.addWeight('scale', [shape[shape.length - 1]!], { initializer: 'ones' });
 *   }
 *   override call(x: tf.Tensor | tf.Tensor[]) {
 *     return tf.mul(x as tf.Tensor, this.scale);
 *   }
 * }
 * registerLayer(Scale);
 * ```
 */
export abstract class Layer {
  /** Registered class name, written to saved files; every subclass sets its own. */
  static readonly className: string = 'Layer';
  readonly name: string;
  built = false;
  /** Declared input shape (batch axis included), when known before data. */
  readonly batchInputShape: Shape | null;
  /** Checked against every input once built. */
  protected inputSpec: InputSpec | null = null;
  readonly activityRegularizer: Regularizer | null;
  /** Calls of this layer on symbolic tensors (functional graphs). */
  readonly inboundNodes: Node[] = [];
  /** The input shape the layer was built with (batch axis null). */
  builtInputShape: Shape | Shape[] | null = null;
  /** The output shape of the last call, batch axis null (summary uses it). */
  lastOutputShape: Shape | Shape[] | null = null;

  private _trainable: boolean;
  private readonly ownWeights: LayerWeight[] = [];
  private readonly trackedLayers: Layer[] = [];
  private activityLosses: tf.Scalar[] = [];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(toSnakeCase(this.className));
    if (typeof this.name !== 'string' || this.name.length === 0 || /[\s/]/.test(this.name)) {
      throw new Error(`${this.className}: name must be a non-empty string without spaces or '/'. Received: name=${JSON.stringify(args.name)}`);
    }
    this._trainable = args.trainable ?? true;
    if (args.dtype !== undefined && args.dtype !== 'float32') {
      throw new Error(`${this.className} '${this.name}': only dtype 'float32' is supported. Received: dtype=${String(args.dtype)}`);
    }
    if (args.batchInputShape !== undefined) {
      this.batchInputShape = [...args.batchInputShape];
    } else if (args.inputShape !== undefined) {
      this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    } else {
      this.batchInputShape = null;
    }
    if (this.batchInputShape !== null && this.batchInputShape.some((d) => d !== null && !(Number.isInteger(d) && d > 0))) {
      throw new Error(`${this.className} '${this.name}': inputShape entries must be positive integers or null. Received: ${formatShape(this.batchInputShape)}`);
    }
    this.activityRegularizer = args.activityRegularizer == null ? null : getRegularizer(args.activityRegularizer);
  }

  /** The registered class name of this layer ('Dense'). */
  get className(): string {
    return (this.constructor as unknown as LayerClass).className;
  }

  /** A label for error messages: `Dense 'dense_1'`. */
  protected get label(): string {
    return `${this.className} '${this.name}'`;
  }

  /**
   * Whether training updates this layer's weights. Setting false freezes the layer and every layer
   * inside it (as Keras does): its weights leave `trainableWeights` and `trainableVariables`.
   */
  get trainable(): boolean {
    return this._trainable;
  }
  set trainable(value: boolean) {
    this._trainable = value;
    for (const l of this.layers) l.trainable = value;
    this.syncVariableFlags();
  }

  private syncVariableFlags(): void {
    for (const w of this.ownWeights) w.variable.trainable = this._trainable && w.trainable;
  }

  /** Layers this layer contains (a Model's layers, or those a composite layer tracked). */
  get layers(): Layer[] {
    return [...this.trackedLayers];
  }

  /** Records a sub-layer so its weights, losses and freezing follow this layer's. */
  protected trackLayer<T extends Layer>(layer: T): T {
    if (!this.trackedLayers.includes(layer)) this.trackedLayers.push(layer);
    return layer;
  }

  /**
   * Creates a weight variable named `<layer>/<name>`. Call it from `build`.
   *
   * @returns the variable (the layer keeps it; `dispose()` frees it).
   */
  protected addWeight(
    name: string,
    shape: number[],
    {
      initializer = 'glorotUniform',
      regularizer = null,
      constraint = null,
      trainable = true,
    }: {
      initializer?: InitializerIdentifier;
      regularizer?: RegularizerIdentifier | null;
      constraint?: ConstraintIdentifier | null;
      trainable?: boolean;
    } = {},
  ): tf.Variable {
    const fullName = `${this.name}/${name}`;
    if (this.ownWeights.some((w) => w.name === fullName)) throw new Error(`${this.label}: weight '${name}' already exists`);
    const init = getInitializer(initializer).apply(shape);
    const variable = tf.variable(init, this._trainable && trainable, variableName(fullName));
    init.dispose();
    this.ownWeights.push({
      name: fullName,
      variable,
      trainable,
      regularizer: regularizer === null ? null : getRegularizer(regularizer),
      constraint: constraint === null ? null : getConstraint(constraint),
    });
    return variable;
  }

  /** Creates the layer's weights for an input shape (batch axis null). Override in layers with weights. */
  build(_inputShape: Shape | Shape[]): void {}

  /** The output shape for an input shape; the default is the identity. */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** The forward pass on concrete tensors. Runs inside `tf.tidy` (through `apply`). */
  abstract call(inputs: Tensors, options: Required<CallOptions>): Tensors;

  /** Builds the layer for `inputShape` if it is not built yet (checks the declared input shape). */
  ensureBuilt(inputShape: Shape | Shape[]): void {
    if (this.built) return;
    const shape = Array.isArray(inputShape[0])
      ? (inputShape as Shape[]).map((s) => [null, ...s.slice(1)])
      : [null, ...(inputShape as Shape).slice(1)];
    this.build(shape as Shape | Shape[]);
    this.builtInputShape = shape as Shape | Shape[];
    this.built = true;
  }

  /** Fails with a clear message when an input does not match the layer's `inputSpec`. */
  protected checkInput(shape: Shape | Shape[]): void {
    const spec = this.inputSpec;
    if (spec === null) return;
    const shapes: Shape[] = Array.isArray(shape[0]) ? (shape as Shape[]) : [shape as Shape];
    for (const s of shapes) {
      if (spec.ndim !== undefined && s.length !== spec.ndim) {
        throw new Error(`${this.label}: expected input of rank ${spec.ndim}, received shape ${shapeText(s)}`);
      }
      if (spec.minNdim !== undefined && s.length < spec.minNdim) {
        throw new Error(`${this.label}: expected input of rank >= ${spec.minNdim}, received shape ${shapeText(s)}`);
      }
      for (const [axisText, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(axisText) < 0 ? s.length + Number(axisText) : Number(axisText);
        const got = s[axis];
        if (got !== null && got !== undefined && got !== size) {
          throw new Error(`${this.label}: expected axis ${axisText} of the input to have size ${size}, received shape ${shapeText(s)}`);
        }
      }
    }
  }

  /**
   * Runs the layer. On tensors: builds it on first use, then returns new tensors (the caller owns
   * them). On symbolic tensors (from `input()`): records the call in the graph and returns symbolic
   * outputs. The result is typed as one tensor; for layers and models with several outputs, name
   * the type: `m.apply<tf.Tensor[]>(x)`.
   *
   * @example
   * ```ts
   * const y = dense({ units: 2 }).apply(tf.ones([5, 3])) as tf.Tensor; // shape [5, 2]
   * ```
   */
  apply<T extends Tensors = tf.Tensor>(inputs: tf.Tensor | tf.Tensor[], options?: CallOptions): NoInfer<T>;
  apply<T extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): NoInfer<T>;
  apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options?: CallOptions): Tensors | SymbolicTensor | SymbolicTensor[];
  apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options: CallOptions = {}): Tensors | SymbolicTensor | SymbolicTensor[] {
    if (isSymbolic(inputs)) return this.applySymbolic(inputs, options);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length === 0 || !list.every((t) => t instanceof tf.Tensor)) {
      throw new Error(`${this.label}: apply expects a tensor, an array of tensors, or symbolic tensors from input(). Received: ${describe(inputs)}`);
    }
    const shape = shapesOf(inputs as Tensors);
    if (!this.built) this.checkInput(shape);
    this.ensureBuilt(shape);
    this.checkInput(shape);
    const training = options.training ?? false;
    const out = tf.tidy(() => this.call(inputs as Tensors, { training }));
    this.lastOutputShape = Array.isArray(out)
      ? out.map((t) => [null, ...t.shape.slice(1)])
      : [null, ...out.shape.slice(1)];
    if (this.activityRegularizer !== null && training) {
      const reg = this.activityRegularizer;
      for (const t of this.activityLosses) t.dispose();
      this.activityLosses = (Array.isArray(out) ? out : [out]).map((t) => tf.keep(reg.apply(t)));
    }
    return out;
  }

  private applySymbolic(inputs: SymbolicTensor | SymbolicTensor[], options: CallOptions): SymbolicTensor | SymbolicTensor[] {
    const shape = shapesOf(inputs);
    if (!this.built) this.checkInput(shape);
    this.ensureBuilt(shape);
    this.checkInput(shape);
    const outShape = this.computeOutputShape(shape);
    this.lastOutputShape = outShape;
    const node: Node = {
      layer: this,
      inputs: Array.isArray(inputs) ? [...inputs] : [inputs],
      outputs: [],
      singleInput: !Array.isArray(inputs),
      callArgs: options.training === undefined ? {} : { training: options.training },
    };
    const multi = Array.isArray(outShape[0]);
    const shapes = multi ? (outShape as Shape[]) : [outShape as Shape];
    node.outputs = shapes.map((s, i) => new SymbolicTensor(s, 'float32', node, i, `${this.name}/out${shapes.length > 1 ? `_${i}` : ''}`));
    this.inboundNodes.push(node);
    return multi ? node.outputs : node.outputs[0]!;
  }

  /** This layer's own weights and those of its sub-layers, in Keras's order (creation order). */
  get weightRecords(): LayerWeight[] {
    const out: LayerWeight[] = [...this.ownWeights];
    const seen = new Set(out.map((w) => w.variable));
    for (const l of this.layers) {
      for (const w of l.weightRecords) {
        if (!seen.has(w.variable)) {
          seen.add(w.variable);
          out.push(w);
        }
      }
    }
    return out;
  }

  /** Every weight variable, in Keras's `get_weights()` order. */
  get weights(): tf.Variable[] {
    return this.weightRecords.map((w) => w.variable);
  }

  /** The variables training updates: empty when the layer (or an enclosing one) is frozen. */
  get trainableWeights(): tf.Variable[] {
    return this.weightRecords.filter((w) => w.variable.trainable).map((w) => w.variable);
  }

  /** Alias of {@link trainableWeights} (the `Trainable` contract's name). */
  get trainableVariables(): tf.Variable[] {
    return this.trainableWeights;
  }

  /** Variables training does not update (moving statistics, frozen weights). */
  get nonTrainableWeights(): tf.Variable[] {
    return this.weightRecords.filter((w) => !w.variable.trainable).map((w) => w.variable);
  }

  /**
   * Copies of the weight values in Keras's order and layout (Dense: kernel `[in, out]`, bias `[out]`).
   * The caller owns (and disposes) the returned tensors.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { dense } from '@sinew/core';
   * const layer = dense({ units: 2, inputShape: [3] });
   * layer.apply(tf.ones([1, 3]));
   * const [kernel, bias] = layer.getWeights(); // copies, [3, 2] and [2]: dispose them when done
   * tf.dispose([kernel!, bias!]);
   * ```
   */
  getWeights(): tf.Tensor[] {
    return this.weightRecords.map((w) => tf.clone(w.variable));
  }

  /**
   * Sets the weight values, in the order and shapes `getWeights()` returns. The tensors are copied;
   * the caller keeps ownership.
   *
   * @throws when the count or a shape differs, naming the weight.
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { dense } from '@sinew/core';
   * const layer = dense({ units: 2, inputShape: [3] });
   * layer.apply(tf.ones([1, 3]));
   * layer.setWeights([tf.ones([3, 2]), tf.zeros([2])]);
   * ```
   */
  setWeights(weights: tf.Tensor[]): void {
    const records = this.weightRecords;
    if (!this.built && records.length === 0) {
      throw new Error(`${this.label}: setWeights called before the layer is built; call it on an input first or give inputShape`);
    }
    const expected = records.map((r) => `${r.name} [${r.variable.shape.join(', ')}]`).join(', ');
    if (weights.length !== records.length) {
      throw new Error(`${this.label}: setWeights expected ${records.length} weight(s) (${expected}), received ${weights.length}`);
    }
    records.forEach((r, i) => {
      const w = weights[i]!;
      if (w.shape.length !== r.variable.shape.length || w.shape.some((d, k) => d !== r.variable.shape[k])) {
        throw new Error(`${this.label}: setWeights: weight ${i} (${r.name}) must have shape [${r.variable.shape.join(', ')}], received [${w.shape.join(', ')}]`);
      }
    });
    records.forEach((r, i) => r.variable.assign(weights[i]!.dtype === 'float32' ? weights[i]! : tf.cast(weights[i]!, 'float32')));
  }

  /** The number of scalar weights (trainable and not). @throws if the layer is not built. */
  countParams(): number {
    if (!this.built && this.weightRecords.length === 0 && this.layers.length === 0) {
      throw new Error(`${this.label}: countParams called before the layer is built; call it on an input first or give inputShape`);
    }
    return this.weightRecords.reduce((n, w) => n + w.variable.size, 0);
  }

  /**
   * Weight penalties plus the activity penalties of the last training forward pass, summed; null
   * when there are none. Call it inside the gradient tape after `apply`.
   */
  regularizationLoss(): tf.Scalar | null {
    const regularized = this.weightRecords.filter((w) => w.regularizer !== null && w.variable.trainable);
    const activity = this.allLayers().flatMap((l) => l.activityLosses);
    if (regularized.length === 0 && activity.length === 0) return null;
    return tf.tidy(() => {
      const terms = [...regularized.map((w) => w.regularizer!.apply(w.variable)), ...activity];
      return terms.length === 1 ? tf.clone(terms[0]!) : (tf.addN(terms) as tf.Scalar);
    });
  }

  private allLayers(): Layer[] {
    const out: Layer[] = [this];
    for (const l of this.layers) for (const m of l.allLayers()) if (!out.includes(m)) out.push(m);
    return out;
  }

  /** Projects constrained trainable weights back onto their constraints; called after each optimizer step. */
  applyConstraints(): void {
    for (const w of this.weightRecords) {
      if (w.constraint !== null && w.variable.trainable) {
        const c = w.constraint;
        tf.tidy(() => w.variable.assign(c.apply(w.variable)));
      }
    }
  }

  /** The JSON arguments that recreate this layer (weights excluded). Subclasses add theirs. */
  getConfig(): Record<string, any> {
    const config: Record<string, any> = { name: this.name, trainable: this.trainable, dtype: 'float32' };
    if (this.batchInputShape !== null) config.batchInputShape = this.batchInputShape;
    if (this.activityRegularizer !== null) config.activityRegularizer = serializeRegularizer(this.activityRegularizer);
    return config;
  }

  /** Recreates a layer from `getConfig()` output. */
  static fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this(config);
  }

  /** Frees the weight variables and stored losses. The layer is unusable afterwards. */
  dispose(): void {
    for (const w of this.ownWeights) if (!w.variable.isDisposed) w.variable.dispose();
    for (const t of this.activityLosses) t.dispose();
    this.activityLosses = [];
    for (const l of this.layers) l.dispose();
  }
}

/** Used by layers whose `call` takes exactly one tensor. @example `const x = singleInput(this, inputs);` */
export function singleInput(layer: Layer, inputs: Tensors): tf.Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new Error(`${layer.className} '${layer.name}': expected one input tensor, received ${inputs.length}`);
    return inputs[0]!;
  }
  return inputs;
}

/** Used by layers whose shape methods take exactly one shape. @example `const s = singleShape(this, inputShape);` */
export function singleShape(layer: Layer, shape: Shape | Shape[]): Shape {
  if (Array.isArray(shape[0])) {
    if (shape.length !== 1) throw new Error(`${layer.className} '${layer.name}': expected one input, received ${shape.length}`);
    return shape[0] as Shape;
  }
  return shape as Shape;
}

function describe(x: unknown): string {
  if (x instanceof tf.Tensor) return `Tensor shape [${x.shape.join(', ')}]`;
  if (Array.isArray(x)) return `[${x.map(describe).join(', ')}]`;
  return typeof x;
}
