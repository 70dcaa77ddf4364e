import { BLOCK, kernelProgram, treeReduceC, type KernelProgram } from './program.js';
import {
  GEOMETRY_ARG_COUNT,
  GEOMETRY_PARAMS,
  INSIDE_IMAGE_C,
  TAP_COL_C,
  TAP_ROW_C,
  coveringWindowsC,
  forEachCoveringWindow,
  forEachWindowTap,
  geometryFrom,
  inputAt,
  inputAtC,
  insideImage,
  outputAt,
  outputAtC,
  tapCol,
  tapRow,
  unflatten,
  unflattenC,
  windowTapsC,
  type ConvGeometry,
} from './spatial-window.js';

/**
 * Depthwise 2-D convolution over NHWC with a channel multiplier M: filter [kH, kW, C, M], output
 * channel c*M + m. Arguments of every kernel here: n, out, a, b, geometry (14 ints, see
 * spatial-window.ts), M.
 */
const FIELDS = `${GEOMETRY_PARAMS}, int mult`;

function geom(a: number[], at: number): ConvGeometry & { mult: number } {
  return { ...geometryFrom(a, at), mult: a[at + GEOMETRY_ARG_COUNT]! };
}

/** Forward: y[b, oh, ow, c*M+m] = Σ_kh,kw x[b, ih, iw, c] · w[kh, kw, c, m]. Arguments: n, y, x, w, geometry, M. */
export function depthwiseProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_depthwise_f',
    launch: 'elements',
    params: `int n, float* __restrict__ y, const float* __restrict__ x, const float* __restrict__ w, ${FIELDS}`,
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['m', 'mult'], ['c', 'channels'], ['ow', 'outW'], ['oh', 'outH']], 'b')}
    float acc = 0.0f;
    ${windowTapsC(`acc += x[${inputAtC()}] * w[((kh * kW + kw) * channels + c) * mult + m];`)}
    y[i] = acc;
  }`,
    reference(a, mem) {
      const [n, yP, xP, wP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const y = mem.f32(yP);
      const x = mem.f32(xP);
      const w = mem.f32(wP);
      for (let i = 0; i < n; i++) {
        const [m, c, ow, oh, b] = unflatten(i, [g.mult, g.channels, g.outW, g.outH]);
        let acc = 0;
        forEachWindowTap(g, oh, ow, (ih, iw, kh, kw) => {
          acc += x[inputAt(g, b, ih, iw, c)]! * w[((kh * g.kW + kw) * g.channels + c) * g.mult + m]!;
        });
        y[i] = acc;
      }
    },
  });
}

/**
 * Gradient with respect to the input: dx[b, ih, iw, c] = Σ over (kh, kw) whose window position hits
 * (ih, iw) and over m of dy[b, oh, ow, c*M+m] · w[kh, kw, c, m]. Arguments: n, dx, dy, w, geometry, M.
 */
export function depthwiseBackpropInputProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_depthwise_backprop_input_f',
    launch: 'elements',
    params: `int n, float* __restrict__ dx, const float* __restrict__ dy, const float* __restrict__ w, ${FIELDS}`,
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['c', 'channels'], ['iw', 'inW'], ['ih', 'inH']], 'b')}
    float acc = 0.0f;
    ${coveringWindowsC(`const float* g = dy + (${outputAtC()}) * mult;
        const float* f = w + ((kh * kW + kw) * channels + c) * mult;
        for (int m = 0; m < mult; m++) acc += g[m] * f[m];`)}
    dx[i] = acc;
  }`,
    reference(a, mem) {
      const [n, dxP, dyP, wP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const dx = mem.f32(dxP);
      const dy = mem.f32(dyP);
      const w = mem.f32(wP);
      for (let i = 0; i < n; i++) {
        const [c, iw, ih, b] = unflatten(i, [g.channels, g.inW, g.inH]);
        let acc = 0;
        forEachCoveringWindow(g, ih, iw, (oh, ow, kh, kw) => {
          const go = outputAt(g, b, oh, ow, c) * g.mult;
          const fo = ((kh * g.kW + kw) * g.channels + c) * g.mult;
          for (let m = 0; m < g.mult; m++) acc += dy[go + m]! * w[fo + m]!;
        });
        dx[i] = acc;
      }
    },
  });
}

/**
 * Gradient with respect to the filter, one block per filter element reducing over batch and output
 * positions: dw[kh, kw, c, m] = Σ_b,oh,ow x[b, ih, iw, c] · dy[b, oh, ow, c*M+m].
 * Arguments: rows (= kH·kW·C·M), dw, x, dy, geometry, M.
 */
export function depthwiseBackpropFilterProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_depthwise_backprop_filter_f',
    launch: 'rows',
    params: `int rows, float* __restrict__ dw, const float* __restrict__ x, const float* __restrict__ dy, ${FIELDS}`,
    body: `__shared__ float acc[${BLOCK}];
  SINEW_ROWS(row, rows) {
    ${unflattenC('row', [['m', 'mult'], ['c', 'channels'], ['kw', 'kW']], 'kh')}
    float a = 0.0f;
    int total = batch * outH * outW;
    for (int j = threadIdx.x; j < total; j += blockDim.x) {
      ${unflattenC('j', [['ow', 'outW'], ['oh', 'outH']], 'b', 'u')}
      int ih = ${TAP_ROW_C};
      int iw = ${TAP_COL_C};
      if (${INSIDE_IMAGE_C}) a += x[${inputAtC()}] * dy[${outputAtC('c * mult + m', 'channels * mult')}];
    }
    acc[threadIdx.x] = a;
    ${treeReduceC('acc[threadIdx.x] += acc[threadIdx.x + s];')}
    if (threadIdx.x == 0) dw[row] = acc[0];
    __syncthreads();
  }`,
    reference(a, mem) {
      const [rows, dwP, xP, dyP] = a as [number, number, number, number];
      const g = geom(a, 4);
      const dw = mem.f32(dwP);
      const x = mem.f32(xP);
      const dy = mem.f32(dyP);
      for (let row = 0; row < rows; row++) {
        const [m, c, kw, kh] = unflatten(row, [g.mult, g.channels, g.kW]);
        let s = 0;
        for (let j = 0; j < g.batch * g.outH * g.outW; j++) {
          const [ow, oh, b] = unflatten(j, [g.outW, g.outH]);
          const ih = tapRow(g, oh, kh);
          const iw = tapCol(g, ow, kw);
          if (insideImage(g, ih, iw)) s += x[inputAt(g, b, ih, iw, c)]! * dy[outputAt(g, b, oh, ow, c * g.mult + m, g.channels * g.mult)]!;
        }
        dw[row] = s;
      }
    },
  });
}
