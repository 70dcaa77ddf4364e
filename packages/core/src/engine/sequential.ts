import type * as tf from '@tensorflow/tfjs-core';
import { Layer, type CallOptions, type LayerArgs, type Tensors } from './layer.js';
import { Model } from './model.js';
import type { Shape } from './symbolic-tensor.js';

/** Arguments of {@link Sequential}. */
export interface SequentialArgs extends Pick<LayerArgs, 'name' | 'trainable'> {
  layers?: Layer[];
}

/**
 * A linear stack of layers. It builds as soon as its first layer declares `inputShape`, else on
 * the first call.
 *
 * @example
 * ```ts
 * import { sequential, dense } from '@sinew/core';
 * const m = sequential({
 *   layers: [dense({ units: 16, activation: 'relu', inputShape: [4] }), dense({ units: 3, activation: 'softmax' })],
 * });
 * m.summary();
 * ```
 */
export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  private readonly stack: Layer[] = [];

  constructor(args: SequentialArgs = {}) {
    super({ name: args.name ?? undefined, trainable: args.trainable });
    for (const l of args.layers ?? []) this.add(l);
  }

  override get layers(): Layer[] {
    return [...this.stack];
  }

  /**
   * Appends a layer (building it at once when the model's input shape is known).
   *
   * @example
   * ```ts
   * import { dense, sequential } from '@sinew/core';
   * const m = sequential({ layers: [dense({ units: 4, inputShape: [2] })] });
   * m.add(dense({ units: 1 }));
   * ```
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new Error(`Sequential '${this.name}': add() expects a Layer. Received: ${typeof layer}`);
    if (this.stack.includes(layer)) throw new Error(`Sequential '${this.name}': layer '${layer.name}' was already added`);
    if (this.stack.some((l) => l.name === layer.name)) throw new Error(`Sequential '${this.name}': another layer is already named '${layer.name}'`);
    this.stack.push(layer);
    if (this.stack.length === 1 && layer.batchInputShape !== null) {
      this.buildFromShape(layer.batchInputShape);
    } else if (this.built && this.lastOutputShape !== null) {
      const s = this.lastOutputShape as Shape;
      layer.ensureBuilt(s);
      this.lastOutputShape = layer.computeOutputShape(s);
      layer.lastOutputShape = this.lastOutputShape;
    }
  }

  /** Removes and returns the last layer. @example `m.pop()` */
  pop(): Layer {
    const l = this.stack.pop();
    if (l === undefined) throw new Error(`Sequential '${this.name}': pop() on a model with no layers`);
    if (this.stack.length === 0) this.built = false;
    else this.lastOutputShape = this.stack[this.stack.length - 1]!.lastOutputShape;
    return l;
  }

  private buildFromShape(batchShape: Shape): void {
    let shape: Shape | Shape[] = [null, ...batchShape.slice(1)];
    this.builtInputShape = shape;
    for (const l of this.stack) {
      l.ensureBuilt(shape);
      shape = l.computeOutputShape(shape);
      l.lastOutputShape = shape;
    }
    this.lastOutputShape = shape;
    this.built = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.buildFromShape(inputShape as Shape);
  }

  /** Builds the model for an input shape (batch axis included, may be null). @example `m.buildWith([null, 4])` */
  buildWith(batchShape: Shape): void {
    this.buildFromShape(batchShape);
  }

  override call(inputs: Tensors, { training }: Required<CallOptions>): Tensors {
    if (this.stack.length === 0) throw new Error(`Sequential '${this.name}': the model has no layers`);
    let x: Tensors = inputs;
    for (const l of this.stack) x = l.apply(x as tf.Tensor, { training });
    return x;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    let s = inputShape;
    for (const l of this.stack) s = l.computeOutputShape(s);
    return s;
  }

  override getConfig(): Record<string, any> {
    return { name: this.name, trainable: this.trainable };
  }
}

/**
 * Creates a {@link Sequential} model.
 *
 * @example
 * ```ts
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * ```
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
