import type { KernelArg } from '../driver/types.js';
import { PRELUDE, argValues, type HostMemory, type KernelProgram } from './program.js';

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

/** The geometry as kernel arguments, in the order every conv/pool kernel declares them. */
export function geometryArgs(g: ConvGeometry): KernelArg[] {
  return GEOM_FIELDS.map((k) => ({ i32: g[k] }));
}

const GEOM_PARAMS = GEOM_FIELDS.map((k) => `int ${k}`).join(', ');

function geometryFrom(values: number[], at: number): ConvGeometry {
  const g = {} as Record<(typeof GEOM_FIELDS)[number], number>;
  GEOM_FIELDS.forEach((k, j) => (g[k] = values[at + j]!));
  return g;
}

/**
 * im2col for NHWC: col[(b, oh, ow), (kh, kw, c)] = x[b, oh*sH - padTop + kh*dH, ow*sW - padLeft + kw*dW, c]
 * (0 outside the image), so that conv = col · filter[(kh, kw, c), outC] as one GEMM.
 * Arguments: n, col, x, geometry.
 */
export function im2colProgram(): KernelProgram {
  const name = 'sinew_im2col_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int n, float* __restrict__ col, const float* __restrict__ x, ${GEOM_PARAMS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int c = t % channels; t /= channels;
    int kw = t % kW; t /= kW;
    int kh = t % kH; t /= kH;
    int ow = t % outW; t /= outW;
    int oh = t % outH; int b = t / outH;
    int ih = oh * sH - padTop + kh * dH;
    int iw = ow * sW - padLeft + kw * dW;
    col[i] = (ih >= 0 && ih < inH && iw >= 0 && iw < inW) ? x[(((long long)b * inH + ih) * inW + iw) * channels + c] : 0.0f;
  }
}
`;
  return {
    name,
    source,
    launch: 'elements',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const a = argValues(args);
      const [n, colP, xP] = a as [number, number, number];
      const g = geometryFrom(a, 3);
      const col = mem.f32(colP);
      const x = mem.f32(xP);
      for (let i = 0; i < n; i++) {
        let t = i;
        const c = t % g.channels;
        t = Math.floor(t / g.channels);
        const kw = t % g.kW;
        t = Math.floor(t / g.kW);
        const kh = t % g.kH;
        t = Math.floor(t / g.kH);
        const ow = t % g.outW;
        t = Math.floor(t / g.outW);
        const oh = t % g.outH;
        const b = Math.floor(t / g.outH);
        const ih = oh * g.sH - g.padTop + kh * g.dH;
        const iw = ow * g.sW - g.padLeft + kw * g.dW;
        col[i] = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW ? x[((b * g.inH + ih) * g.inW + iw) * g.channels + c]! : 0;
      }
    },
  };
}

/**
 * col2im for NHWC, the adjoint of im2col: dx[b, ih, iw, c] = sum of dcol over every window position
 * that read (ih, iw). One thread per dx element gathers, so no atomics are needed.
 * Arguments: n, dx, dcol, geometry.
 */
export function col2imProgram(): KernelProgram {
  const name = 'sinew_col2im_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int n, float* __restrict__ dx, const float* __restrict__ dcol, ${GEOM_PARAMS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int c = t % channels; t /= channels;
    int iw = t % inW; t /= inW;
    int ih = t % inH; int b = t / inH;
    float acc = 0.0f;
    for (int kh = 0; kh < kH; kh++) {
      int y = ih + padTop - kh * dH;
      if (y < 0 || y % sH != 0) continue;
      int oh = y / sH;
      if (oh >= outH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int z = iw + padLeft - kw * dW;
        if (z < 0 || z % sW != 0) continue;
        int ow = z / sW;
        if (ow >= outW) continue;
        acc += dcol[((((long long)b * outH + oh) * outW + ow) * kH + kh) * kW * channels + kw * channels + c];
      }
    }
    dx[i] = acc;
  }
}
`;
  return {
    name,
    source,
    launch: 'elements',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const a = argValues(args);
      const [n, dxP, dcolP] = a as [number, number, number];
      const g = geometryFrom(a, 3);
      const dx = mem.f32(dxP);
      const dcol = mem.f32(dcolP);
      for (let i = 0; i < n; i++) {
        let t = i;
        const c = t % g.channels;
        t = Math.floor(t / g.channels);
        const iw = t % g.inW;
        t = Math.floor(t / g.inW);
        const ih = t % g.inH;
        const b = Math.floor(t / g.inH);
        let acc = 0;
        for (let kh = 0; kh < g.kH; kh++) {
          const y = ih + g.padTop - kh * g.dH;
          if (y < 0 || y % g.sH !== 0) continue;
          const oh = y / g.sH;
          if (oh >= g.outH) continue;
          for (let kw = 0; kw < g.kW; kw++) {
            const z = iw + g.padLeft - kw * g.dW;
            if (z < 0 || z % g.sW !== 0) continue;
            const ow = z / g.sW;
            if (ow >= g.outW) continue;
            acc += dcol[(((b * g.outH + oh) * g.outW + ow) * g.kH + kh) * g.kW * g.channels + kw * g.channels + c]!;
          }
        }
        dx[i] = acc;
      }
    },
  };
}
