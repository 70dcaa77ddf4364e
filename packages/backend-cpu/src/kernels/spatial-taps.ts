import type * as tf from '@tensorflow/tfjs-core';
import type { KernelScope } from './kernel-scope.js';

/**
 * The geometry of a window sweep over the spatial axes of a channels-last tensor
 * `[batch, ...spatial, channels]` (1, 2 or 3 spatial axes), as tfjs's conv/pool infos give it.
 */
export interface SpatialGeometry {
  inSizes: number[];
  outSizes: number[];
  filterSizes: number[];
  strides: number[];
  dilations: number[];
  padBefore: number[];
  padAfter: number[];
}

/** Geometry of a tfjs `Conv2DInfo` (also what computePool2DInfo returns). */
export function geometry2d(info: tf.backend_util.Conv2DInfo): SpatialGeometry {
  return {
    inSizes: [info.inHeight, info.inWidth],
    outSizes: [info.outHeight, info.outWidth],
    filterSizes: [info.filterHeight, info.filterWidth],
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    padBefore: [info.padInfo.top, info.padInfo.left],
    padAfter: [info.padInfo.bottom, info.padInfo.right],
  };
}

/** Geometry of a tfjs `Conv3DInfo` (also what computePool3DInfo returns). */
export function geometry3d(info: tf.backend_util.Conv3DInfo): SpatialGeometry {
  return {
    inSizes: [info.inDepth, info.inHeight, info.inWidth],
    outSizes: [info.outDepth, info.outHeight, info.outWidth],
    filterSizes: [info.filterDepth, info.filterHeight, info.filterWidth],
    strides: [info.strideDepth, info.strideHeight, info.strideWidth],
    dilations: [info.dilationDepth, info.dilationHeight, info.dilationWidth],
    padBefore: [info.padInfo.front, info.padInfo.top, info.padInfo.left],
    padAfter: [info.padInfo.back, info.padInfo.bottom, info.padInfo.right],
  };
}

/** Every filter tap (offset per spatial axis), row-major: the order tfjs scans a window in. */
export function filterTaps(filterSizes: readonly number[]): number[][] {
  let taps: number[][] = [[]];
  for (const size of filterSizes) {
    taps = taps.flatMap((t) => Array.from({ length: size }, (_, i) => [...t, i]));
  }
  return taps;
}

/**
 * Pads the spatial axes as the geometry says, with `value`. The spatial axes start at `spatialStart`:
 * 1 for channels-last `[batch, ...spatial, channels]`, 2 for channels-first `[channels, batch, ...spatial]`.
 */
export function padSpatialAxes(k: KernelScope, x: tf.TensorInfo, g: SpatialGeometry, value = 0, spatialStart = 1): tf.TensorInfo {
  if (g.padBefore.every((p) => p === 0) && g.padAfter.every((p) => p === 0)) return x;
  const paddings = x.shape.map(() => [0, 0]);
  g.padBefore.forEach((b, i) => (paddings[spatialStart + i] = [b, g.padAfter[i]!]));
  return k.run('PadV2', { x }, { paddings, constantValue: value });
}

/**
 * What filter tap `tap` meets at every output position: a strided slice of the padded input whose
 * spatial axes (from `spatialStart`, see {@link padSpatialAxes}) become `outSizes`.
 */
export function gatherTap(
  k: KernelScope,
  padded: tf.TensorInfo,
  g: SpatialGeometry,
  tap: readonly number[],
  spatialStart = 1,
): tf.TensorInfo {
  const begin = padded.shape.map(() => 0);
  const size = [...padded.shape];
  tap.forEach((t, i) => {
    begin[spatialStart + i] = t * g.dilations[i]!;
    size[spatialStart + i] = g.outSizes[i]!;
  });
  if (g.strides.every((s) => s === 1)) return k.run('Slice', { x: padded }, { begin, size });
  const end = begin.map((b, a) => b + size[a]!);
  const strides = padded.shape.map(() => 1);
  g.strides.forEach((s, i) => {
    strides[spatialStart + i] = s;
    end[spatialStart + i] = begin[spatialStart + i]! + (g.outSizes[i]! - 1) * s + 1;
  });
  return k.run(
    'StridedSlice',
    { x: padded },
    { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
  );
}

/**
 * Zero-stuffs `[batch, ...outSizes, channels]` by the strides: element o lands at o·stride, followed
 * by stride - 1 zeros; the spatial sizes become outSizes·strides. Rank-4 pads only.
 */
export function stuffByStrides(k: KernelScope, t: tf.TensorInfo, g: SpatialGeometry): { stuffed: tf.TensorInfo; sizes: number[] } {
  const n = g.outSizes.length;
  const batch = t.shape[0]!;
  const channels = t.shape[n + 1]!;
  let u = t;
  const sizes = [...g.outSizes];
  for (let a = 0; a < n; a++) {
    const s = g.strides[a]!;
    if (s === 1) continue;
    const before = batch * sizes.slice(0, a).reduce((p, q) => p * q, 1);
    const after = sizes.slice(a + 1).reduce((p, q) => p * q, 1) * channels;
    const padded = k.run('PadV2', { x: k.reshape(u, [before, sizes[a]!, 1, after]) }, {
      paddings: [[0, 0], [0, 0], [0, s - 1], [0, 0]],
      constantValue: 0,
    });
    sizes[a] = sizes[a]! * s;
    u = k.reshape(padded, [batch, ...sizes, channels]);
  }
  return { stuffed: u, sizes };
}

/** Crops (negative) or zero-pads (positive) each spatial axis of `[batch, ...spatial, channels]` at both ends. */
export function padOrCrop(k: KernelScope, u: tf.TensorInfo, lead: readonly number[], trail: readonly number[]): tf.TensorInfo {
  const n = lead.length;
  const sizes = u.shape.slice(1, n + 1);
  if (lead.some((l) => l < 0) || trail.some((r) => r < 0)) {
    const begin = [0, ...lead.map((l) => Math.max(0, -l)), 0];
    const size = [u.shape[0]!, ...sizes.map((s, a) => s - Math.max(0, -lead[a]!) - Math.max(0, -trail[a]!)), u.shape[n + 1]!];
    u = k.run('Slice', { x: u }, { begin, size });
  }
  if (lead.some((l) => l > 0) || trail.some((r) => r > 0)) {
    const paddings = [[0, 0], ...lead.map((l, a) => [Math.max(0, l), Math.max(0, trail[a]!)]), [0, 0]];
    u = k.run('PadV2', { x: u }, { paddings, constantValue: 0 });
  }
  return u;
}

/**
 * The input of the stride-1 correlation that computes a convolution's input gradient: dy
 * `[batch, ...outSizes, channels]` zero-stuffed by the strides and padded so that correlating it with
 * the spatially flipped filter at the forward dilation ('valid') yields exactly `inSizes`:
 * dx[i] = Σ_t dy_stuffed[i + pad - t·d] W[t] = Σ_t' padded[i + t'·d] W[K-1-t'].
 */
export function transposedConvInput(k: KernelScope, dy: tf.TensorInfo, g: SpatialGeometry): tf.TensorInfo {
  const { stuffed, sizes } = stuffByStrides(k, dy, g);
  const lead = g.filterSizes.map((f, a) => (f - 1) * g.dilations[a]! - g.padBefore[a]!);
  const trail = g.inSizes.map((size, a) => size + g.padBefore[a]! - sizes[a]!);
  return padOrCrop(k, stuffed, lead, trail);
}

/**
 * The inverse of {@link gatherTap}: puts `[batch, ...outSizes, channels]` values where tap `tap` read
 * them from, in a zero `[batch, ...inSizes, channels]` tensor (input i = o·stride + tap·dilation - padBefore).
 * Summing the placed taps is col2im.
 */
export function scatterTap(k: KernelScope, t: tf.TensorInfo, g: SpatialGeometry, tap: readonly number[]): tf.TensorInfo {
  const { stuffed, sizes } = stuffByStrides(k, t, g);
  // Shift to the tap's offset: crop what falls outside, pad the rest with zeros.
  const lead = tap.map((tp, a) => tp * g.dilations[a]! - g.padBefore[a]!);
  const trail = lead.map((l, a) => g.inSizes[a]! - l - sizes[a]!);
  return padOrCrop(k, stuffed, lead, trail);
}

/** Sums same-shaped tensors (AddN), or returns the one. */
export function sumAll(k: KernelScope, parts: tf.TensorInfo[]): tf.TensorInfo {
  if (parts.length === 1) return parts[0]!;
  return k.run('AddN', parts);
}
