import { depthwiseDims, describeDepthwiseBackprop, type Geometry } from '../../test/support/depthwise-backprop-harness.js';

/**
 * dx of y[b,i,j,c·M+q] = Σ_{r,s} x[b, i·sh + r·dh − top, j·sw + s·dw − left, c] · w[r,s,c,q], by scattering
 * every product back onto the x pixel it read (a direct loop over the definition).
 */
function backpropInputByLoop(dy: Float32Array, w: Float32Array, xShape: number[], wShape: number[], g: Geometry): Float32Array {
  const { batch, height, width, inC, fh, fw, mult, rows, cols } = depthwiseDims(xShape, wShape, g);
  const dx = new Float32Array(batch * height * width * inC);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.out; i++) {
      for (let j = 0; j < cols.out; j++) {
        for (let r = 0; r < fh; r++) {
          const h = i * g.strides[0] + r * g.dilations[0] - rows.before;
          if (h < 0 || h >= height) continue;
          for (let s = 0; s < fw; s++) {
            const x = j * g.strides[1] + s * g.dilations[1] - cols.before;
            if (x < 0 || x >= width) continue;
            for (let c = 0; c < inC; c++) {
              for (let q = 0; q < mult; q++) {
                const dyAt = ((b * rows.out + i) * cols.out + j) * inC * mult + c * mult + q;
                dx[((b * height + h) * width + x) * inC + c]! += dy[dyAt]! * w[((r * fw + s) * inC + c) * mult + q]!;
              }
            }
          }
        }
      }
    }
  }
  return dx;
}

await describeDepthwiseBackprop({
  name: 'DepthwiseConv2dNativeBackpropInput',
  wrt: 'x',
  other: (length) => Float32Array.from({ length }, (_, k) => Math.cos(1.3 * k) + 0.1 * k),
  byLoop: backpropInputByLoop,
});
