import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, type LayerArgs, type Tensors } from '@sinew/core';
import { checkDataFormat, type DataFormat } from '../layers/conv-utils.js';

/** The arguments every augmentation layer takes. */
export interface AugmentationArgs extends LayerArgs {
  /** 'channelsLast' (default, `[batch, h, w, channels]`) or 'channelsFirst' (`[batch, channels, h, w]`), converted in and out. */
  dataFormat?: DataFormat;
}

/**
 * The base of the augmentation layers: in training (`{ training: true }`, as `fit` calls it) the
 * layer draws fresh random parameters per image from Sinew's seeded generator (`setSeed` makes the
 * sequence reproducible); in inference it passes images through unchanged. Images are
 * `[batch, h, w, channels]` (or one image `[h, w, channels]`); with `dataFormat: 'channelsFirst'`,
 * `[batch, channels, h, w]` (or `[channels, h, w]`), converted to channels-last and back.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomFloat } from '@sinew/core';
 * import { BaseAugmentation } from '@sinew/vision';
 * class RandomInvert extends BaseAugmentation {
 *   static override readonly className = 'RandomInvert';
 *   protected augment(x: tf.Tensor4D): tf.Tensor {
 *     return randomFloat() < 0.5 ? tf.sub(1, x) : tf.clone(x);
 *   }
 * }
 * const y = new RandomInvert().apply(tf.randomUniform([2, 4, 4, 1]), { training: true });
 * ```
 */
export abstract class BaseAugmentation extends Layer {
  readonly dataFormat: DataFormat;

  constructor(args: AugmentationArgs = {}) {
    super(args);
    this.dataFormat = checkDataFormat(args?.dataFormat, this.label);
    this.inputSpec = { minNdim: 3 };
  }

  /** The transformation of a batch `[b, h, w, c]` in training. */
  protected abstract augment(images: tf.Tensor4D): tf.Tensor;

  /** What inference returns (the identity by default). */
  protected infer(images: tf.Tensor4D): tf.Tensor {
    return tf.clone(images);
  }

  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    const first = this.dataFormat === 'channelsFirst';
    if (x.rank !== 3 && x.rank !== 4) {
      const layout = first ? '[batch, channels, h, w] or one image [channels, h, w]' : '[batch, h, w, channels] or one image [h, w, channels]';
      throw new Error(`${this.label}: expected images ${layout}, received shape [${x.shape.join(', ')}]`);
    }
    const batch = (x.rank === 3 ? tf.expandDims(x, 0) : x) as tf.Tensor4D;
    const last = first ? tf.transpose(batch, [0, 2, 3, 1]) : batch;
    const y = training ? this.augment(tf.cast(last, 'float32') as tf.Tensor4D) : this.infer(last);
    const out = first ? tf.transpose(y, [0, 3, 1, 2]) : y;
    return x.rank === 3 ? tf.squeeze(out, [0]) : out;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** Checks a factor argument: a number f (the range [−f, f]) or a range [lo, hi]. */
export function factorRange(value: number | [number, number] | undefined, layer: string, what: string, bound?: number): [number, number] {
  if (value === undefined) throw new Error(`${layer}: ${what} is required`);
  const r: [number, number] = typeof value === 'number' ? [-Math.abs(value), Math.abs(value)] : [value[0], value[1]];
  if (!r.every(Number.isFinite) || r[0] > r[1] || (bound !== undefined && (r[0] < -bound || r[1] > bound))) {
    throw new Error(`${layer}: ${what} must be a number or a range [lower, upper]${bound !== undefined ? ` within [-${bound}, ${bound}]` : ''}. Received: ${what}=${JSON.stringify(value)}`);
  }
  return r;
}
