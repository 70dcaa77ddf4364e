import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, type LayerArgs, type Tensors } from '@sinew/core';
import { attachMask } from './mask.js';

/** Arguments of {@link Masking}. */
export interface MaskingArgs extends LayerArgs {
  /** Steps whose features all equal this value are padding (default 0). */
  maskValue?: number;
}

/**
 * Marks padded time steps: a step whose features all equal `maskValue` is zeroed and masked, so the
 * recurrent layers after it skip it (state and output carried over).
 *
 * Input and output `[batch, steps, features]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { masking, lstm } from '@sinew/rnn';
 * const x = tf.tensor3d([[[1, 2], [0, 0]]]); // second step is padding
 * const h = lstm({ units: 3 }).apply(masking().apply(x));
 * ```
 */
export class Masking extends Layer {
  static override readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    this.maskValue = args.maskValue ?? 0;
  }

  call(inputs: Tensors): tf.Tensor {
    const x = singleInput(this, inputs);
    if (x.rank !== 3) throw new Error(`${this.label}: expected input of rank 3 [batch, steps, features], received shape [${x.shape.join(', ')}]`);
    const keep = tf.any(tf.notEqual(x, this.maskValue), -1);
    const keepData = keep.dataSync();
    const out = tf.mul(x, tf.expandDims(tf.cast(keep, x.dtype), -1));
    return attachMask(out, { data: Uint8Array.from(keepData), shape: [x.shape[0]!, x.shape[1]!] });
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}

/** Creates a {@link Masking} layer. @example `masking({ maskValue: -1 })` */
export function masking(args: MaskingArgs = {}): Masking {
  return new Masking(args);
}
