import type { KernelArg } from '../driver/types.js';
import { BLOCK, PRELUDE, argValues, type HostMemory, type KernelProgram } from './program.js';
import type { ConvGeometry } from './conv.js';

/**
 * Depthwise 2-D convolution over NHWC with a channel multiplier M: filter [kH, kW, C, M], output
 * channel c*M + m. Arguments of every kernel here: n, out, a, b, geometry (14 ints as in conv.ts), M.
 */
const FIELDS = 'int batch, int inH, int inW, int channels, int outH, int outW, int kH, int kW, int sH, int sW, int dH, int dW, int padTop, int padLeft, int mult';

function geom(a: number[], at: number): ConvGeometry & { mult: number } {
  const [batch, inH, inW, channels, outH, outW, kH, kW, sH, sW, dH, dW, padTop, padLeft, mult] = a.slice(at, at + 15) as number[];
  return { batch: batch!, inH: inH!, inW: inW!, channels: channels!, outH: outH!, outW: outW!, kH: kH!, kW: kW!, sH: sH!, sW: sW!, dH: dH!, dW: dW!, padTop: padTop!, padLeft: padLeft!, mult: mult! };
}

/** Forward: y[b, oh, ow, c*M+m] = Σ_kh,kw x[b, ih, iw, c] · w[kh, kw, c, m]. Arguments: n, y, x, w, geometry, M. */
export function depthwiseProgram(): KernelProgram {
  const name = 'sinew_depthwise_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int n, float* __restrict__ y, const float* __restrict__ x, const float* __restrict__ w, ${FIELDS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int oc = t % (channels * mult); t /= channels * mult;
    int ow = t % outW; t /= outW;
    int oh = t % outH; int b = t / outH;
    int c = oc / mult; int m = oc % mult;
    float acc = 0.0f;
    for (int kh = 0; kh < kH; kh++) {
      int ih = oh * sH - padTop + kh * dH;
      if (ih < 0 || ih >= inH) continue;
      for (int kw = 0; kw < kW; kw++) {
        int iw = ow * sW - padLeft + kw * dW;
        if (iw < 0 || iw >= inW) continue;
        acc += x[(((long long)b * inH + ih) * inW + iw) * channels + c] * w[((kh * kW + kw) * channels + c) * mult + m];
      }
    }
    y[i] = acc;
  }
}
`;
  return {
    name,
    source,
    launch: 'elements',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const a = argValues(args);
      const [n, yP, xP, wP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const y = mem.f32(yP);
      const x = mem.f32(xP);
      const w = mem.f32(wP);
      const oc = g.channels * g.mult;
      for (let i = 0; i < n; i++) {
        let t = i;
        const o = t % oc;
        t = Math.floor(t / oc);
        const ow = t % g.outW;
        t = Math.floor(t / g.outW);
        const oh = t % g.outH;
        const b = Math.floor(t / g.outH);
        const c = Math.floor(o / g.mult);
        const m = o % g.mult;
        let acc = 0;
        for (let kh = 0; kh < g.kH; kh++) {
          const ih = oh * g.sH - g.padTop + kh * g.dH;
          if (ih < 0 || ih >= g.inH) continue;
          for (let kw = 0; kw < g.kW; kw++) {
            const iw = ow * g.sW - g.padLeft + kw * g.dW;
            if (iw < 0 || iw >= g.inW) continue;
            acc += x[((b * g.inH + ih) * g.inW + iw) * g.channels + c]! * w[((kh * g.kW + kw) * g.channels + c) * g.mult + m]!;
          }
        }
        y[i] = acc;
      }
    },
  };
}

/**
 * Gradient with respect to the input: dx[b, ih, iw, c] = Σ over (kh, kw) whose window position hits
 * (ih, iw) and over m of dy[b, oh, ow, c*M+m] · w[kh, kw, c, m]. Arguments: n, dx, dy, w, geometry, M.
 */
export function depthwiseBackpropInputProgram(): KernelProgram {
  const name = 'sinew_depthwise_backprop_input_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int n, float* __restrict__ dx, const float* __restrict__ dy, const float* __restrict__ w, ${FIELDS}) {
  SINEW_LOOP(i, n) {
    int t = i;
    int c = t % channels; t /= channels;
    int iw = t % inW; t /= inW;
    int ih = t % inH; int b = t / inH;
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
        const float* g = dy + ((((long long)b * outH + oh) * outW + ow) * channels + c) * mult;
        const float* f = w + ((kh * kW + kw) * channels + c) * mult;
        for (int m = 0; m < mult; m++) acc += g[m] * f[m];
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
      const [n, dxP, dyP, wP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const dx = mem.f32(dxP);
      const dy = mem.f32(dyP);
      const w = mem.f32(wP);
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
            const go = (((b * g.outH + oh) * g.outW + ow) * g.channels + c) * g.mult;
            const fo = ((kh * g.kW + kw) * g.channels + c) * g.mult;
            for (let m = 0; m < g.mult; m++) acc += dy[go + m]! * w[fo + m]!;
          }
        }
        dx[i] = acc;
      }
    },
  };
}

/**
 * Gradient with respect to the filter, one block per filter element reducing over batch and output
 * positions: dw[kh, kw, c, m] = Σ_b,oh,ow x[b, ih, iw, c] · dy[b, oh, ow, c*M+m].
 * Arguments: rows (= kH·kW·C·M), dw, x, dy, geometry, M.
 */
export function depthwiseBackpropFilterProgram(): KernelProgram {
  const name = 'sinew_depthwise_backprop_filter_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int rows, float* __restrict__ dw, const float* __restrict__ x, const float* __restrict__ dy, ${FIELDS}) {
  __shared__ float acc[${BLOCK}];
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    int t = row;
    int m = t % mult; t /= mult;
    int c = t % channels; t /= channels;
    int kw = t % kW; int kh = t / kW;
    float a = 0.0f;
    int total = batch * outH * outW;
    for (int j = threadIdx.x; j < total; j += blockDim.x) {
      int ow = j % outW; int u = j / outW;
      int oh = u % outH; int b = u / outH;
      int ih = oh * sH - padTop + kh * dH;
      int iw = ow * sW - padLeft + kw * dW;
      if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
        a += x[(((long long)b * inH + ih) * inW + iw) * channels + c] * dy[(((long long)b * outH + oh) * outW + ow) * channels * mult + c * mult + m];
      }
    }
    acc[threadIdx.x] = a;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) acc[threadIdx.x] += acc[threadIdx.x + s];
      __syncthreads();
    }
    if (threadIdx.x == 0) dw[row] = acc[0];
    __syncthreads();
  }
}
`;
  return {
    name,
    source,
    launch: 'rows',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const a = argValues(args);
      const [rows, dwP, xP, dyP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const dw = mem.f32(dwP);
      const x = mem.f32(xP);
      const dy = mem.f32(dyP);
      for (let row = 0; row < rows; row++) {
        let t = row;
        const m = t % g.mult;
        t = Math.floor(t / g.mult);
        const c = t % g.channels;
        t = Math.floor(t / g.channels);
        const kw = t % g.kW;
        const kh = Math.floor(t / g.kW);
        let s = 0;
        for (let b = 0; b < g.batch; b++) {
          for (let oh = 0; oh < g.outH; oh++) {
            for (let ow = 0; ow < g.outW; ow++) {
              const ih = oh * g.sH - g.padTop + kh * g.dH;
              const iw = ow * g.sW - g.padLeft + kw * g.dW;
              if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
              s += x[((b * g.inH + ih) * g.inW + iw) * g.channels + c]! * dy[((b * g.outH + oh) * g.outW + ow) * g.channels * g.mult + c * g.mult + m]!;
            }
          }
        }
        dw[row] = s;
      }
    },
  };
}
