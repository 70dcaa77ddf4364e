import { kernelProgram, type KernelProgram } from './program.js';
import {
  GEOMETRY_NAMES,
  GEOMETRY_PARAMS,
  coveringWindowsC,
  forEachCoveringWindow,
  forEachWindowTap,
  geometryFrom,
  inputAt,
  inputAtC,
  outputAt,
  outputAtC,
  unflatten,
  unflattenC,
  windowTapsC,
  type ConvGeometry,
} from './spatial-window.js';

/** The first window position holding the window's maximum (tfjs's tie rule), as an input offset; -1 if empty. */
const ARGMAX_FN = `
__device__ __forceinline__ long long sinew_window_argmax(const float* x, int b, int oh, int ow, int c, ${GEOMETRY_PARAMS}) {
  long long best = -1; float bv = 0.0f;
  ${windowTapsC(`long long off = ${inputAtC()};
        float v = x[off];
        if (best < 0 || v > bv) { best = off; bv = v; }`)}
  return best;
}
`;

/** C: the argmax of output position (b, oh, ow, c)'s window, through {@link ARGMAX_FN}. */
const ARGMAX_CALL = `sinew_window_argmax(x, b, oh, ow, c, ${GEOMETRY_NAMES})`;

/** JS twin of {@link ARGMAX_FN}. */
function windowArgmax(x: Float32Array, b: number, oh: number, ow: number, c: number, g: ConvGeometry): number {
  let best = -1;
  let bv = 0;
  forEachWindowTap(g, oh, ow, (ih, iw) => {
    const off = inputAt(g, b, ih, iw, c);
    const v = x[off]!;
    if (best < 0 || v > bv) {
      best = off;
      bv = v;
    }
  });
  return best;
}

/**
 * MaxPool / AvgPool forward over NHWC; the average counts only in-image positions (as tfjs does).
 * Arguments: n, y, x, geometry.
 */
export function poolProgram(kind: 'max' | 'avg'): KernelProgram {
  const body =
    kind === 'max'
      ? `long long off = ${ARGMAX_CALL};
    y[i] = off < 0 ? -__int_as_float(0x7f800000) : x[off];`
      : `float s = 0.0f; int count = 0;
    ${windowTapsC(`s += x[${inputAtC()}]; count++;`)}
    y[i] = s / (float)count;`;
  return kernelProgram({
    name: `sinew_${kind}_pool_f`,
    launch: 'elements',
    params: `int n, float* __restrict__ y, const float* __restrict__ x, ${GEOMETRY_PARAMS}`,
    helpers: kind === 'max' ? ARGMAX_FN : '',
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['c', 'channels'], ['ow', 'outW'], ['oh', 'outH']], 'b')}
    ${body}
  }`,
    reference(a, mem) {
      const [n, yP, xP] = a as [number, number, number];
      const g = geometryFrom(a, 3);
      const y = mem.f32(yP);
      const x = mem.f32(xP);
      for (let i = 0; i < n; i++) {
        const [c, ow, oh, b] = unflatten(i, [g.channels, g.outW, g.outH]);
        if (kind === 'max') {
          const off = windowArgmax(x, b, oh, ow, c, g);
          y[i] = off < 0 ? -Infinity : x[off]!;
        } else {
          let s = 0;
          let count = 0;
          forEachWindowTap(g, oh, ow, (ih, iw) => {
            s += x[inputAt(g, b, ih, iw, c)]!;
            count++;
          });
          y[i] = s / count;
        }
      }
    },
  });
}

/**
 * MaxPoolGrad / AvgPoolGrad over NHWC: one thread per dx element gathers from every window that
 * covers it. Max routes dy to the window's first maximum; avg divides by kH*kW, as tfjs's kernels do.
 * Arguments: n, dx, dy, x (max only; pass dy again for avg), geometry.
 */
export function poolGradProgram(kind: 'max' | 'avg'): KernelProgram {
  const contrib = kind === 'max' ? `if (${ARGMAX_CALL} == self) acc += dy[dyOff];` : 'acc += dy[dyOff] * inv;';
  return kernelProgram({
    name: `sinew_${kind}_pool_grad_f`,
    launch: 'elements',
    params: `int n, float* __restrict__ dx, const float* __restrict__ dy, const float* __restrict__ x, ${GEOMETRY_PARAMS}`,
    helpers: kind === 'max' ? ARGMAX_FN : '',
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['c', 'channels'], ['iw', 'inW'], ['ih', 'inH']], 'b')}
    ${kind === 'max' ? 'long long self = i;' : 'float inv = 1.0f / (float)(kH * kW);'}
    float acc = 0.0f;
    ${coveringWindowsC(`long long dyOff = ${outputAtC()};
        ${contrib}`)}
    dx[i] = acc;
  }`,
    reference(a, mem) {
      const [n, dxP, dyP, xP] = a as [number, number, number, number];
      const g = geometryFrom(a, 4);
      const dx = mem.f32(dxP);
      const dy = mem.f32(dyP);
      const x = mem.f32(xP);
      const inv = 1 / (g.kH * g.kW);
      for (let i = 0; i < n; i++) {
        const [c, iw, ih, b] = unflatten(i, [g.channels, g.inW, g.inH]);
        let acc = 0;
        forEachCoveringWindow(g, ih, iw, (oh, ow) => {
          const dyOff = outputAt(g, b, oh, ow, c);
          if (kind === 'max') {
            if (windowArgmax(x, b, oh, ow, c, g) === i) acc += dy[dyOff]!;
          } else acc += dy[dyOff]! * inv;
        });
        dx[i] = acc;
      }
    },
  });
}
