import * as tf from '@tensorflow/tfjs-core';
import { Layer, type CallOptions, type LayerArgs, type LayerJSON, type Shape, type SymbolicTensor, type Tensors } from '@sinew/core';
import { BaseRNN, type RNNCallOptions } from './base-rnn.js';
import { attachMask, maskOf } from './mask.js';
import { findLayerClass } from './layer-classes.js';

/** How {@link Bidirectional} combines the two directions. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

/** Arguments of {@link Bidirectional}. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions (its configuration is copied; it is not used itself). */
  layer: BaseRNN | LayerJSON;
  /** Default 'concat'; null returns `[forward, backward]`. */
  mergeMode?: MergeMode;
}

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two
 * outputs (Schuster & Paliwal 1997). With `returnSequences`, the backward outputs are put back in
 * time order before merging, so step t sees the past through one direction and the future through
 * the other. Weights: the forward layer's, then the backward layer's (Keras's and tfjs's order).
 *
 * Input `[batch, steps, features]` → `[batch, 2·units]` (concat) or `[batch, units]`; with
 * `returnState`, `[output, ...forwardStates, ...backwardStates]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { bidirectional, lstm } from '@sinew/rnn';
 * const y = bidirectional({ layer: lstm({ units: 4 }) }).apply(tf.ones([2, 5, 3])); // [2, 8]
 * ```
 */
export class Bidirectional extends Layer {
  static override readonly className = 'Bidirectional';
  readonly forwardLayer: BaseRNN;
  readonly backwardLayer: BaseRNN;
  readonly mergeMode: MergeMode;
  private pendingMask: RNNCallOptions['mask'] = undefined;

  constructor(args: BidirectionalArgs) {
    super(args);
    const json: LayerJSON = args?.layer instanceof Layer ? { className: args.layer.className, config: args.layer.getConfig() } : args?.layer;
    if (json === undefined || typeof json.className !== 'string') throw new Error('Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU) or its {className, config}');
    const cls = findLayerClass(json.className) as unknown as { fromConfig(c: Record<string, any>): Layer };
    const base = String(json.config.name ?? json.className.toLowerCase());
    const make = (dir: 'forward' | 'backward'): BaseRNN => {
      const l = cls.fromConfig({ ...json.config, name: `${this.name}_${dir}_${base}`, goBackwards: dir === 'backward' ? !json.config.goBackwards : !!json.config.goBackwards });
      if (!(l instanceof BaseRNN)) throw new Error(`Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU), received ${json.className}`);
      return l;
    };
    this.forwardLayer = this.trackLayer(make('forward'));
    this.backwardLayer = this.trackLayer(make('backward'));
    if (this.forwardLayer.stateful) throw new Error(`${this.label}: stateful layers are not supported inside Bidirectional`);
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (mode !== null && !['concat', 'sum', 'mul', 'ave'].includes(mode)) {
      throw new Error(`${this.label}: mergeMode must be 'concat', 'sum', 'mul', 'ave' or null. Received: mergeMode=${String(mode)}`);
    }
    this.mergeMode = mode;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.forwardLayer.ensureBuilt(inputShape);
    this.backwardLayer.ensureBuilt(inputShape);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const f = this.forwardLayer.computeOutputShape(inputShape);
    const fl = (this.forwardLayer.returnState ? f : [f]) as Shape[];
    const out = [...fl[0]!];
    if (this.mergeMode === 'concat') out[out.length - 1] = (out[out.length - 1] as number) * 2;
    const outs: Shape[] = this.mergeMode === null ? [out, [...out]] : [out];
    if (!this.forwardLayer.returnState) return outs.length === 1 ? outs[0]! : outs;
    return [...outs, ...fl.slice(1), ...fl.slice(1)];
  }

  /**
   * Runs both directions; accepts `mask` like the recurrent layers.
   *
   * @example
   * ```ts
   * import * as tf from '@tensorflow/tfjs-core';
   * import { bidirectional, gru } from '@sinew/rnn';
   * const layer = bidirectional({ layer: gru({ units: 2 }) });
   * const y = layer.apply(tf.ones([1, 3, 4]), { mask: tf.tensor2d([[1, 1, 0]]) }); // [1, 4]
   * ```
   */
  override apply<T extends Tensors = tf.Tensor>(inputs: tf.Tensor | tf.Tensor[], options?: RNNCallOptions): NoInfer<T>;
  override apply<T extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): NoInfer<T>;
  override apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options?: RNNCallOptions): Tensors | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: Tensors | SymbolicTensor | SymbolicTensor[], options: RNNCallOptions = {}): Tensors | SymbolicTensor | SymbolicTensor[] {
    this.pendingMask = options.mask;
    try {
      return super.apply(inputs, { training: options.training });
    } finally {
      this.pendingMask = undefined;
    }
  }

  call(inputs: Tensors, { training }: Required<CallOptions>): Tensors {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const mask = this.pendingMask ?? maskOf(x);
    const fw = this.forwardLayer.apply<Tensors>(x, { training, mask });
    const bw = this.backwardLayer.apply<Tensors>(x, { training, mask });
    const fl = Array.isArray(fw) ? fw : [fw];
    const bl = Array.isArray(bw) ? bw : [bw];
    let yf = fl[0]!;
    let yb = bl[0]!;
    if (this.forwardLayer.returnSequences) yb = tf.reverse(yb, 1);
    let outs: tf.Tensor[];
    switch (this.mergeMode) {
      case 'concat': outs = [tf.concat([yf, yb], -1)]; break;
      case 'sum': outs = [tf.add(yf, yb)]; break;
      case 'mul': outs = [tf.mul(yf, yb)]; break;
      case 'ave': outs = [tf.mul(tf.add(yf, yb), 0.5)]; break;
      default: outs = [yf, yb];
    }
    const m = maskOf(yf);
    if (m !== null) for (const o of outs) attachMask(o, m);
    yf = outs[0]!;
    if (!this.forwardLayer.returnState) return outs.length === 1 ? yf : outs;
    return [...outs, ...fl.slice(1), ...bl.slice(1)];
  }

  override getConfig(): Record<string, any> {
    const inner = this.forwardLayer.getConfig();
    const base = String(inner.name).replace(`${this.name}_forward_`, '');
    return {
      ...super.getConfig(),
      layer: { className: this.forwardLayer.className, config: { ...inner, name: base } },
      mergeMode: this.mergeMode,
    };
  }
}

/** Creates a {@link Bidirectional} wrapper. @example `bidirectional({ layer: gru({ units: 16 }), mergeMode: 'sum' })` */
export function bidirectional(args: BidirectionalArgs): Bidirectional {
  return new Bidirectional(args);
}
