/**
 * Classic filter kernels as plain arrays (rows of numbers), so they can be printed, tested and
 * turned into tensors or layer weights.
 */

function checkSize(size: number, what: string, odd = false): void {
  if (!Number.isInteger(size) || size <= 0 || (odd && size % 2 === 0)) {
    throw new Error(`${what}: size must be a positive${odd ? ' odd' : ''} integer. Received: size=${size}`);
  }
}

function checkSigma(sigma: number, what: string): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`${what}: sigma must be a positive number. Received: sigma=${sigma}`);
}

/**
 * OpenCV's default Gaussian sigma for a window: `0.3·((size − 1)/2 − 1) + 0.8`.
 *
 * @example
 * ```ts
 * import { defaultSigma } from '@sinew/vision';
 * defaultSigma(5); // 1.1
 * ```
 */
export function defaultSigma(size: number): number {
  return 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
}

/**
 * The uniform (box, moving-average) kernel: `size` taps of `1 / size`.
 *
 * @example
 * ```ts
 * import { boxKernel1d } from '@sinew/vision';
 * boxKernel1d(4); // [0.25, 0.25, 0.25, 0.25]
 * ```
 */
export function boxKernel1d(size: number): number[] {
  checkSize(size, 'boxKernel1d');
  return new Array<number>(size).fill(1 / size);
}

/**
 * The 2D box kernel, `[size, size]` entries of `1 / size²`.
 *
 * @example
 * ```ts
 * import { boxKernel2d } from '@sinew/vision';
 * boxKernel2d(3); // 3x3 of 1/9
 * ```
 */
export function boxKernel2d(size: number): number[][] {
  checkSize(size, 'boxKernel2d');
  return Array.from({ length: size }, () => new Array<number>(size).fill(1 / (size * size)));
}

/**
 * The sampled Gaussian `exp(−x² / 2σ²)` on `size` taps centred on 0, normalised to sum to 1.
 *
 * @param sigma - standard deviation in pixels (default OpenCV's `0.3·((size − 1)/2 − 1) + 0.8`).
 * @example
 * ```ts
 * import { gaussianKernel1d } from '@sinew/vision';
 * gaussianKernel1d(5, 1); // [0.054, 0.244, 0.403, 0.244, 0.054]
 * ```
 */
export function gaussianKernel1d(size: number, sigma = defaultSigma(size)): number[] {
  checkSize(size, 'gaussianKernel1d');
  checkSigma(sigma, 'gaussianKernel1d');
  const c = (size - 1) / 2;
  const w = Array.from({ length: size }, (_, i) => Math.exp(-((i - c) ** 2) / (2 * sigma * sigma)));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
}

/**
 * The 2D Gaussian kernel `[size, size]`, the outer product of two 1D ones (it is separable), summing to 1.
 *
 * @example
 * ```ts
 * import { gaussianKernel2d } from '@sinew/vision';
 * const k = gaussianKernel2d(5, 1.0); // 5x5, sums to 1
 * ```
 */
export function gaussianKernel2d(size: number, sigma = defaultSigma(size)): number[][] {
  const g = gaussianKernel1d(size, sigma);
  return g.map((a) => g.map((b) => a * b));
}

/**
 * The Sobel derivative kernels: `x` responds to change along the width (a vertical edge),
 * `y` along the height; each is smoothing `[1, 2, 1]` times difference `[−1, 0, 1]`.
 *
 * @example
 * ```ts
 * import { sobelKernels } from '@sinew/vision';
 * sobelKernels().x; // [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
 * ```
 */
export function sobelKernels(): { x: number[][]; y: number[][] } {
  return {
    x: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    y: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
  };
}

/**
 * The Scharr derivative kernels (better rotational symmetry than Sobel): smoothing `[3, 10, 3]`
 * times difference `[−1, 0, 1]`.
 *
 * @example
 * ```ts
 * import { scharrKernels } from '@sinew/vision';
 * scharrKernels().x; // [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]]
 * ```
 */
export function scharrKernels(): { x: number[][]; y: number[][] } {
  return {
    x: [[-3, 0, 3], [-10, 0, 10], [-3, 0, 3]],
    y: [[-3, -10, -3], [0, 0, 0], [3, 10, 3]],
  };
}

/**
 * The Laplacian of Gaussian `−(1/πσ⁴)(1 − r²/2σ²) exp(−r²/2σ²)` sampled on an odd `size` window,
 * shifted to sum to 0 (so flat regions give exactly 0; blobs and edges give the zero crossings
 * Marr and Hildreth use).
 *
 * @example
 * ```ts
 * import { laplacianOfGaussianKernel } from '@sinew/vision';
 * const k = laplacianOfGaussianKernel(9, 1.4); // 9x9, negative centre, sums to 0
 * ```
 */
export function laplacianOfGaussianKernel(size: number, sigma = defaultSigma(size)): number[][] {
  checkSize(size, 'laplacianOfGaussianKernel', true);
  checkSigma(sigma, 'laplacianOfGaussianKernel');
  const c = (size - 1) / 2;
  const s2 = sigma * sigma;
  const k = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => {
      const r2 = (i - c) ** 2 + (j - c) ** 2;
      return (-1 / (Math.PI * s2 * s2)) * (1 - r2 / (2 * s2)) * Math.exp(-r2 / (2 * s2));
    }),
  );
  const mean = k.flat().reduce((a, b) => a + b, 0) / (size * size);
  return k.map((row) => row.map((v) => v - mean));
}

/** Names of the built-in kernels (2D). */
export type NamedKernel2D = 'box' | 'gaussian' | 'sobelX' | 'sobelY' | 'scharrX' | 'scharrY' | 'laplacianOfGaussian';

/** Names of the built-in kernels (1D). */
export type NamedKernel1D = 'box' | 'gaussian';

/**
 * A 2D kernel by name (with `size` and `sigma` for box, Gaussian and LoG), or the given rows.
 *
 * @example
 * ```ts
 * import { namedKernel2d } from '@sinew/vision';
 * namedKernel2d('gaussian', 5, 1);
 * ```
 */
export function namedKernel2d(kernel: NamedKernel2D | number[][], size = 3, sigma?: number): number[][] {
  if (Array.isArray(kernel)) {
    if (kernel.length === 0 || kernel.some((r) => !Array.isArray(r) || r.length !== kernel[0]!.length || r.some((v) => !Number.isFinite(v)))) {
      throw new Error(`namedKernel2d: a kernel must be a non-empty rectangle of finite numbers. Received: ${JSON.stringify(kernel)}`);
    }
    return kernel.map((r) => [...r]);
  }
  switch (kernel) {
    case 'box': return boxKernel2d(size);
    case 'gaussian': return gaussianKernel2d(size, sigma);
    case 'sobelX': return sobelKernels().x;
    case 'sobelY': return sobelKernels().y;
    case 'scharrX': return scharrKernels().x;
    case 'scharrY': return scharrKernels().y;
    case 'laplacianOfGaussian': return laplacianOfGaussianKernel(size, sigma);
    default: throw new Error(`namedKernel2d: unknown kernel '${String(kernel)}'; expected one of box, gaussian, sobelX, sobelY, scharrX, scharrY, laplacianOfGaussian or rows of numbers`);
  }
}

/**
 * A 1D kernel by name (`size` and `sigma`) or the given taps.
 *
 * @example
 * ```ts
 * import { namedKernel1d } from '@sinew/vision';
 * namedKernel1d('box', 3); // [1/3, 1/3, 1/3]
 * ```
 */
export function namedKernel1d(kernel: NamedKernel1D | number[], size = 3, sigma?: number): number[] {
  if (Array.isArray(kernel)) {
    if (kernel.length === 0 || kernel.some((v) => !Number.isFinite(v))) throw new Error(`namedKernel1d: a kernel must be a non-empty list of finite numbers. Received: ${JSON.stringify(kernel)}`);
    return [...kernel];
  }
  if (kernel === 'box') return boxKernel1d(size);
  if (kernel === 'gaussian') return gaussianKernel1d(size, sigma);
  throw new Error(`namedKernel1d: unknown kernel '${String(kernel)}'; expected 'box', 'gaussian' or a list of numbers`);
}
