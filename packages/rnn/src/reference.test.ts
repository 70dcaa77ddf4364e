import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose, finiteDifferenceGrad } from '@sinew/tooling';
import { fromPyTorch, gru, lstm, simpleRNN, toPyTorch, type BaseRNN } from './index.js';
import { useCpu } from './test-setup.js';

// A plain float64 loop written from the papers' / Keras docs' equations, with asymmetric random
// weights so that a swapped gate block or a transposed matrix changes the answer.
type Mat = number[][];
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

function rand(seed: number, n: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 1.6 - 0.8;
  });
}
function toMat(flat: ArrayLike<number>, rows: number, cols: number): Mat {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]!));
}
// row vector · matrix
function vm(v: number[], m: Mat): number[] {
  return m[0]!.map((_, j) => v.reduce((s, vi, i) => s + vi * m[i]![j]!, 0));
}

type Kind = 'rnn' | 'lstm' | 'gru' | 'gru-before';
const gatesOf = { rnn: 1, lstm: 4, gru: 3, 'gru-before': 3 } as const;

/** Keras-layout reference: returns the last h of every sequence, flattened. */
function reference(kind: Kind, x: number[][][], W: Mat, U: Mat, b: number[], units: number): number[] {
  const out: number[] = [];
  for (const seq of x) {
    let h = new Array<number>(units).fill(0);
    let c = new Array<number>(units).fill(0);
    for (const xt of seq) {
      const xw = vm(xt, W);
      const hu = vm(h, U);
      const blk = (v: number[], k: number): number[] => v.slice(k * units, (k + 1) * units);
      if (kind === 'rnn') h = xw.map((v, j) => Math.tanh(v + hu[j]! + b[j]!));
      else if (kind === 'lstm') {
        const z = xw.map((v, j) => v + hu[j]! + b[j]!);
        const i = blk(z, 0).map(sig), f = blk(z, 1).map(sig), g = blk(z, 2).map(Math.tanh), o = blk(z, 3).map(sig);
        c = c.map((cj, j) => f[j]! * cj + i[j]! * g[j]!);
        h = c.map((cj, j) => o[j]! * Math.tanh(cj));
      } else if (kind === 'gru') {
        // b = [input bias (3u), recurrent bias (3u)]
        const bi = b.slice(0, 3 * units), bh = b.slice(3 * units);
        const z = blk(xw, 0).map((v, j) => sig(v + bi[j]! + hu[j]! + bh[j]!));
        const r = blk(xw, 1).map((v, j) => sig(v + bi[units + j]! + hu[units + j]! + bh[units + j]!));
        const n = blk(xw, 2).map((v, j) => Math.tanh(v + bi[2 * units + j]! + r[j]! * (hu[2 * units + j]! + bh[2 * units + j]!)));
        h = h.map((hj, j) => z[j]! * hj + (1 - z[j]!) * n[j]!);
      } else {
        const z = blk(xw, 0).map((v, j) => sig(v + hu[j]! + b[j]!));
        const r = blk(xw, 1).map((v, j) => sig(v + hu[units + j]! + b[units + j]!));
        const Uh = U.map((row) => row.slice(2 * units));
        const rh = vm(h.map((hj, j) => r[j]! * hj), Uh);
        const n = blk(xw, 2).map((v, j) => Math.tanh(v + rh[j]! + b[2 * units + j]!));
        h = h.map((hj, j) => z[j]! * hj + (1 - z[j]!) * n[j]!);
      }
    }
    out.push(...h);
  }
  return out;
}

const B = 2, T = 4, D = 3, U_ = 3;

function makeLayer(kind: Kind): BaseRNN {
  if (kind === 'rnn') return simpleRNN({ units: U_ });
  if (kind === 'lstm') return lstm({ units: U_ });
  return gru({ units: U_, resetAfter: kind === 'gru' });
}

beforeAll(useCpu);

describe('hand-written loop reference, asymmetric weights', () => {
  for (const kind of ['rnn', 'lstm', 'gru', 'gru-before'] as Kind[]) {
    it(`${kind}: output and weight gradients (finite differences)`, () => {
      const g = gatesOf[kind];
      const xFlat = rand(11, B * T * D);
      const x3 = Array.from({ length: B }, (_, b) => toMat(xFlat.slice(b * T * D), T, D));
      const wFlat = rand(21, D * g * U_), uFlat = rand(31, U_ * g * U_);
      const bLen = kind === 'gru' ? 2 * g * U_ : g * U_;
      const bFlat = rand(41, bLen);
      const layer = makeLayer(kind);
      const x = tf.tensor3d(xFlat, [B, T, D]);
      tf.dispose(layer.apply(x));
      const bShape = kind === 'gru' ? [2, g * U_] : [g * U_];
      const ws = [tf.tensor2d(wFlat, [D, g * U_]), tf.tensor2d(uFlat, [U_, g * U_]), tf.tensor(bFlat, bShape)];
      layer.setWeights(ws);
      const y = layer.apply(x);
      const want = reference(kind, x3, toMat(wFlat, D, g * U_), toMat(uFlat, U_, g * U_), bFlat, U_);
      expectArraysClose(y.dataSync(), want, { atol: 1e-5 });

      // Gradients of sum(y · cot) with respect to all three weights vs central differences of the reference.
      const cot = rand(51, B * U_);
      const cotT = tf.tensor2d(cot, [B, U_]);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x), cotT)) as tf.Scalar, layer.trainableVariables);
      const params = [...wFlat, ...uFlat, ...bFlat];
      const f = (p: Float64Array): number => {
        const W = toMat(p.subarray(0, wFlat.length), D, g * U_);
        const Um = toMat(p.subarray(wFlat.length, wFlat.length + uFlat.length), U_, g * U_);
        const bb = Array.from(p.subarray(wFlat.length + uFlat.length));
        return reference(kind, x3, W, Um, bb, U_).reduce((s, v, i) => s + v * cot[i]!, 0);
      };
      const fd = finiteDifferenceGrad(f, params, 1e-4);
      const ours = layer.trainableVariables.flatMap((v) => Array.from(grads[v.name]!.dataSync()));
      expectArraysClose(ours, Array.from(fd), { atol: 2e-4 });
      tf.dispose([x, y, cotT, value, ...ws, ...Object.values(grads)]);
      layer.dispose();
    });
  }

  it('swapping two LSTM gate blocks changes the output (the test can see gate order)', () => {
    const x = tf.tensor3d(rand(1, B * T * D), [B, T, D]);
    const layer = lstm({ units: U_ });
    const y1 = layer.apply(x);
    const [k, r, b] = layer.getWeights();
    const swap = (t: tf.Tensor): tf.Tensor => tf.tidy(() => {
      const [i, f, c, o] = tf.split(t, 4, -1);
      return tf.concat([f!, i!, c!, o!], -1);
    });
    const swapped = [swap(k!), swap(r!), swap(b!)];
    layer.setWeights(swapped);
    const y2 = layer.apply(x);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y1, y2))).dataSync()[0]!)).toBeGreaterThan(1e-3);
    tf.dispose([x, y1, y2, k!, r!, b!, ...swapped]);
    layer.dispose();
  });
});

// PyTorch's documented equations (torch.nn.LSTM / torch.nn.GRU), weights in PyTorch's layout:
// weight_ih (gates·H, in), weight_hh (gates·H, H), two biases; LSTM blocks i,f,g,o; GRU r,z,n.
function torchCell(kind: 'lstm' | 'gru', x: number[][][], wih: Mat, whh: Mat, bih: number[], bhh: number[], H: number): number[] {
  const mv = (m: Mat, v: number[]): number[] => m.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));
  const out: number[] = [];
  for (const seq of x) {
    let h = new Array<number>(H).fill(0);
    let c = new Array<number>(H).fill(0);
    for (const xt of seq) {
      const gi = mv(wih, xt).map((v, j) => v + bih[j]!);
      const gh = mv(whh, h).map((v, j) => v + bhh[j]!);
      const blk = (v: number[], k: number): number[] => v.slice(k * H, (k + 1) * H);
      if (kind === 'lstm') {
        const s = gi.map((v, j) => v + gh[j]!);
        const i = blk(s, 0).map(sig), f = blk(s, 1).map(sig), g = blk(s, 2).map(Math.tanh), o = blk(s, 3).map(sig);
        c = c.map((cj, j) => f[j]! * cj + i[j]! * g[j]!);
        h = c.map((cj, j) => o[j]! * Math.tanh(cj));
      } else {
        const r = blk(gi, 0).map((v, j) => sig(v + gh[j]!));
        const z = blk(gi, 1).map((v, j) => sig(v + gh[H + j]!));
        const n = blk(gi, 2).map((v, j) => Math.tanh(v + r[j]! * gh[2 * H + j]!));
        h = h.map((hj, j) => (1 - z[j]!) * n[j]! + z[j]! * hj);
      }
    }
    out.push(...h);
  }
  return out;
}

describe('PyTorch converters', () => {
  for (const kind of ['lstm', 'gru'] as const) {
    it(`${kind}: PyTorch weights through fromPyTorch give PyTorch's outputs; toPyTorch inverts`, () => {
      const g = kind === 'lstm' ? 4 : 3;
      const xFlat = rand(5, B * T * D);
      const x3 = Array.from({ length: B }, (_, b) => toMat(xFlat.slice(b * T * D), T, D));
      const wih = rand(6, g * U_ * D), whh = rand(7, g * U_ * U_), bih = rand(8, g * U_), bhh = rand(9, g * U_);
      const pt = {
        weightIh: tf.tensor2d(wih, [g * U_, D]),
        weightHh: tf.tensor2d(whh, [g * U_, U_]),
        biasIh: tf.tensor1d(bih),
        biasHh: tf.tensor1d(bhh),
      };
      const layer = kind === 'lstm' ? lstm({ units: U_ }) : gru({ units: U_ });
      const x = tf.tensor3d(xFlat, [B, T, D]);
      tf.dispose(layer.apply(x));
      const keras = fromPyTorch(kind, pt);
      layer.setWeights(keras);
      const y = layer.apply(x);
      expectArraysClose(y.dataSync(), torchCell(kind, x3, toMat(wih, g * U_, D), toMat(whh, g * U_, U_), bih, bhh, U_), { atol: 1e-5 });

      const back = toPyTorch(kind, layer.getWeights());
      expectArraysClose(back.weightIh.dataSync(), wih, { atol: 1e-7 });
      expectArraysClose(back.weightHh.dataSync(), whh, { atol: 1e-7 });
      if (kind === 'gru') {
        expectArraysClose(back.biasIh!.dataSync(), bih, { atol: 1e-7 });
        expectArraysClose(back.biasHh!.dataSync(), bhh, { atol: 1e-7 });
      } else {
        // One Keras bias: only the sum of PyTorch's two is defined.
        expectArraysClose(tf.tidy(() => tf.add(back.biasIh!, back.biasHh!)).dataSync(), bih.map((v, i) => v + bhh[i]!), { atol: 1e-6 });
      }
      tf.dispose([x, y, ...keras, ...Object.values(pt), ...Object.values(back)]);
      layer.dispose();
    });
  }

  it('rnn: fromPyTorch sums the biases and transposes; shape errors name the weight', () => {
    const w = fromPyTorch('rnn', { weightIh: tf.ones([4, 3]), weightHh: tf.eye(4), biasIh: tf.ones([4]), biasHh: tf.ones([4]) });
    expect(w.map((t) => t.shape)).toEqual([[3, 4], [4, 4], [4]]);
    expectArraysClose(w[2]!.dataSync(), [2, 2, 2, 2]);
    expect(() => fromPyTorch('gru', { weightIh: tf.ones([4, 3]), weightHh: tf.ones([4, 4]) })).toThrow(/weightIh must be \(3·hidden, input\)/);
    expect(() => toPyTorch('gru', [tf.ones([3, 6]), tf.ones([2, 6]), tf.ones([6])])).toThrow(/resetAfter: true/);
    tf.dispose(w);
  });
});
