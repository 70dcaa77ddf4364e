import { depthwiseDims, describeDepthwiseBackprop, type Geometry } from '../../test/support/depthwise-backprop-harness.js';

/**
 * dW of y[b,i,j,c·M+q] = Σ_{r,s} x[b, i·sh + r·dh − top, j·sw + s·dw − left, c] · w[r,s,c,q]: for each tap,
 * the sum over batch and output pixels of the x it read times dy (a direct loop over the definition).
 */
function backpropFilterByLoop(x: Float32Array, dy: Float32Array, xShape: number[], wShape: number[], g: Geometry): Float32Array {
  const { batch, height, width, inC, fh, fw, mult, rows, cols } = depthwiseDims(xShape, wShape, g);
  const dw = new Float32Array(fh * fw * inC * mult);
  for (let r = 0; r < fh; r++) {
    for (let s = 0; s < fw; s++) {
      for (let c = 0; c < inC; c++) {
        for (let q = 0; q < mult; q++) {
          let sum = 0;
          for (let b = 0; b < batch; b++) {
            for (let i = 0; i < rows.out; i++) {
              const h = i * g.strides[0] + r * g.dilations[0] - rows.before;
              if (h < 0 || h >= height) continue;
              for (let j = 0; j < cols.out; j++) {
                const xc = j * g.strides[1] + s * g.dilations[1] - cols.before;
                if (xc < 0 || xc >= width) continue;
                sum += x[((b * height + h) * width + xc) * inC + c]! * dy[((b * rows.out + i) * cols.out + j) * inC * mult + c * mult + q]!;
              }
            }
          }
          dw[((r * fw + s) * inC + c) * mult + q] = sum;
        }
      }
    }
  }
  return dw;
}

await describeDepthwiseBackprop({
  name: 'DepthwiseConv2dNativeBackpropFilter',
  wrt: 'filter',
  other: (length) => Float32Array.from({ length }, (_, k) => Math.cos(1.3 * k) + 0.01 * k),
  byLoop: (dy, x, xShape, wShape, g) => backpropFilterByLoop(x, dy, xShape, wShape, g),
});
