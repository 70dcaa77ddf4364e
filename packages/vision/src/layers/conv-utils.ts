import * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '@sinew/core';

/** Spatial rank of a convolution: 1 (sequences), 2 (images) or 3 (volumes). */
export type ConvRank = 1 | 2 | 3;

/**
 * Padding of a convolution or pooling window: `'valid'` (none), `'same'` (TensorFlow's rule: output
 * `ceil(n / stride)`, the odd pixel of padding at the end), `'causal'` (1D only: all padding at the
 * start), or explicit `[before, after]` amounts per spatial axis.
 */
export type PaddingArg = 'valid' | 'same' | 'causal' | number | [number, number][];

/** Where the channel axis is: last (`[batch, ...spatial, channels]`, the default) or first. */
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** One size per spatial axis, from a number (repeated) or a list (checked). */
export function normalizeTuple(value: number | number[] | undefined, rank: number, what: string, layer: string, fallback?: number): number[] {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`${layer}: ${what} is required`);
    return new Array<number>(rank).fill(fallback);
  }
  const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value];
  if (list.length !== rank || list.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new Error(`${layer}: ${what} must be a positive integer or ${rank} positive integers. Received: ${what}=${JSON.stringify(value)}`);
  }
  return list;
}

/** Checks that `value` is a positive integer (`filters`, `depthMultiplier`, ...) and returns it. */
export function positiveInteger(value: number | undefined, what: string, layer: string): number {
  if (value === undefined || !Number.isInteger(value) || value <= 0) {
    throw new Error(`${layer}: ${what} must be a positive integer. Received: ${what}=${value}`);
  }
  return value;
}

/**
 * Output length of a convolution or pooling window along one axis (Keras's `conv_output_length`):
 * valid `floor((n + before + after - k_eff) / s) + 1`, same `ceil(n / s)`, with
 * `k_eff = k + (k - 1)(d - 1)`.
 *
 * @example
 * ```ts
 * import { convOutputLength } from '@sinew/vision';
 * convOutputLength(28, 3, 'valid', 2); // 13
 * ```
 */
export function convOutputLength(inputLength: number | null, kernelSize: number, padding: 'valid' | 'same' | 'causal' | [number, number], stride: number, dilation = 1): number | null {
  if (inputLength === null) return null;
  const kEff = kernelSize + (kernelSize - 1) * (dilation - 1);
  if (padding === 'same' || padding === 'causal') return Math.ceil(inputLength / stride);
  const padded = padding === 'valid' ? inputLength : inputLength + padding[0] + padding[1];
  return Math.max(Math.floor((padded - kEff) / stride) + 1, 0);
}

/**
 * The spatial output lengths of a window (convolution or pooling) over `inputShape` (batch included,
 * `dataFormat` order), failing when the window does not fit: tfjs would return a tensor with a zero or
 * negative dimension instead of an error. Unknown lengths stay `null`. Over `[1, 5, 5, 1]`, a 7x7
 * 'valid' window fails with "the window [7, 7] (padding 'valid', ...) does not fit input shape [1, 5, 5, 1]".
 */
export function windowOutputLengths(
  layer: string,
  inputShape: readonly (number | null)[],
  dataFormat: DataFormat,
  kernelSize: number[],
  padding: 'valid' | 'same' | 'causal' | [number, number][],
  strides: number[],
  dilationRate: number[] = kernelSize.map(() => 1),
): (number | null)[] {
  const lengths = shapeToChannelsLast([...inputShape], dataFormat).slice(1, -1);
  const out = lengths.map((n, i) => {
    if (n === null) return null;
    const k = kernelSize[i]!;
    const kEff = k + (k - 1) * (dilationRate[i]! - 1);
    if (padding === 'same' || padding === 'causal') return Math.ceil(n / strides[i]!);
    const [before, after] = padding === 'valid' ? [0, 0] : padding[i]!;
    return Math.floor((n + before + after - kEff) / strides[i]!) + 1;
  });
  if (out.some((n) => n !== null && n <= 0)) {
    const how = `padding ${JSON.stringify(padding).replace(/"/g, "'")}, strides [${strides.join(', ')}], dilation [${dilationRate.join(', ')}]`;
    throw new Error(
      `${layer}: the window [${kernelSize.join(', ')}] (${how}) does not fit input shape [${inputShape.map(String).join(', ')}]: ` +
        `the output's spatial size would be [${out.join(', ')}]. Use a smaller window, 'same' padding, or a larger input`,
    );
  }
  return out;
}

/**
 * Output length of a transposed convolution along one axis (Keras's
 * `compute_conv_transpose_output_length`): without output padding, valid `n·s + max(k_eff − s, 0)`
 * and same `n·s`; with output padding `p`, `(n − 1)·s + k_eff − 2·pad + p` where pad is
 * `floor(k_eff / 2)` for 'same' and 0 for 'valid'.
 *
 * @example
 * ```ts
 * import { deconvOutputLength } from '@sinew/vision';
 * deconvOutputLength(4, 3, 'valid', 2); // 9
 * deconvOutputLength(4, 3, 'same', 2, 1, 1); // 8
 * ```
 */
export function deconvOutputLength(inputLength: number | null, kernelSize: number, padding: 'valid' | 'same', stride: number, dilation = 1, outputPadding: number | null = null): number | null {
  if (inputLength === null) return null;
  const kEff = kernelSize + (kernelSize - 1) * (dilation - 1);
  if (outputPadding === null) return padding === 'valid' ? inputLength * stride + Math.max(kEff - stride, 0) : inputLength * stride;
  const pad = padding === 'same' ? Math.floor(kEff / 2) : 0;
  return (inputLength - 1) * stride + kEff - 2 * pad + outputPadding;
}

/** The permutation that moves channels from axis 1 to the end (`[0, 2, ..., rank+1, 1]`). */
export function toChannelsLastPerm(spatialRank: number): number[] {
  return [0, ...Array.from({ length: spatialRank }, (_, i) => i + 2), 1];
}

/** The permutation that moves channels from the end to axis 1. */
export function toChannelsFirstPerm(spatialRank: number): number[] {
  return [0, spatialRank + 1, ...Array.from({ length: spatialRank }, (_, i) => i + 1)];
}

/** Runs `fn` on a channels-last view of `x`, converting in and out when `dataFormat` is channelsFirst. */
export function withChannelsLast(x: tf.Tensor, spatialRank: number, dataFormat: DataFormat, fn: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (dataFormat === 'channelsLast') return fn(x);
  return tf.transpose(fn(tf.transpose(x, toChannelsLastPerm(spatialRank))), toChannelsFirstPerm(spatialRank));
}

/** A shape in channels-last order from one in `dataFormat` order (batch axis included). */
export function shapeToChannelsLast<T>(shape: T[], dataFormat: DataFormat): T[] {
  if (dataFormat === 'channelsLast') return [...shape];
  return [shape[0]!, ...shape.slice(2), shape[1]!];
}

/** A channels-last shape back in `dataFormat` order (batch axis included). */
export function shapeFromChannelsLast<T>(shape: T[], dataFormat: DataFormat): T[] {
  if (dataFormat === 'channelsLast') return [...shape];
  return [shape[0]!, shape[shape.length - 1]!, ...shape.slice(1, -1)];
}

/**
 * The output shape of a layer that maps the spatial lengths (and maybe the channel count) of a
 * `dataFormat` input shape (batch axis included): `spatial` and `channels` see and return
 * channels-last values, and the result is back in `dataFormat` order.
 */
export function mapSpatialShape(
  shape: Shape,
  dataFormat: DataFormat,
  spatial: (lengths: (number | null)[]) => (number | null)[],
  channels: (c: number | null) => number | null = (c) => c,
): Shape {
  const s = shapeToChannelsLast(shape, dataFormat);
  return shapeFromChannelsLast([s[0]!, ...spatial(s.slice(1, -1)), channels(s[s.length - 1]!)], dataFormat);
}

/** The channel count of a (batch-included) `dataFormat` shape, which must be known (`layer` names the caller in errors). */
export function knownChannels(shape: Shape, dataFormat: DataFormat, layer: string): number {
  const c = dataFormat === 'channelsLast' ? shape[shape.length - 1] : shape[1];
  if (c === null || c === undefined) throw new Error(`${layer}: the channel axis of the input must be known, received shape [${shape.join(', ')}]`);
  return c;
}

/** The index of the channel axis in an input spec: -1 (channelsLast) or 1 (channelsFirst). */
export function channelAxis(dataFormat: DataFormat): number {
  return dataFormat === 'channelsLast' ? -1 : 1;
}

/** Checks a `dataFormat` argument. */
export function checkDataFormat(value: unknown, layer: string): DataFormat {
  if (value === undefined) return 'channelsLast';
  if (value !== 'channelsLast' && value !== 'channelsFirst') {
    throw new Error(`${layer}: dataFormat must be 'channelsLast' or 'channelsFirst'. Received: dataFormat=${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Inserts `rate − 1` zeros between kernel taps along the spatial axes (the first `rates.length`
 * axes), so a dilated convolution can run as a plain one on kernels where a backend's op has no
 * dilation (transposed convolutions, 3D). Differentiable (pad, reshape, slice). Returns `kernel`
 * itself when every rate is 1.
 */
export function dilateKernel(kernel: tf.Tensor, rates: number[]): tf.Tensor {
  let k = kernel;
  rates.forEach((rate, axis) => {
    if (rate === 1) return;
    const shape = k.shape;
    const n = shape[axis]!;
    // [..., n, rest] -> [..., n, 1, rest] -> pad to [..., n, rate, rest] -> [..., n*rate, rest] -> drop trailing zeros.
    const expanded = tf.expandDims(k, axis + 1);
    const pads = expanded.shape.map((_, i) => (i === axis + 1 ? [0, rate - 1] : [0, 0]) as [number, number]);
    const padded = tf.pad(expanded, pads);
    const merged = tf.reshape(padded, [...shape.slice(0, axis), n * rate, ...shape.slice(axis + 1)]);
    const size = merged.shape.map((d, i) => (i === axis ? (n - 1) * rate + 1 : d));
    k = tf.slice(merged, new Array<number>(merged.rank).fill(0), size);
  });
  return k;
}
