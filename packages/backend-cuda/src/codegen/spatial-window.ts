import type { KernelArg } from '../driver/types.js';

// The index math shared by every NHWC window kernel (im2col/col2im, depthwise, pooling), each piece
// written once as a C snippet and once as its JS twin, so the mock's references follow the CUDA text.
// The C snippets assume the kernel declares the geometry parameters (GEOMETRY_PARAMS) and use fixed
// coordinate names: b (image), oh, ow (output position), ih, iw (input position), kh, kw (filter
// tap) and c (input channel).

/** The geometry of a 2-D convolution or pooling window over NHWC tensors (from tfjs's Conv2DInfo). */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  padTop: number;
  padLeft: number;
}

const GEOM_FIELDS = ['batch', 'inH', 'inW', 'channels', 'outH', 'outW', 'kH', 'kW', 'sH', 'sW', 'dH', 'dW', 'padTop', 'padLeft'] as const;

/** How many kernel arguments {@link geometryArgs} produces. */
export const GEOMETRY_ARG_COUNT = GEOM_FIELDS.length;

/**
 * The geometry as kernel arguments, in the order every conv/pool kernel declares them.
 *
 * @example
 * ```ts
 * const g = { batch: 1, inH: 4, inW: 4, channels: 3, outH: 2, outW: 2, kH: 2, kW: 2, sH: 2, sW: 2, dH: 1, dW: 1, padTop: 0, padLeft: 0 };
 * geometryArgs(g).length; // 14, each { i32 }
 * ```
 */
export function geometryArgs(g: ConvGeometry): KernelArg[] {
  return GEOM_FIELDS.map((k) => ({ i32: g[k] }));
}

/** The C parameter list matching {@link geometryArgs}: `int batch, int inH, ...`. */
export const GEOMETRY_PARAMS = GEOM_FIELDS.map((k) => `int ${k}`).join(', ');

/** The geometry parameters' names, `batch, inH, ...`, for passing them on to a device function. */
export const GEOMETRY_NAMES = GEOM_FIELDS.join(', ');

/** Reads the geometry back from a kernel's argument values, starting at position `at` (JS references). */
export function geometryFrom(values: readonly number[], at: number): ConvGeometry {
  const g = {} as Record<(typeof GEOM_FIELDS)[number], number>;
  GEOM_FIELDS.forEach((k, j) => (g[k] = values[at + j]!));
  return g;
}

/**
 * C statements splitting flat index `index` into coordinates, innermost first: each `[name, extent]`
 * declares `int name = t % extent`, and `outer` takes what is left (the slowest dimension). `temp` names
 * the scratch variable, so a kernel can split two indices in one scope.
 */
export function unflattenC(index: string, dims: readonly (readonly [name: string, extent: string])[], outer: string, temp = 't'): string {
  const lines = [`int ${temp} = ${index};`];
  for (const [name, extent] of dims) lines.push(`int ${name} = ${temp} % ${extent}; ${temp} /= ${extent};`);
  lines.push(`int ${outer} = ${temp};`);
  return lines.join('\n    ');
}

/**
 * JS twin of {@link unflattenC}: the coordinates of `index` for the given extents (innermost first),
 * then the outer coordinate.
 *
 * @example
 * ```ts
 * unflatten(23, [3, 4]); // [2, 3, 1]: 23 = (1 * 4 + 3) * 3 + 2
 * ```
 */
export function unflatten<const E extends readonly number[]>(index: number, extents: E): [...{ -readonly [K in keyof E]: number }, number] {
  const out: number[] = [];
  let t = index;
  for (const e of extents) {
    out.push(t % e);
    t = Math.floor(t / e);
  }
  out.push(t);
  return out as [...{ -readonly [K in keyof E]: number }, number];
}

/** C: the input row read by output row `oh` at filter tap `kh`; the column twin is {@link TAP_COL_C}. */
export const TAP_ROW_C = 'oh * sH - padTop + kh * dH';
/** C: the input column read by output column `ow` at filter tap `kw`. */
export const TAP_COL_C = 'ow * sW - padLeft + kw * dW';
/** C: whether (`ih`, `iw`) lies inside the image (outside is padding). */
export const INSIDE_IMAGE_C = 'ih >= 0 && ih < inH && iw >= 0 && iw < inW';

/** JS twin of {@link TAP_ROW_C}. */
export function tapRow(g: ConvGeometry, oh: number, kh: number): number {
  return oh * g.sH - g.padTop + kh * g.dH;
}

/** JS twin of {@link TAP_COL_C}. */
export function tapCol(g: ConvGeometry, ow: number, kw: number): number {
  return ow * g.sW - g.padLeft + kw * g.dW;
}

/** JS twin of {@link INSIDE_IMAGE_C}. */
export function insideImage(g: ConvGeometry, ih: number, iw: number): boolean {
  return ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
}

/** C: the flat offset of x[b, ih, iw, `c`] in the NHWC input. */
export function inputAtC(c = 'c'): string {
  return `(((long long)b * inH + ih) * inW + iw) * channels + ${c}`;
}

/** C: the flat offset of y[b, oh, ow, `c`] in an NHWC output of `channels` channels. */
export function outputAtC(c = 'c', channels = 'channels'): string {
  return `(((long long)b * outH + oh) * outW + ow) * ${channels} + ${c}`;
}

/** JS twin of {@link inputAtC}. */
export function inputAt(g: ConvGeometry, b: number, ih: number, iw: number, c: number): number {
  return ((b * g.inH + ih) * g.inW + iw) * g.channels + c;
}

/** JS twin of {@link outputAtC}. */
export function outputAt(g: ConvGeometry, b: number, oh: number, ow: number, c: number, channels = g.channels): number {
  return ((b * g.outH + oh) * g.outW + ow) * channels + c;
}

/**
 * C: runs `body` for every filter tap (kh, kw) of output position (oh, ow) whose input position
 * (ih, iw) lies inside the image; padding taps are skipped.
 */
export function windowTapsC(body: string): string {
  return `for (int kh = 0; kh < kH; kh++) {
      int ih = ${TAP_ROW_C};
      if (ih < 0 || ih >= inH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int iw = ${TAP_COL_C};
        if (iw < 0 || iw >= inW) continue;
        ${body}
      }
    }`;
}

/** JS twin of {@link windowTapsC}: calls `fn(ih, iw, kh, kw)` for each in-image tap, in the same order. */
export function forEachWindowTap(g: ConvGeometry, oh: number, ow: number, fn: (ih: number, iw: number, kh: number, kw: number) => void): void {
  for (let kh = 0; kh < g.kH; kh++) {
    const ih = tapRow(g, oh, kh);
    if (ih < 0 || ih >= g.inH) continue;
    for (let kw = 0; kw < g.kW; kw++) {
      const iw = tapCol(g, ow, kw);
      if (iw < 0 || iw >= g.inW) continue;
      fn(ih, iw, kh, kw);
    }
  }
}

/**
 * C: the adjoint of {@link windowTapsC}. Runs `body` for every (output position (oh, ow), tap (kh, kw))
 * whose window reads input position (ih, iw): a gather, so backward kernels need no atomics.
 */
export function coveringWindowsC(body: string): string {
  return `for (int kh = 0; kh < kH; kh++) {
      int yy = ih + padTop - kh * dH;
      if (yy < 0 || yy % sH != 0) continue;
      int oh = yy / sH;
      if (oh >= outH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int zz = iw + padLeft - kw * dW;
        if (zz < 0 || zz % sW != 0) continue;
        int ow = zz / sW;
        if (ow >= outW) continue;
        ${body}
      }
    }`;
}

/** JS twin of {@link coveringWindowsC}: calls `fn(oh, ow, kh, kw)` in the same order. */
export function forEachCoveringWindow(g: ConvGeometry, ih: number, iw: number, fn: (oh: number, ow: number, kh: number, kw: number) => void): void {
  for (let kh = 0; kh < g.kH; kh++) {
    const yy = ih + g.padTop - kh * g.dH;
    if (yy < 0 || yy % g.sH !== 0) continue;
    const oh = yy / g.sH;
    if (oh >= g.outH) continue;
    for (let kw = 0; kw < g.kW; kw++) {
      const zz = iw + g.padLeft - kw * g.dW;
      if (zz < 0 || zz % g.sW !== 0) continue;
      const ow = zz / g.sW;
      if (ow >= g.outW) continue;
      fn(oh, ow, kh, kw);
    }
  }
}
