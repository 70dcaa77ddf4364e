import * as tf from '@tensorflow/tfjs-core';
import {
  compileModel,
  evaluateModel,
  fitModel,
  predictModel,
  trainOnBatchModel,
  type CompileArgs,
  type CompiledModel,
  type FitTarget,
} from '../training/index.js';
import { InputLayer } from './input-layer.js';
import { Layer, type CallOptions, type LayerArgs, type Tensors } from './layer.js';
import { formatSummary, type SummaryRow } from './summary.js';
import { SymbolicTensor, formatShape, type Node, type Shape } from './symbolic-tensor.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { SaveDestination, SaveOptions, SaveResult } from '../io/handlers.js';

/** Arguments of a functional {@link Model}. */
export interface ModelArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
  name?: string;
  trainable?: boolean;
}

type FitX = Parameters<typeof fitModel>[2];
type FitY = Parameters<typeof fitModel>[3];

/**
 * A model: layers composed into a differentiable function, with Keras's `compile`, `fit`, `evaluate`,
 * `predict`, `summary` and `save`.
 *
 * Three ways to make one: `sequential({ layers })`; the functional API, `model({ inputs, outputs })`
 * over a graph of layer calls on `input()` (residual connections, shared layers, several inputs and
 * outputs); or a subclass that assigns layers to fields and overrides `call`.
 *
 * A model is also a plain function: `model.apply(x)` works inside `tf.grad` / `tf.variableGrads`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { input, dense, add, model } from '@sinew/core';
 * const x = input({ shape: [8] });
 * const h = dense({ units: 8, activation: 'relu' }).apply(x);
 * const y = dense({ units: 1 }).apply(add().apply([x, h]));
 * const m = model({ inputs: x, outputs: y });
 * const out = m.apply(tf.ones([2, 8])) as tf.Tensor; // [2, 1]
 * ```
 */
export class Model extends Layer implements FitTarget {
  static override readonly className: string = 'Functional';
  /** The compiled loss, optimizer and metrics, after `compile`. */
  compiled: CompiledModel | null = null;
  /** Set by callbacks to end `fit` after the current batch. */
  stopTraining = false;
  /** The optimizer (with its state) stored in the file this model was loaded from, if any. */
  restoredOptimizer: Optimizer | null = null;
  /** Format version, Sinew version, date and user metadata of the file this model was loaded from. */
  fileMetadata: { formatVersion: number; sinewVersion: string; createdAt: string; userMetadata: Record<string, unknown> } | null = null;
  /** The graph's symbolic inputs and outputs (empty for Sequential and subclassed models). */
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  private readonly singleOutput: boolean;
  private readonly singleInputGraph: boolean;
  private readonly nodes: Node[];
  private readonly graphLayers: Layer[] | null;

  constructor(args?: ModelArgs | (LayerArgs & { inputs?: undefined })) {
    super({ name: args?.name, trainable: args?.trainable });
    if (args === undefined || args.inputs === undefined) {
      this.inputs = [];
      this.outputs = [];
      this.singleOutput = true;
      this.singleInputGraph = true;
      this.nodes = [];
      this.graphLayers = null;
      return;
    }
    const a = args as ModelArgs;
    this.inputs = Array.isArray(a.inputs) ? [...a.inputs] : [a.inputs];
    this.outputs = Array.isArray(a.outputs) ? [...a.outputs] : [a.outputs];
    this.singleInputGraph = !Array.isArray(a.inputs);
    this.singleOutput = !Array.isArray(a.outputs);
    for (const t of [...this.inputs, ...this.outputs]) {
      if (!(t instanceof SymbolicTensor)) throw new Error(`Model '${this.name}': inputs and outputs must be symbolic tensors from input() and layer calls`);
    }
    for (const t of this.inputs) {
      if (!(t.sourceLayer instanceof InputLayer)) {
        throw new Error(`Model '${this.name}': every input must come from input(); '${t.name}' comes from ${t.sourceLayer.className} '${t.sourceLayer.name}'`);
      }
    }
    this.nodes = this.topologicalNodes();
    const layers: Layer[] = [];
    for (const n of this.nodes) if (!layers.includes(n.layer)) layers.push(n.layer);
    this.graphLayers = layers;
    this.built = true;
    this.builtInputShape = this.singleInputGraph ? this.inputs[0]!.shape : this.inputs.map((t) => t.shape);
    this.lastOutputShape = this.singleOutput ? this.outputs[0]!.shape : this.outputs.map((t) => t.shape);
  }

  private topologicalNodes(): Node[] {
    const order: Node[] = [];
    const done = new Set<Node>();
    const active = new Set<Node>();
    const inputIds = new Set(this.inputs.map((t) => t.id));
    const visit = (t: SymbolicTensor): void => {
      const node = t.node;
      if (done.has(node)) return;
      if (active.has(node)) throw new Error(`Model '${this.name}': the graph has a cycle at layer '${node.layer.name}'`);
      if (node.inputs.length === 0 && !inputIds.has(t.id)) {
        throw new Error(`Model '${this.name}': the outputs depend on input '${t.name}', which is not in inputs`);
      }
      active.add(node);
      for (const i of node.inputs) visit(i);
      active.delete(node);
      done.add(node);
      order.push(node);
    };
    for (const t of this.inputs) visit(t);
    for (const t of this.outputs) visit(t);
    return order;
  }

  /** Whether this model was built with the functional API. */
  get isFunctional(): boolean {
    return this.graphLayers !== null;
  }

  /**
   * The layers of the model: graph order for functional models, insertion order for Sequential,
   * and for subclassed models the layers held in the model's own fields (in declaration order).
   */
  override get layers(): Layer[] {
    if (this.graphLayers !== null) return [...this.graphLayers];
    const found: Layer[] = [...super.layers];
    for (const value of Object.values(this)) {
      const candidates: unknown[] = Array.isArray(value) ? value : [value];
      for (const c of candidates) if (c instanceof Layer && c !== this && !found.includes(c)) found.push(c);
    }
    return found;
  }

  /** The layer with this name. @throws listing the names when there is none. */
  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (l === undefined) throw new Error(`Model '${this.name}': no layer named '${name}'. Layers: ${this.layers.map((x) => x.name).join(', ')}`);
    return l;
  }

  /** Runs the graph (functional models); subclassed models override this. */
  call(inputs: Tensors, { training }: Required<CallOptions>): Tensors {
    if (this.graphLayers === null) {
      throw new Error(`${this.label}: a subclassed Model must override call(inputs, { training })`);
    }
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length !== this.inputs.length) {
      throw new Error(`Model '${this.name}': expected ${this.inputs.length} input tensor(s), received ${list.length}`);
    }
    const values = new Map<number, tf.Tensor>();
    this.inputs.forEach((sym, i) => {
      const x = list[i]!;
      if (x.rank !== sym.shape.length || sym.shape.some((d, k) => d !== null && d !== x.shape[k])) {
        throw new Error(`Model '${this.name}': input ${i} ('${sym.name}') must have shape ${formatShape(sym.shape)}, received [${x.shape.join(', ')}]`);
      }
      values.set(sym.id, x);
    });
    for (const node of this.nodes) {
      if (node.inputs.length === 0) continue;
      const ins = node.inputs.map((s) => values.get(s.id)!);
      const out = node.layer.apply(node.singleInput ? ins[0]! : ins, { training: node.callArgs.training ?? training }) as Tensors;
      const outs: tf.Tensor[] = Array.isArray(out) ? out : [out];
      node.outputs.forEach((s, i) => values.set(s.id, outs[i]!));
    }
    const outs = this.outputs.map((s) => values.get(s.id)!);
    return this.singleOutput ? outs[0]! : outs;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (this.graphLayers === null) {
      throw new Error(`${this.label}: a subclassed Model must override computeOutputShape to be used in a functional graph or summary`);
    }
    const shapes = Array.isArray(inputShape[0]) ? (inputShape as Shape[]) : [inputShape as Shape];
    const known = new Map<number, Shape>();
    this.inputs.forEach((s, i) => known.set(s.id, shapes[i] ?? s.shape));
    for (const node of this.nodes) {
      if (node.inputs.length === 0) continue;
      const ins = node.inputs.map((s) => known.get(s.id)!);
      const out = node.layer.computeOutputShape(node.singleInput ? ins[0]! : ins);
      const outs = Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
      node.outputs.forEach((s, i) => known.set(s.id, outs[i]!));
    }
    const outs = this.outputs.map((s) => known.get(s.id)!);
    return this.singleOutput ? outs[0]! : outs;
  }

  /** Graph nodes in execution order (used by serialization). */
  get graphNodes(): readonly Node[] {
    return this.nodes;
  }

  /**
   * Prints (and returns) a Keras-style table of layers, output shapes and parameter counts.
   *
   * @param printFn - where lines go (default `console.log`).
   * @example
   * ```ts
   * sequential({ layers: [dense({ units: 4, inputShape: [3] })] }).summary();
   * ```
   */
  summary(printFn: (text: string) => void = console.log): string {
    const rows: SummaryRow[] = [];
    if (this.graphLayers !== null) {
      for (const node of this.nodes) {
        rows.push({ layer: node.layer, connectedTo: node.inputs.map((s) => `${s.sourceLayer.name}[${s.sourceLayer.inboundNodes.indexOf(s.node)}][${s.outputIndex}]`) });
      }
    } else {
      for (const l of this.layers) rows.push({ layer: l });
    }
    const trainable = this.trainableWeights.reduce((n, v) => n + v.size, 0);
    const nonTrainable = this.nonTrainableWeights.reduce((n, v) => n + v.size, 0);
    const text = formatSummary(this.name, rows, { trainable, nonTrainable }, this.graphLayers !== null);
    printFn(text);
    return text;
  }

  private requireCompiled(method: string): CompiledModel {
    if (this.compiled === null) throw new Error(`Model '${this.name}': call compile({ optimizer, loss }) before ${method}()`);
    return this.compiled;
  }

  /**
   * Sets the optimizer, loss(es) and metrics for `fit` / `evaluate` / `trainOnBatch`.
   *
   * @example
   * ```ts
   * import { dense, sequential } from '@sinew/core';
   * const m = sequential({ layers: [dense({ units: 3, activation: 'softmax', inputShape: [4] })] });
   * m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
   * ```
   */
  compile(args: CompileArgs): void {
    const previous = this.ownedOptimizer();
    this.compiled = compileModel(args, this.outputNames);
    // An optimizer the model made from a name (or restored from its file) is the model's to free;
    // one the caller passed in stays the caller's.
    this.ownsOptimizer = typeof args.optimizer === 'string' || args.optimizer === this.restoredOptimizer;
    if (previous !== null && previous !== this.compiled.optimizer && previous !== this.restoredOptimizer) previous.dispose();
  }

  private ownsOptimizer = false;

  /**
   * Names of the outputs of a functional model (the layers that produce them, as Keras names them),
   * which keys of record-form `loss`, `metrics` and the `${name}_loss` logs refer to.
   */
  get outputNames(): string[] | undefined {
    return this.outputs.length > 0 ? this.outputs.map((t) => t.sourceLayer.name) : undefined;
  }

  private ownedOptimizer(): Optimizer | null {
    return this.ownsOptimizer && this.compiled !== null ? this.compiled.optimizer : null;
  }

  /**
   * Trains the model (Keras's `fit`: epochs, batchSize, shuffle, validation, class and sample
   * weights, callbacks, progress display).
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { dense, sequential } from '@sinew/core';
   * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
   * m.compile({ optimizer: 'sgd', loss: 'mse' });
   * const xs = tf.randomNormal([64, 2]);
   * const ys = tf.sum(xs, 1, true);
   * const history = await m.fit(xs, ys, { epochs: 10, batchSize: 32, verbose: 0 });
   * const dataset = { async *[Symbol.asyncIterator]() { yield { xs: tf.ones([4, 2]), ys: tf.ones([4, 1]) }; } };
   * await m.fit(dataset, undefined, { epochs: 3, verbose: 0 }); // an async iterable of { xs, ys } batches
   * ```
   */
  fit(x: FitX, y?: FitY, args: Parameters<typeof fitModel>[4] = {}): ReturnType<typeof fitModel> {
    return fitModel(this, this.requireCompiled('fit'), x, y, args);
  }

  /** Loss and metrics on data, batched. @example `const { loss } = await m.evaluate(xs, ys)` */
  evaluate(x: Parameters<typeof evaluateModel>[2], y?: Parameters<typeof evaluateModel>[3], args: Parameters<typeof evaluateModel>[4] = {}): ReturnType<typeof evaluateModel> {
    return evaluateModel(this, this.requireCompiled('evaluate'), x, y, args);
  }

  /** Outputs for inputs, in batches (inference mode). @example `const probs = m.predict(xs) as tf.Tensor` */
  predict(x: Parameters<typeof predictModel>[1], args: Parameters<typeof predictModel>[2] = {}): ReturnType<typeof predictModel> {
    return predictModel(this, x, args);
  }

  /** One optimizer step on one batch. @example `await m.trainOnBatch(xb, yb)` */
  trainOnBatch(
    x: Parameters<typeof trainOnBatchModel>[2],
    y: Parameters<typeof trainOnBatchModel>[3],
    options: Parameters<typeof trainOnBatchModel>[4] = {},
  ): ReturnType<typeof trainOnBatchModel> {
    return trainOnBatchModel(this, this.requireCompiled('trainOnBatch'), x, y, options);
  }

  /**
   * Saves topology, weights, optimizer state and metadata in Sinew's single-file format.
   * Destinations: a path or 'file://path' in Node (atomic), 'indexeddb://name' and
   * 'downloads://name' in browsers, or a `{ save(bytes) }` handler anywhere.
   *
   * @example
   * ```ts
   * import { dense, sequential } from '@sinew/core';
   * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
   * const { bytes } = await m.save('memory://'); // or 'file://./model.sinew' in Node, 'indexeddb://name' in browsers
   * bytes!.length > 0; // true
   * ```
   */
  async save(destination: SaveDestination, options: SaveOptions = {}): Promise<SaveResult> {
    // Loaded on demand: io imports the layer registry, which imports this module.
    const { saveModel } = await import('../io/save-model.js');
    return saveModel(this, destination, options);
  }

  override getConfig(): Record<string, any> {
    if (this.graphLayers === null) {
      throw new Error(`${this.label}: subclassed models cannot be serialized as topology; save the weights, or register the class and override getConfig/fromConfig`);
    }
    return { name: this.name, trainable: this.trainable };
  }

  /** Frees the weights, and the optimizer state the model owns (made from a name in `compile`, or loaded). */
  override dispose(): void {
    const owned = this.ownedOptimizer();
    owned?.dispose();
    if (this.restoredOptimizer !== null && this.restoredOptimizer !== owned) this.restoredOptimizer.dispose();
    this.restoredOptimizer = null;
    this.compiled = null;
    super.dispose();
  }
}

/**
 * Builds a functional {@link Model} from symbolic inputs and outputs.
 *
 * @example
 * ```ts
 * const a = input({ shape: [4] });
 * const b = input({ shape: [4] });
 * const m = model({ inputs: [a, b], outputs: concatenate().apply([a, b]) });
 * ```
 */
export function model(args: ModelArgs): Model {
  return new Model(args);
}
