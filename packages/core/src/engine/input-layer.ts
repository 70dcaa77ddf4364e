import type * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerArgs, type Tensors } from './layer.js';
import { SymbolicTensor, formatShape, type Node, type Shape } from './symbolic-tensor.js';

/** Arguments of {@link input} / {@link InputLayer}. */
export interface InputArgs {
  /** Shape without the batch axis (`[28, 28, 1]`); `null` entries are unknown. */
  shape?: Shape;
  /** Shape with the batch axis. */
  batchShape?: Shape;
  batchSize?: number;
  name?: string;
  dtype?: 'float32';
}

/**
 * The entry point of a functional graph; it holds the symbolic tensor {@link input} returns.
 *
 * @example
 * ```ts
 * import { InputLayer } from '@sinew/core';
 * const layer = new InputLayer({ shape: [3] });
 * layer.output.shape; // [null, 3]
 * ```
 */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  /** The symbolic tensor that stands for this input. */
  readonly output: SymbolicTensor;

  constructor(args: InputArgs & Pick<LayerArgs, 'batchInputShape' | 'inputShape'> = {}) {
    const batchShape = args.batchShape ?? args.batchInputShape ?? (args.shape ?? args.inputShape ? [args.batchSize ?? null, ...(args.shape ?? args.inputShape)!] : undefined);
    if (batchShape === undefined) throw new Error("InputLayer: give 'shape' (without the batch axis) or 'batchShape'. Received neither");
    super({ name: args.name, batchInputShape: batchShape, dtype: args.dtype });
    const node: Node = { layer: this, inputs: [], outputs: [], singleInput: true, callArgs: {} };
    this.output = new SymbolicTensor([...batchShape], 'float32', node, 0, this.name);
    node.outputs = [this.output];
    this.inboundNodes.push(node);
    this.built = true;
    this.builtInputShape = [...batchShape];
    this.lastOutputShape = [...batchShape];
  }

  call(inputs: Tensors): Tensors {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const expected = this.batchInputShape!;
    if (x.rank !== expected.length || expected.some((d, i) => d !== null && d !== x.shape[i])) {
      throw new Error(`InputLayer '${this.name}': expected input of shape ${formatShape(expected)}, received shape [${x.shape.join(', ')}]`);
    }
    return x.clone() as tf.Tensor;
  }

  override getConfig(): Record<string, any> {
    return { name: this.name, batchInputShape: this.batchInputShape, dtype: 'float32' };
  }

  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this({ name: config.name, batchShape: config.batchInputShape ?? config.batchShape });
  }
}

/**
 * A symbolic input for the functional API: call layers on it, then pass it to `model({ inputs, outputs })`.
 *
 * @returns a {@link SymbolicTensor} of shape `[null, ...shape]`.
 * @example
 * ```ts
 * import { input, dense, model } from '@sinew/core';
 * const x = input({ shape: [784] });
 * const y = dense({ units: 10, activation: 'softmax' }).apply(x);
 * const m = model({ inputs: x, outputs: y });
 * ```
 */
export function input(args: InputArgs): SymbolicTensor {
  return new InputLayer(args).output;
}

/** Factory of {@link InputLayer}. @example `inputLayer({ shape: [3] })` */
export function inputLayer(args: InputArgs): InputLayer {
  return new InputLayer(args);
}
