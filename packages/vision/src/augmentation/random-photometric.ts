import * as tf from '@tensorflow/tfjs-core';
import { randomFloat, singleShape, type Shape } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { positiveInteger } from '../layers/conv-utils.js';
import { BaseAugmentation, factorRange, type AugmentationArgs } from './base-augmentation.js';

function checkRange(r: [number, number] | undefined, layer: string): [number, number] {
  const v = r ?? [0, 255];
  if (v.length !== 2 || !v.every(Number.isFinite) || v[0] >= v[1]) throw new Error(`${layer}: valueRange must be [low, high] with low < high. Received: valueRange=${JSON.stringify(r)}`);
  return [v[0], v[1]];
}

/** Arguments of {@link RandomBrightness}. */
export interface RandomBrightnessArgs extends AugmentationArgs {
  /** f adds a delta in [−f, f] times the value range's span; or a range [lo, hi] within [−1, 1]. */
  factor: number | [number, number];
  /** The images' value range, for scaling the delta and clipping (default [0, 255]). */
  valueRange?: [number, number];
}

/**
 * Adds a random brightness offset per image, then clips to the value range; training only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomBrightness } from '@sinew/vision';
 * const y = randomBrightness({ factor: 0.2, valueRange: [0, 1] }).apply(tf.randomUniform([4, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomBrightness extends BaseAugmentation {
  static override readonly className = 'RandomBrightness';
  readonly factor: [number, number];
  readonly valueRange: [number, number];

  constructor(args: RandomBrightnessArgs) {
    super(args);
    this.factor = factorRange(args?.factor, this.label, 'factor', 1);
    this.valueRange = checkRange(args.valueRange, this.label);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const b = x.shape[0];
    const span = this.valueRange[1] - this.valueRange[0];
    const delta = tf.tensor4d(Array.from({ length: b }, () => (this.factor[0] + (this.factor[1] - this.factor[0]) * randomFloat()) * span), [b, 1, 1, 1]);
    return tf.clipByValue(tf.add(x, delta), this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }
}
registerLayer(RandomBrightness);

/** Creates a {@link RandomBrightness} layer. @example `randomBrightness({ factor: 0.1, valueRange: [0, 1] })` */
export function randomBrightness(args: RandomBrightnessArgs): RandomBrightness {
  return new RandomBrightness(args);
}

/** Arguments of {@link RandomContrast}. */
export interface RandomContrastArgs extends AugmentationArgs {
  /** f draws a contrast multiplier in [1 − f, 1 + f] (f in [0, 1]). */
  factor: number;
  /** Clipping range (default [0, 255]). */
  valueRange?: [number, number];
}

/**
 * Scales each image's deviation from its per-channel mean by a random factor
 * (`(x − mean)·c + mean`, Keras's definition), then clips; training only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomContrast } from '@sinew/vision';
 * const y = randomContrast({ factor: 0.3, valueRange: [0, 1] }).apply(tf.randomUniform([4, 8, 8, 3]), { training: true });
 * ```
 */
export class RandomContrast extends BaseAugmentation {
  static override readonly className = 'RandomContrast';
  readonly factor: number;
  readonly valueRange: [number, number];

  constructor(args: RandomContrastArgs) {
    super(args);
    if (args === undefined || !(args.factor >= 0 && args.factor <= 1)) throw new Error(`${this.label}: factor must be a number in [0, 1]. Received: factor=${args?.factor}`);
    this.factor = args.factor;
    this.valueRange = checkRange(args.valueRange, this.label);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const b = x.shape[0];
    const c = tf.tensor4d(Array.from({ length: b }, () => 1 - this.factor + 2 * this.factor * randomFloat()), [b, 1, 1, 1]);
    const mean = tf.mean(x, [1, 2], true);
    return tf.clipByValue(tf.add(tf.mul(tf.sub(x, mean), c), mean), this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }
}
registerLayer(RandomContrast);

/** Creates a {@link RandomContrast} layer. @example `randomContrast({ factor: 0.2 })` */
export function randomContrast(args: RandomContrastArgs): RandomContrast {
  return new RandomContrast(args);
}

/** Arguments of {@link RandomCrop}. */
export interface RandomCropArgs extends AugmentationArgs {
  height: number;
  width: number;
}

/**
 * Crops a random `height` x `width` window of each image in training, and the central window in
 * inference (so the output shape is the same in both): `[b, h, w, c]` → `[b, height, width, c]`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomCrop } from '@sinew/vision';
 * const y = randomCrop({ height: 24, width: 24 }).apply(tf.randomUniform([4, 28, 28, 1]), { training: true }); // [4, 24, 24, 1]
 * ```
 */
export class RandomCrop extends BaseAugmentation {
  static override readonly className = 'RandomCrop';
  readonly height: number;
  readonly width: number;

  constructor(args: RandomCropArgs) {
    super(args);
    this.height = positiveInteger(args?.height, 'height', this.label);
    this.width = positiveInteger(args?.width, 'width', this.label);
  }

  private check(x: tf.Tensor4D): void {
    if (x.shape[1] < this.height || x.shape[2] < this.width) {
      throw new Error(`${this.label}: cannot crop [${this.height}, ${this.width}] from images [${x.shape.join(', ')}]`);
    }
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    this.check(x);
    const [b, h, w, c] = x.shape;
    const crops = Array.from({ length: b }, (_, i) => {
      const top = Math.floor(randomFloat() * (h - this.height + 1));
      const left = Math.floor(randomFloat() * (w - this.width + 1));
      return tf.slice(x, [i, top, left, 0], [1, this.height, this.width, c]);
    });
    return tf.concat(crops, 0);
  }

  protected override infer(x: tf.Tensor4D): tf.Tensor {
    this.check(x);
    const top = Math.floor((x.shape[1] - this.height) / 2);
    const left = Math.floor((x.shape[2] - this.width) / 2);
    return tf.slice(x, [0, top, left, 0], [-1, this.height, this.width, -1]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = singleShape(this, inputShape);
    const c = this.dataFormat === 'channelsFirst' ? s[s.length - 3]! : s[s.length - 1]!;
    const image = this.dataFormat === 'channelsFirst' ? [c, this.height, this.width] : [this.height, this.width, c];
    return s.length === 4 ? [s[0]!, ...image] : image;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}
registerLayer(RandomCrop);

/** Creates a {@link RandomCrop} layer. @example `randomCrop({ height: 24, width: 24 })` */
export function randomCrop(args: RandomCropArgs): RandomCrop {
  return new RandomCrop(args);
}
