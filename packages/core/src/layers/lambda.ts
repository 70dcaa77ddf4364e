import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerArgs, type Tensors } from '../engine/layer.js';
import type { Shape } from '../engine/symbolic-tensor.js';

/** The function a {@link Lambda} layer runs. */
export type LambdaFn = (inputs: Tensors, options: { training: boolean }) => Tensors;

const registry = new Map<string, LambdaFn>();

/**
 * Registers a function under a name so that models using it in a `lambda` layer can be saved and
 * loaded: the file stores the name, never code, and loading looks the name up here.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerLambda, lambda } from '@sinew/core';
 * registerLambda('double', (x) => tf.mul(x as tf.Tensor, 2));
 * const layer = lambda({ fn: 'double' });
 * ```
 */
export function registerLambda(name: string, fn: LambdaFn): void {
  if (typeof name !== 'string' || name.length === 0) throw new Error('registerLambda: name must be a non-empty string');
  if (typeof fn !== 'function') throw new Error(`registerLambda: fn for '${name}' must be a function`);
  registry.set(name, fn);
}

/** Arguments of {@link Lambda}. */
export interface LambdaArgs extends LayerArgs {
  /** The function, or the name it was registered under with {@link registerLambda}. */
  fn: LambdaFn | string;
  /** Output shape without the batch axis; inferred by a trial run on zeros when omitted. */
  outputShape?: Shape;
}

/**
 * Wraps a stateless tensor function as a layer. A model with a lambda can be saved only when the
 * function is registered by name ({@link registerLambda}); loading never evaluates code.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { lambda } from '@sinew/core';
 * const square = lambda({ fn: (x) => tf.square(x as tf.Tensor) });
 * ```
 */
export class Lambda extends Layer {
  static override readonly className = 'Lambda';
  readonly fn: LambdaFn;
  readonly fnName: string | null;
  readonly outputShape: Shape | null;
  constructor(args: LambdaArgs) {
    super(args);
    const f = args?.fn;
    if (typeof f === 'string') {
      const found = registry.get(f);
      if (found === undefined) {
        throw new Error(`Lambda: no function registered as '${f}'; call registerLambda('${f}', fn) before creating or loading the layer. Registered: ${[...registry.keys()].join(', ') || '(none)'}`);
      }
      this.fn = found;
      this.fnName = f;
    } else if (typeof f === 'function') {
      this.fn = f;
      this.fnName = [...registry.entries()].find(([, v]) => v === f)?.[0] ?? null;
    } else {
      throw new Error(`Lambda: fn must be a function or a registered name. Received: fn=${typeof f}`);
    }
    this.outputShape = args.outputShape ?? null;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const first = (Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape))[0] ?? null;
    if (this.outputShape !== null) return [first, ...this.outputShape];
    const multi = Array.isArray(inputShape[0]);
    const shapes = multi ? (inputShape as Shape[]) : [inputShape as Shape];
    const outShapes = tf.tidy(() => {
      const zeros = shapes.map((s) => tf.zeros(s.map((d) => d ?? 1)));
      const out = this.fn(multi ? zeros : zeros[0]!, { training: false });
      return (Array.isArray(out) ? out : [out]).map((t) => t.shape);
    });
    const withBatch = outShapes.map((s) => [first, ...s.slice(1)] as Shape);
    return withBatch.length === 1 ? withBatch[0]! : withBatch;
  }
  call(inputs: Tensors, options: { training: boolean }): Tensors {
    return this.fn(inputs, options);
  }
  override getConfig(): Record<string, any> {
    if (this.fnName === null) {
      throw new Error(`${this.label}: its function is not registered, so the layer cannot be saved; call registerLambda(name, fn) and pass fn: name`);
    }
    return { ...super.getConfig(), fn: this.fnName, outputShape: this.outputShape };
  }
  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this({ ...config, outputShape: config.outputShape ?? undefined });
  }
}

/** Creates a {@link Lambda}. @example `lambda({ fn: (x) => tf.abs(x as tf.Tensor) })` */
export const lambda = (args: LambdaArgs): Lambda => new Lambda(args);
