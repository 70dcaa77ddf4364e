import * as tf from '@tensorflow/tfjs-core';
import { randomFloat } from '@sinew/core';
import { registerLayer } from '@sinew/core';
import { affineTransform, rotationMap, translationMap, zoomMap, type AffineOptions, type FillMode } from './affine.js';
import { BaseAugmentation, factorRange, type AugmentationArgs } from './base-augmentation.js';

function uniform(lo: number, hi: number): number {
  return lo + (hi - lo) * randomFloat();
}

function checkAffine(o: AffineOptions, layer: string): Required<AffineOptions> {
  const fillMode = o.fillMode ?? 'reflect';
  const interpolation = o.interpolation ?? 'bilinear';
  if (!['constant', 'reflect', 'wrap', 'nearest'].includes(fillMode)) throw new Error(`${layer}: fillMode must be 'constant', 'reflect', 'wrap' or 'nearest'. Received: fillMode=${JSON.stringify(o.fillMode)}`);
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') throw new Error(`${layer}: interpolation must be 'nearest' or 'bilinear'. Received: interpolation=${JSON.stringify(o.interpolation)}`);
  return { fillMode: fillMode as FillMode, interpolation, fillValue: o.fillValue ?? 0 };
}

/** Arguments of {@link RandomFlip}. */
export interface RandomFlipArgs extends AugmentationArgs {
  /** 'horizontal' (mirror left-right), 'vertical' or 'horizontalAndVertical' (default). */
  mode?: 'horizontal' | 'vertical' | 'horizontalAndVertical';
}

/**
 * Flips each image with probability 1/2 per direction, in training only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { setSeed } from '@sinew/core';
 * import { randomFlip } from '@sinew/vision';
 * setSeed(0);
 * const y = randomFlip({ mode: 'horizontal' }).apply(tf.randomUniform([8, 28, 28, 1]), { training: true });
 * ```
 */
export class RandomFlip extends BaseAugmentation {
  static override readonly className = 'RandomFlip';
  readonly mode: 'horizontal' | 'vertical' | 'horizontalAndVertical';

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    this.mode = args.mode ?? 'horizontalAndVertical';
    if (!['horizontal', 'vertical', 'horizontalAndVertical'].includes(this.mode)) throw new Error(`${this.label}: mode must be 'horizontal', 'vertical' or 'horizontalAndVertical'. Received: mode=${JSON.stringify(args.mode)}`);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const b = x.shape[0];
    let y: tf.Tensor = x;
    const flipAxis = (t: tf.Tensor, axis: number) => {
      const mask = tf.tensor4d(Array.from({ length: b }, () => (randomFloat() < 0.5 ? 1 : 0)), [b, 1, 1, 1]);
      return tf.add(tf.mul(mask, tf.reverse(t, axis)), tf.mul(tf.sub(1, mask), t));
    };
    if (this.mode !== 'vertical') y = flipAxis(y, 2);
    if (this.mode !== 'horizontal') y = flipAxis(y, 1);
    return y;
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), mode: this.mode };
  }
}
registerLayer(RandomFlip);

/** Creates a {@link RandomFlip} layer. @example `randomFlip({ mode: 'horizontal' })` */
export function randomFlip(args: RandomFlipArgs = {}): RandomFlip {
  return new RandomFlip(args);
}

/** Arguments of {@link RandomRotation}. */
export interface RandomRotationArgs extends AugmentationArgs, AffineOptions {
  /** Fraction of a full turn: f draws angles in [−f·2π, f·2π]; or a range [lo, hi]. */
  factor: number | [number, number];
}

/**
 * Rotates each image by a random angle about its centre, in training only (Keras's convention:
 * `factor` is a fraction of 2π).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomRotation } from '@sinew/vision';
 * const y = randomRotation({ factor: 0.05 }).apply(tf.randomUniform([4, 8, 8, 1]), { training: true });
 * ```
 */
export class RandomRotation extends BaseAugmentation {
  static override readonly className = 'RandomRotation';
  readonly factor: [number, number];
  readonly affine: Required<AffineOptions>;

  constructor(args: RandomRotationArgs) {
    super(args);
    this.factor = factorRange(args?.factor, this.label, 'factor');
    this.affine = checkAffine(args, this.label);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const [b, h, w] = x.shape;
    const maps = Array.from({ length: b }, () => rotationMap(uniform(this.factor[0], this.factor[1]) * 2 * Math.PI, h, w));
    return affineTransform(x, maps, this.affine);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), factor: this.factor, ...this.affine };
  }
}
registerLayer(RandomRotation);

/** Creates a {@link RandomRotation} layer. @example `randomRotation({ factor: 0.1 })` */
export function randomRotation(args: RandomRotationArgs): RandomRotation {
  return new RandomRotation(args);
}

/** Arguments of {@link RandomTranslation}. */
export interface RandomTranslationArgs extends AugmentationArgs, AffineOptions {
  /** Fraction of the height: f shifts by up to ±f·h pixels; or a range. */
  heightFactor: number | [number, number];
  /** Fraction of the width. */
  widthFactor: number | [number, number];
}

/**
 * Shifts each image by a random offset, in training only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomTranslation } from '@sinew/vision';
 * const y = randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }).apply(tf.randomUniform([4, 8, 8, 1]), { training: true });
 * ```
 */
export class RandomTranslation extends BaseAugmentation {
  static override readonly className = 'RandomTranslation';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number];
  readonly affine: Required<AffineOptions>;

  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightFactor = factorRange(args?.heightFactor, this.label, 'heightFactor', 1);
    this.widthFactor = factorRange(args?.widthFactor, this.label, 'widthFactor', 1);
    this.affine = checkAffine(args, this.label);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const [b, h, w] = x.shape;
    const maps = Array.from({ length: b }, () => {
      const dy = uniform(this.heightFactor[0], this.heightFactor[1]) * h;
      const dx = uniform(this.widthFactor[0], this.widthFactor[1]) * w;
      return translationMap(dx, dy);
    });
    return affineTransform(x, maps, this.affine);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...this.affine };
  }
}
registerLayer(RandomTranslation);

/** Creates a {@link RandomTranslation} layer. @example `randomTranslation({ heightFactor: 0.1, widthFactor: 0.1 })` */
export function randomTranslation(args: RandomTranslationArgs): RandomTranslation {
  return new RandomTranslation(args);
}

/** Arguments of {@link RandomZoom}. */
export interface RandomZoomArgs extends AugmentationArgs, AffineOptions {
  /** f draws a zoom in [−f, f]: positive values zoom out (show 1 + f times as much), negative zoom in. */
  heightFactor: number | [number, number];
  /** Same for the width; default: the height's draw (aspect ratio kept). */
  widthFactor?: number | [number, number] | null;
}

/**
 * Zooms each image in or out about its centre by a random factor, in training only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { randomZoom } from '@sinew/vision';
 * const y = randomZoom({ heightFactor: 0.2 }).apply(tf.randomUniform([4, 8, 8, 1]), { training: true });
 * ```
 */
export class RandomZoom extends BaseAugmentation {
  static override readonly className = 'RandomZoom';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number] | null;
  readonly affine: Required<AffineOptions>;

  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightFactor = factorRange(args?.heightFactor, this.label, 'heightFactor', 0.999);
    this.widthFactor = args.widthFactor == null ? null : factorRange(args.widthFactor, this.label, 'widthFactor', 0.999);
    this.affine = checkAffine(args, this.label);
  }

  protected augment(x: tf.Tensor4D): tf.Tensor {
    const [b, h, w] = x.shape;
    const maps = Array.from({ length: b }, () => {
      const zy = 1 + uniform(this.heightFactor[0], this.heightFactor[1]);
      const zx = this.widthFactor === null ? zy : 1 + uniform(this.widthFactor[0], this.widthFactor[1]);
      return zoomMap(zx, zy, h, w);
    });
    return affineTransform(x, maps, this.affine);
  }

  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...this.affine };
  }
}
registerLayer(RandomZoom);

/** Creates a {@link RandomZoom} layer. @example `randomZoom({ heightFactor: 0.1 })` */
export function randomZoom(args: RandomZoomArgs): RandomZoom {
  return new RandomZoom(args);
}
