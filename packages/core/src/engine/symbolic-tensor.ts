import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from './layer.js';

/** A shape whose `null` entries are unknown until data arrives (the batch axis, usually). */
export type Shape = (number | null)[];

/** One call of a layer on symbolic tensors: the edge list of the functional graph. */
export interface Node {
  readonly layer: Layer;
  readonly inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** Whether the layer was called on one tensor (not a one-element array). */
  readonly singleInput: boolean;
  /** Keyword arguments of the call that are not tensors (e.g. `training` pinned by the user). */
  readonly callArgs: { training?: boolean };
}

let nextId = 0;

/**
 * A placeholder for a tensor in a functional graph: it has a shape (with `null` for unknown sizes)
 * and remembers the layer call that produced it. `input()` creates the first ones; calling a layer
 * on symbolic tensors returns new ones; `model({ inputs, outputs })` turns the graph into a Model.
 *
 * @example
 * ```ts
 * import { input, dense } from '@sinew/core';
 * const x = input({ shape: [4] });      // SymbolicTensor, shape [null, 4]
 * const h = dense({ units: 8 }).apply(x); // SymbolicTensor, shape [null, 8]
 * ```
 */
export class SymbolicTensor {
  readonly id = nextId++;
  constructor(
    readonly shape: Shape,
    readonly dtype: tf.DataType,
    readonly node: Node,
    readonly outputIndex: number,
    readonly name: string,
  ) {}
  /** The layer whose call produced this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }
  get rank(): number {
    return this.shape.length;
  }
  toString(): string {
    return `SymbolicTensor(name=${this.name}, shape=${formatShape(this.shape)})`;
  }
}

/** Formats a shape the way Keras prints it: `(None, 4)`. @example `formatShape([null, 4]) // '(None, 4)'` */
export function formatShape(shape: Shape): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Whether `x` is a symbolic tensor or a list of them. @example `isSymbolic(input({ shape: [2] })) // true` */
export function isSymbolic(x: unknown): x is SymbolicTensor | SymbolicTensor[] {
  if (x instanceof SymbolicTensor) return true;
  return Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof SymbolicTensor);
}

/** Formats a shape for error messages: `[null, 28, 28]`. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
