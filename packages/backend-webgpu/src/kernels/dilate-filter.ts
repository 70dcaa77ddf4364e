import type * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { callKernel } from './call-kernel.js';

/**
 * A 2-D dilation attribute (`number | [number, number]`, absent meaning 1) as `[rateHeight, rateWidth]`.
 * Throws, naming the kernel, on a rate that is not a positive integer.
 *
 * @example
 * ```ts
 * dilationPair('DepthwiseConv2dNativeBackpropInput', 2); // [2, 2]
 * ```
 */
export function dilationPair(kernelName: string, dilations: unknown): [number, number] {
  const pair = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : (dilations as number[]);
  const [h, w] = pair;
  if (pair.length !== 2 || !Number.isInteger(h) || !Number.isInteger(w) || h! < 1 || w! < 1) {
    throw new Error(`webgpu ${kernelName}: dilations must be a positive integer or two of them, received ${JSON.stringify(dilations)}`);
  }
  return [h!, w!];
}

/**
 * The spatial size `(k - 1)·rate + 1` a `k`-tap filter axis spans when its taps are `rate` apart.
 *
 * @example
 * ```ts
 * dilatedSize(3, 2); // 5
 * ```
 */
export function dilatedSize(k: number, rate: number): number {
  return (k - 1) * rate + 1;
}

/**
 * Spreads the taps of a `[fh, fw, inC, m]` filter `rates` apart with zeros between them, on the GPU:
 * the `[(fh-1)·rh+1, (fw-1)·rw+1, inC, m]` filter whose undilated convolution equals the dilated one.
 * One spatial axis at a time, each tap gets `rate - 1` zeros after it (Reshape to put a unit axis after
 * the taps, PadV2 it, Reshape back) and the zeros after the last tap are cut off (Slice). Every
 * intermediate has rank <= 4: tfjs-backend-webgpu 4.22's PadV2 shader does not compile for rank 5 or 6
 * (it indexes its `vec5`/`vec6` structs). The caller disposes the result with `backend.disposeData`.
 *
 * @example
 * ```ts
 * // inside a 'webgpu' kernel function:
 * const spread = dilateFilterOnGPU(filter, [2, 2], backend); // [3, 3, c, m] -> [5, 5, c, m]
 * backend.disposeData(spread.dataId);
 * ```
 */
export function dilateFilterOnGPU(filter: TensorInfo, rates: readonly [number, number], backend: tf.KernelBackend): TensorInfo {
  const [fh, fw, inC, m] = filter.shape as [number, number, number, number];
  const [rh, rw] = rates;
  if (rh === 1 && rw === 1) return callKernel('Identity', { x: filter }, backend);
  const temps: TensorInfo[] = [];
  const run = (name: string, x: TensorInfo, attrs: NamedAttrMap): TensorInfo => {
    const out = callKernel(name, { x }, backend, attrs);
    temps.push(out);
    return out;
  };
  try {
    let f = filter;
    const h = dilatedSize(fh, rh);
    const w = dilatedSize(fw, rw);
    if (rh > 1) {
      // [fh, 1, fw·inC·m] -> [fh, rh, fw·inC·m]: each row of taps followed by rh - 1 rows of zeros.
      const rows = run('Reshape', f, { shape: [fh, 1, fw * inC * m] });
      const padded = run('PadV2', rows, { paddings: [[0, 0], [0, rh - 1], [0, 0]], constantValue: 0 });
      const merged = run('Reshape', padded, { shape: [fh * rh, fw, inC, m] });
      f = run('Slice', merged, { begin: [0, 0, 0, 0], size: [h, fw, inC, m] });
    }
    if (rw > 1) {
      // [h, fw, 1, inC·m] -> [h, fw, rw, inC·m]: each column of taps followed by rw - 1 columns of zeros.
      const cols = run('Reshape', f, { shape: [h, fw, 1, inC * m] });
      const padded = run('PadV2', cols, { paddings: [[0, 0], [0, 0], [0, rw - 1], [0, 0]], constantValue: 0 });
      const merged = run('Reshape', padded, { shape: [h, fw * rw, inC, m] });
      f = run('Slice', merged, { begin: [0, 0, 0, 0], size: [h, w, inC, m] });
    }
    temps.pop(); // f, the last Slice, is the result
    return f;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}
