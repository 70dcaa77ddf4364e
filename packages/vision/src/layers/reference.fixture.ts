/**
 * Direct loop-based references of the definitions (test fixtures only): N-D convolution with
 * strides, dilation, padding and groups, and N-D transposed convolution as the scatter of each input
 * pixel times the kernel. Written from the definitions, independent of tfjs's kernels.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | [number, number][];

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

function* indices(shape: number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < n; flat++) {
    const idx: number[] = [];
    let r = flat;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx.unshift(r % shape[i]!);
      r = Math.floor(r / shape[i]!);
    }
    yield idx;
  }
}

/** TF's 'same' rule: output ceil(n/s), padding total max((out-1)s + kEff - n, 0), the odd one at the end. */
function samePadBefore(n: number, k: number, s: number, d: number): number {
  const kEff = (k - 1) * d + 1;
  const out = Math.ceil(n / s);
  return Math.floor(Math.max((out - 1) * s + kEff - n, 0) / 2);
}

/** y[b, o, f] = bias[f] + Σ_t Σ_c x[b, o·s − padBefore + t·d, g·Cg + c] · k[t, c, f]. */
export function refConv(x: tf.Tensor, k: tf.Tensor, bias: tf.Tensor | null, o: { strides: number[]; dilation: number[]; padding: Pad; groups?: number }): tf.Tensor {
  const rank = x.rank - 2;
  const xs = x.shape;
  const ks = k.shape;
  const xv = x.dataSync();
  const kv = k.dataSync();
  const bv = bias?.dataSync();
  const groups = o.groups ?? 1;
  const cinG = ks[rank]!;
  const filters = ks[rank + 1]!;
  const fPerG = filters / groups;
  const before: number[] = [];
  const outSp: number[] = [];
  for (let a = 0; a < rank; a++) {
    const n = xs[a + 1]!;
    const kk = ks[a]!;
    const kEff = (kk - 1) * o.dilation[a]! + 1;
    if (o.padding === 'same') {
      before.push(samePadBefore(n, kk, o.strides[a]!, o.dilation[a]!));
      outSp.push(Math.ceil(n / o.strides[a]!));
    } else {
      const p = o.padding === 'valid' ? [0, 0] : o.padding[a]!;
      before.push(p[0]!);
      outSp.push(Math.floor((n + p[0]! + p[1]! - kEff) / o.strides[a]!) + 1);
    }
  }
  const outShape = [xs[0]!, ...outSp, filters];
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  const xst = strides(xs);
  const kst = strides(ks);
  let flat = 0;
  for (const idx of indices(outShape)) {
    const b = idx[0]!;
    const f = idx[rank + 1]!;
    const g = Math.floor(f / fPerG);
    let acc = bv ? bv[f]! : 0;
    for (const t of indices(ks.slice(0, rank))) {
      let off = b * xst[0]!;
      let inside = true;
      for (let a = 0; a < rank; a++) {
        const p = idx[a + 1]! * o.strides[a]! - before[a]! + t[a]! * o.dilation[a]!;
        if (p < 0 || p >= xs[a + 1]!) {
          inside = false;
          break;
        }
        off += p * xst[a + 1]!;
      }
      if (!inside) continue;
      let koff = 0;
      for (let a = 0; a < rank; a++) koff += t[a]! * kst[a]!;
      for (let c = 0; c < cinG; c++) acc += xv[off + g * cinG + c]! * kv[koff + c * kst[rank]! + f]!;
    }
    out[flat++] = acc;
  }
  return tf.tensor(out, outShape);
}

/**
 * Transposed convolution as the scatter of its definition: each input pixel i adds
 * x[i, c] · k[t, f, c] to output position i·s + t·d − padBefore (positions outside [0, L) are
 * dropped), L the output length. padBefore is 0 for 'valid'; for 'same' it is TensorFlow's
 * (floor of max((n−1)s + kEff − L, 0) / 2), the convention Keras inherits from tf.nn.conv_transpose.
 * Kernel layout `[...kernelSize, filters, inChannels]` (Keras's).
 */
export function refConvTranspose(x: tf.Tensor, k: tf.Tensor, bias: tf.Tensor | null, o: { strides: number[]; dilation: number[]; padding: 'valid' | 'same'; outputLength: number[] }): tf.Tensor {
  const rank = x.rank - 2;
  const xs = x.shape;
  const ks = k.shape;
  const xv = x.dataSync();
  const kv = k.dataSync();
  const bv = bias?.dataSync();
  const filters = ks[rank]!;
  const cin = ks[rank + 1]!;
  const before = o.outputLength.map((L, a) => {
    if (o.padding === 'valid') return 0;
    const kEff = (ks[a]! - 1) * o.dilation[a]! + 1;
    return Math.floor(Math.max((xs[a + 1]! - 1) * o.strides[a]! + kEff - L, 0) / 2);
  });
  const outShape = [xs[0]!, ...o.outputLength, filters];
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  const ost = strides(outShape);
  const kst = strides(ks);
  for (const idx of indices(xs.slice(0, rank + 1))) {
    const b = idx[0]!;
    let xoff = b * strides(xs)[0]!;
    for (let a = 0; a < rank; a++) xoff += idx[a + 1]! * strides(xs)[a + 1]!;
    for (const t of indices(ks.slice(0, rank))) {
      let ooff = b * ost[0]!;
      let inside = true;
      for (let a = 0; a < rank; a++) {
        const p = idx[a + 1]! * o.strides[a]! + t[a]! * o.dilation[a]! - before[a]!;
        if (p < 0 || p >= o.outputLength[a]!) {
          inside = false;
          break;
        }
        ooff += p * ost[a + 1]!;
      }
      if (!inside) continue;
      let koff = 0;
      for (let a = 0; a < rank; a++) koff += t[a]! * kst[a]!;
      for (let f = 0; f < filters; f++) {
        let acc = 0;
        for (let c = 0; c < cin; c++) acc += xv[xoff + c]! * kv[koff + f * cin + c]!;
        out[ooff + f] = out[ooff + f]! + acc;
      }
    }
  }
  if (bv) for (let i = 0; i < out.length; i++) out[i] = out[i]! + bv[i % filters]!;
  return tf.tensor(out, outShape);
}
