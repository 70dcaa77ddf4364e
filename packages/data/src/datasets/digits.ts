import { decodeBase64 } from './base64.js';
import { DIGITS_BASE64, DIGITS_COUNT } from './digits-data.js';
import type { LabeledData } from './labeled-data.js';

let cache: Uint8Array | null = null;

/**
 * The UCI optical-recognition digits, 8x8 (1,797 images, classes 0-9; the copy scikit-learn
 * ships as `load_digits`), embedded in the package: no file, no network. Each pixel counts the on
 * pixels of a 4x4 block of a 32x32 bitmap, so values are integers in 0..16 (use `scale: 1/16`).
 * Alpaydin & Kaynak, UCI Machine Learning Repository (CC BY 4.0); see the README for attribution.
 *
 * Shapes: `features` `[1797 * 64]` (float32, 0..16), `featureShape` `[8, 8]`, `labels` `[1797]`.
 *
 * @example
 * ```ts
 * import { classCounts, loadDigits } from '@sinew/data';
 * const digits = loadDigits();
 * console.log(digits.numExamples, digits.featureShape); // 1797 [8, 8]
 * console.log(classCounts(digits.labels, 10)); // [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
 * ```
 */
export function loadDigits(): LabeledData {
  cache ??= decodeBase64(DIGITS_BASE64);
  const n = DIGITS_COUNT;
  return {
    name: 'digits',
    features: Float32Array.from(cache.subarray(0, n * 64)),
    featureShape: [8, 8],
    labels: Int32Array.from(cache.subarray(n * 64, n * 65)),
    numExamples: n,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}
