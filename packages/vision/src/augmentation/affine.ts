import * as tf from '@tensorflow/tfjs-core';

/** How pixels that come from outside the image are filled (tfjs's `image.transform` modes). */
export type FillMode = 'constant' | 'reflect' | 'wrap' | 'nearest';

/** Options shared by the geometric augmentations. */
export interface AffineOptions {
  /** Default 'reflect' (Keras's default). */
  fillMode?: FillMode;
  /** Value for fillMode 'constant' (default 0). */
  fillValue?: number;
  /** Default 'bilinear'. */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Applies one affine map per image. Each map is `[a0, a1, a2, b0, b1, b2]`: the output pixel
 * (x, y) (x along the width) reads the input at `(a0·x + a1·y + a2, b0·x + b1·y + b2)`.
 *
 * @param images - `[b, h, w, c]`; `maps` has b entries.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { affineTransform } from '@sinew/vision';
 * // Shift right by 2 pixels, zeros entering from the left.
 * const y = affineTransform(tf.ones([1, 4, 4, 1]), [[1, 0, -2, 0, 1, 0]], { fillMode: 'constant' });
 * ```
 */
export function affineTransform(images: tf.Tensor4D, maps: number[][], options: AffineOptions = {}): tf.Tensor4D {
  if (maps.length !== images.shape[0] || maps.some((m) => m.length !== 6)) {
    throw new Error(`affineTransform: expected ${images.shape[0]} maps of 6 numbers for images [${images.shape.join(', ')}], received ${maps.length}`);
  }
  return tf.tidy(() => {
    const t = tf.tensor2d(maps.map((m) => [...m, 0, 0]), [maps.length, 8]);
    return tf.image.transform(images, t, options.interpolation ?? 'bilinear', options.fillMode ?? 'reflect', options.fillValue ?? 0);
  });
}

/**
 * The map that rotates an image of `h` x `w` pixels by `angle` radians (counter-clockwise as
 * displayed, y pointing down) about its centre.
 *
 * @example
 * ```ts
 * import { rotationMap } from '@sinew/vision';
 * const m = rotationMap(Math.PI / 2, 28, 28);
 * ```
 */
export function rotationMap(angle: number, h: number, w: number): number[] {
  const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  // Output (x, y) reads input R(-angle)·((x, y) − centre) + centre.
  return [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy];
}

/**
 * The map that shifts content by (dx, dy) pixels (right and down for positive values).
 *
 * @example
 * ```ts
 * import { translationMap } from '@sinew/vision';
 * translationMap(2, -1); // [1, 0, -2, 0, 1, 1]
 * ```
 */
export function translationMap(dx: number, dy: number): number[] {
  return [1, 0, -dx, 0, 1, -dy];
}

/**
 * The map that scales about the centre: `zx, zy > 1` show more of the scene (zoom out), `< 1` zoom in.
 *
 * @example
 * ```ts
 * import { zoomMap } from '@sinew/vision';
 * zoomMap(0.5, 0.5, 28, 28); // 2x magnification about pixel (13.5, 13.5)
 * ```
 */
export function zoomMap(zx: number, zy: number, h: number, w: number): number[] {
  const [cx, cy] = [(w - 1) / 2, (h - 1) / 2];
  return [zx, 0, cx * (1 - zx), 0, zy, cy * (1 - zy)];
}
