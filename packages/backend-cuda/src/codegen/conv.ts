import { kernelProgram, type KernelProgram } from './program.js';
import {
  GEOMETRY_PARAMS,
  INSIDE_IMAGE_C,
  TAP_COL_C,
  TAP_ROW_C,
  coveringWindowsC,
  forEachCoveringWindow,
  geometryFrom,
  inputAt,
  inputAtC,
  insideImage,
  tapCol,
  tapRow,
  unflatten,
  unflattenC,
} from './spatial-window.js';

/**
 * im2col for NHWC: col[(b, oh, ow), (kh, kw, c)] = x[b, oh*sH - padTop + kh*dH, ow*sW - padLeft + kw*dW, c]
 * (0 outside the image), so that conv = col · filter[(kh, kw, c), outC] as one GEMM.
 * Arguments: n, col, x, geometry.
 */
export function im2colProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_im2col_f',
    launch: 'elements',
    params: `int n, float* __restrict__ col, const float* __restrict__ x, ${GEOMETRY_PARAMS}`,
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['c', 'channels'], ['kw', 'kW'], ['kh', 'kH'], ['ow', 'outW'], ['oh', 'outH']], 'b')}
    int ih = ${TAP_ROW_C};
    int iw = ${TAP_COL_C};
    col[i] = (${INSIDE_IMAGE_C}) ? x[${inputAtC()}] : 0.0f;
  }`,
    reference(a, mem) {
      const [n, colP, xP] = a as [number, number, number];
      const g = geometryFrom(a, 3);
      const col = mem.f32(colP);
      const x = mem.f32(xP);
      for (let i = 0; i < n; i++) {
        const [c, kw, kh, ow, oh, b] = unflatten(i, [g.channels, g.kW, g.kH, g.outW, g.outH]);
        const ih = tapRow(g, oh, kh);
        const iw = tapCol(g, ow, kw);
        col[i] = insideImage(g, ih, iw) ? x[inputAt(g, b, ih, iw, c)]! : 0;
      }
    },
  });
}

/**
 * col2im for NHWC, the adjoint of im2col: dx[b, ih, iw, c] = sum of dcol over every window position
 * that read (ih, iw). One thread per dx element gathers, so no atomics are needed.
 * Arguments: n, dx, dcol, geometry.
 */
export function col2imProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_col2im_f',
    launch: 'elements',
    params: `int n, float* __restrict__ dx, const float* __restrict__ dcol, ${GEOMETRY_PARAMS}`,
    body: `SINEW_LOOP(i, n) {
    ${unflattenC('i', [['c', 'channels'], ['iw', 'inW'], ['ih', 'inH']], 'b')}
    float acc = 0.0f;
    ${coveringWindowsC('acc += dcol[((((long long)b * outH + oh) * outW + ow) * kH + kh) * kW * channels + kw * channels + c];')}
    dx[i] = acc;
  }`,
    reference(a, mem) {
      const [n, dxP, dcolP] = a as [number, number, number];
      const g = geometryFrom(a, 3);
      const dx = mem.f32(dxP);
      const dcol = mem.f32(dcolP);
      for (let i = 0; i < n; i++) {
        const [c, iw, ih, b] = unflatten(i, [g.channels, g.inW, g.inH]);
        let acc = 0;
        forEachCoveringWindow(g, ih, iw, (oh, ow, kh, kw) => {
          acc += dcol[(((b * g.outH + oh) * g.outW + ow) * g.kH + kh) * g.kW * g.channels + kw * g.channels + c]!;
        });
        dx[i] = acc;
      }
    },
  });
}
