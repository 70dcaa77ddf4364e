import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, singleShape, type CallOptions, type LayerArgs, type LayerJSON, type Shape, type Tensors } from '@sinew/core';
import { attachMask, maskOf } from './mask.js';
import { findLayerClass } from './layer-classes.js';

/** Arguments of {@link TimeDistributed}. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied to every time step (used itself: its weights are shared across steps). */
  layer: Layer | LayerJSON;
}

/**
 * Applies one layer to every time step independently, with shared weights: the steps are folded
 * into the batch axis, so it costs one call of the inner layer, not one per step.
 *
 * Input `[batch, steps, ...]` → `[batch, steps, ...innerOutput]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense } from '@sinew/core';
 * import { timeDistributed } from '@sinew/rnn';
 * const y = timeDistributed({ layer: dense({ units: 3 }) }).apply(tf.ones([2, 5, 4])); // [2, 5, 3]
 * ```
 */
export class TimeDistributed extends Layer {
  static override readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    const l = args?.layer;
    if (l instanceof Layer) this.layer = l;
    else if (l !== undefined && typeof l.className === 'string') this.layer = findLayerClass(l.className).fromConfig(l.config);
    else throw new Error('TimeDistributed: layer must be a Layer or its {className, config}');
    this.trackLayer(this.layer);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = singleShape(this, inputShape);
    if (s.length < 3) throw new Error(`${this.label}: expected input of rank >= 3 [batch, steps, ...], received shape [${s.map(String).join(', ')}]`);
    this.layer.ensureBuilt([null, ...s.slice(2)]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    const inner = singleShape(this, this.layer.computeOutputShape([null, ...s.slice(2)]));
    return [s[0] ?? null, s[1] ?? null, ...inner.slice(1)];
  }

  call(inputs: Tensors, { training }: Required<CallOptions>): tf.Tensor {
    const x = singleInput(this, inputs);
    if (x.rank < 3) throw new Error(`${this.label}: expected input of rank >= 3 [batch, steps, ...], received shape [${x.shape.join(', ')}]`);
    const [b, t] = x.shape as [number, number];
    const y = this.layer.apply(tf.reshape(x, [b * t, ...x.shape.slice(2)]), { training });
    const out = tf.reshape(y, [b, t, ...y.shape.slice(1)]);
    const m = maskOf(x);
    return m === null ? out : attachMask(out, m);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }
}

/** Creates a {@link TimeDistributed} wrapper. @example `timeDistributed({ layer: dense({ units: 10, activation: 'softmax' }) })` */
export function timeDistributed(args: TimeDistributedArgs): TimeDistributed {
  return new TimeDistributed(args);
}
