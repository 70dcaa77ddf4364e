import type { KernelArg } from '../driver/types.js';
import { PRELUDE, argValues, type HostMemory, type KernelProgram } from './program.js';
import { geometryArgs, type ConvGeometry } from './conv.js';

export { geometryArgs };

const FIELDS = 'int batch, int inH, int inW, int channels, int outH, int outW, int kH, int kW, int sH, int sW, int dH, int dW, int padTop, int padLeft';

function geom(a: number[], at: number): ConvGeometry {
  const [batch, inH, inW, channels, outH, outW, kH, kW, sH, sW, dH, dW, padTop, padLeft] = a.slice(at, at + 14) as number[];
  return { batch: batch!, inH: inH!, inW: inW!, channels: channels!, outH: outH!, outW: outW!, kH: kH!, kW: kW!, sH: sH!, sW: sW!, dH: dH!, dW: dW!, padTop: padTop!, padLeft: padLeft! };
}

/** The first window position holding the window's maximum (tfjs's tie rule), as an input offset; -1 if empty. */
const ARGMAX_FN = `
__device__ __forceinline__ long long sinew_window_argmax(const float* x, int b, int oh, int ow, int c, ${FIELDS}) {
  long long best = -1; float bv = 0.0f;
  for (int kh = 0; kh < kH; kh++) {
    int ih = oh * sH - padTop + kh * dH;
    if (ih < 0 || ih >= inH) continue;
    for (int kw = 0; kw < kW; kw++) {
      int iw = ow * sW - padLeft + kw * dW;
      if (iw < 0 || iw >= inW) continue;
      long long off = (((long long)b * inH + ih) * inW + iw) * channels + c;
      float v = x[off];
      if (best < 0 || v > bv) { best = off; bv = v; }
    }
  }
  return best;
}
`;

function windowArgmax(x: Float32Array, b: number, oh: number, ow: number, c: number, g: ConvGeometry): number {
  let best = -1;
  let bv = 0;
  for (let kh = 0; kh < g.kH; kh++) {
    const ih = oh * g.sH - g.padTop + kh * g.dH;
    if (ih < 0 || ih >= g.inH) continue;
    for (let kw = 0; kw < g.kW; kw++) {
      const iw = ow * g.sW - g.padLeft + kw * g.dW;
      if (iw < 0 || iw >= g.inW) continue;
      const off = ((b * g.inH + ih) * g.inW + iw) * g.channels + c;
      const v = x[off]!;
      if (best < 0 || v > bv) {
        best = off;
        bv = v;
      }
    }
  }
  return best;
}

/**
 * MaxPool / AvgPool forward over NHWC; the average counts only in-image positions (as tfjs does).
 * Arguments: n, y, x, geometry.
 */
export function poolProgram(kind: 'max' | 'avg'): KernelProgram {
  const name = `sinew_${kind}_pool_f`;
  const body =
    kind === 'max'
      ? `long long off = sinew_window_argmax(x, b, oh, ow, c, batch, inH, inW, channels, outH, outW, kH, kW, sH, sW, dH, dW, padTop, padLeft);
    y[i] = off < 0 ? -__int_as_float(0x7f800000) : x[off];`
      : `float s = 0.0f; int count = 0;
    for (int kh = 0; kh < kH; kh++) {
      int ih = oh * sH - padTop + kh * dH;
      if (ih < 0 || ih >= inH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int iw = ow * sW - padLeft + kw * dW;
        if (iw < 0 || iw >= inW) continue;
        s += x[(((long long)b * inH + ih) * inW + iw) * channels + c]; count++;
      }
    }
    y[i] = s / (float)count;`;
  const source = `${PRELUDE}${kind === 'max' ? ARGMAX_FN : ''}
extern "C" __global__ void ${name}(int n, float* __restrict__ y, const float* __restrict__ x, ${FIELDS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int c = t % channels; t /= channels;
    int ow = t % outW; t /= outW;
    int oh = t % outH; int b = t / outH;
    ${body}
  }
}
`;
  return {
    name,
    source,
    launch: 'elements',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const a = argValues(args);
      const [n, yP, xP] = a as [number, number, number];
      const g = geom(a, 3);
      const y = mem.f32(yP);
      const x = mem.f32(xP);
      for (let i = 0; i < n; i++) {
        let t = i;
        const c = t % g.channels;
        t = Math.floor(t / g.channels);
        const ow = t % g.outW;
        t = Math.floor(t / g.outW);
        const oh = t % g.outH;
        const b = Math.floor(t / g.outH);
        if (kind === 'max') {
          const off = windowArgmax(x, b, oh, ow, c, g);
          y[i] = off < 0 ? -Infinity : x[off]!;
        } else {
          let s = 0;
          let count = 0;
          for (let kh = 0; kh < g.kH; kh++) {
            const ih = oh * g.sH - g.padTop + kh * g.dH;
            if (ih < 0 || ih >= g.inH) continue;
            for (let kw = 0; kw < g.kW; kw++) {
              const iw = ow * g.sW - g.padLeft + kw * g.dW;
              if (iw < 0 || iw >= g.inW) continue;
              s += x[((b * g.inH + ih) * g.inW + iw) * g.channels + c]!;
              count++;
            }
          }
          y[i] = s / count;
        }
      }
    },
  };
}

/**
 * MaxPoolGrad / AvgPoolGrad over NHWC: one thread per dx element gathers from every window that
 * covers it. Max routes dy to the window's first maximum; avg divides by kH*kW, as tfjs's kernels do.
 * Arguments: n, dx, dy, x (max only; pass dy again for avg), geometry.
 */
export function poolGradProgram(kind: 'max' | 'avg'): KernelProgram {
  const name = `sinew_${kind}_pool_grad_f`;
  const contrib =
    kind === 'max'
      ? `if (sinew_window_argmax(x, b, oh, ow, c, batch, inH, inW, channels, outH, outW, kH, kW, sH, sW, dH, dW, padTop, padLeft) == self) acc += dy[dyOff];`
      : 'acc += dy[dyOff] * inv;';
  const source = `${PRELUDE}${kind === 'max' ? ARGMAX_FN : ''}
extern "C" __global__ void ${name}(int n, float* __restrict__ dx, const float* __restrict__ dy, const float* __restrict__ x, ${FIELDS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int c = t % channels; t /= channels;
    int iw = t % inW; t /= inW;
    int ih = t % inH; int b = t / inH;
    ${kind === 'max' ? 'long long self = i;' : 'float inv = 1.0f / (float)(kH * kW);'}
    float acc = 0.0f;
    for (int kh = 0; kh < kH; kh++) {
      int yy = ih + padTop - kh * dH;
      if (yy < 0 || yy % sH != 0) continue;
      int oh = yy / sH;
      if (oh >= outH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int zz = iw + padLeft - kw * dW;
        if (zz < 0 || zz % sW != 0) continue;
        int ow = zz / sW;
        if (ow >= outW) continue;
        long long dyOff = (((long long)b * outH + oh) * outW + ow) * channels + c;
        ${contrib}
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
      const [n, dxP, dyP, xP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const dx = mem.f32(dxP);
      const dy = mem.f32(dyP);
      const x = mem.f32(xP);
      const inv = 1 / (g.kH * g.kW);
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
          const yy = ih + g.padTop - kh * g.dH;
          if (yy < 0 || yy % g.sH !== 0) continue;
          const oh = yy / g.sH;
          if (oh >= g.outH) continue;
          for (let kw = 0; kw < g.kW; kw++) {
            const zz = iw + g.padLeft - kw * g.dW;
            if (zz < 0 || zz % g.sW !== 0) continue;
            const ow = zz / g.sW;
            if (ow >= g.outW) continue;
            const dyOff = ((b * g.outH + oh) * g.outW + ow) * g.channels + c;
            if (kind === 'max') {
              if (windowArgmax(x, b, oh, ow, c, g) === i) acc += dy[dyOff]!;
            } else acc += dy[dyOff]! * inv;
          }
        }
        dx[i] = acc;
      }
    },
  };
}
