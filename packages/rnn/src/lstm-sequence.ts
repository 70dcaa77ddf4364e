import * as tf from '@tensorflow/tfjs-core';
import { RawKernels } from './raw-kernels.js';

/**
 * The whole LSTM layer over a sequence (tanh activation, sigmoid gates, Keras gate order i, f, c, o)
 * as one differentiable op with a hand-written backward pass through time.
 *
 * Why: on wasm and cpu the cost of a small LSTM is the number of kernels launched, their per-call
 * bookkeeping and the bytes they copy, not arithmetic. Autodiff through a per-step composite records
 * ~15 taped ops per step and replays ~40 in the backward pass. Here both loops run untaped on bare
 * kernel calls ({@link RawKernels}: ~19 kernels per step forward when training, ~9 backward), and the
 * gradients of W, U and b for every step are one matrix product.
 *
 * Nothing is ever sliced out of a tensor spanning all steps: tfjs-backend-wasm 4.22's Slice (and
 * Unpack, SplitV, which use it) copies the whole input on every call, so taking 24 steps out of a
 * `[24, 32, 128]` projection copied 9 MB. Instead each step multiplies `[x_t, h]` by one
 * `[features + u, u]` block per gate with the bias and sigmoid fused into the product (so no gate
 * has to be split out either), and the per-step factors the backward pass needs are kept per step,
 * gate-major (`[4, batch, u]`, so that concatenating the four blocks is four copies, not one per batch
 * row). The candidate gate uses tanh(z) = 2σ(2z) − 1, its weight block scaled by 2.
 *
 * Inputs: `x` `[steps, batch, features]` (time-major, processing order), kernel `W`
 * `[features, 4u]`, bias `b` `[4u]` (zeros without bias), recurrent kernel `U` `[u, 4u]`, `h0`,
 * `c0` `[batch, u]`. Output `[steps + 1, batch, u]`: h of every step, then the final c; with
 * `allSteps: false`, `[2, batch, u]`: the final h and c (the backward pass then skips the per-step
 * output gradients, which are zero). With `finalC: false` the final c is left out (`[steps, batch, u]`
 * or `[1, batch, u]`), which spares splitting it off and its gradient when nobody reads it.
 */
export function lstmSequence(
  x: tf.Tensor3D,
  W: tf.Tensor2D,
  b: tf.Tensor1D,
  U: tf.Tensor2D,
  h0: tf.Tensor2D,
  c0: tf.Tensor2D,
  { allSteps = true, finalC = true }: { allSteps?: boolean; finalC?: boolean } = {},
): tf.Tensor3D {
  return ops[Number(allSteps) * 2 + Number(finalC)]!(x, W, b, U, h0, c0) as tf.Tensor3D;
}

const makeOp = (allSteps: boolean, finalC: boolean) =>
  tf.customGrad((...args: unknown[]) => {
    const [x, W, b, U, h0, c0] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const save = args[6] as (ts: tf.Tensor[]) => void;
    const [T, B, F] = x.shape;
    const u = U.shape[0];
    if (T === 0) throw new Error('LSTM: the input has no time steps');
    // One [features + u, u] weight block and [u] bias per gate, the candidate's scaled by 2.
    // Every per-step tensor is [1, batch, n]: the fused product kernel takes rank-3 operands.
    const WU = tf.expandDims(tf.concat([W, U], 0), 0);
    const blocks = tf.split(WU, 4, 2) as tf.Tensor3D[];
    const biases = tf.split(b, 4) as tf.Tensor1D[];
    blocks[2] = tf.mul(blocks[2]!, 2) as tf.Tensor3D;
    biases[2] = tf.mul(biases[2]!, 2) as tf.Tensor1D;
    // Small ([steps, batch, features]), so the whole-input copies of wasm's SplitV stay cheap.
    const xs = tf.split(x, T, 0) as tf.Tensor3D[];
    const recording = recordingGradients();
    // The loop calls kernels directly (see RawKernels), the fused product kernel among them:
    // tf.fused.matMul unfuses whenever a gradient tape is recording, which this untaped forward pass
    // (its backward is hand-written) does not need.
    const k = new RawKernels();
    const one = tf.scalar(1);
    const two = tf.scalar(2);
    const h0e = tf.expandDims(h0, 0) as tf.Tensor3D;
    const c0e = tf.expandDims(c0, 0) as tf.Tensor3D;
    const mine = (a: tf.TensorInfo): boolean => a !== h0e && a !== c0e;
    let h: tf.TensorInfo = h0e;
    let c: tf.TensorInfo = c0e;
    const hs: tf.TensorInfo[] = [h];
    const rds: tf.TensorInfo[] = [];
    const ws: tf.TensorInfo[] = [];
    const fs: tf.TensorInfo[] = [];
    const gate = (xh: tf.TensorInfo, j: number): tf.TensorInfo =>
      k.run(tf._FusedMatMul, { a: xh, b: blocks[j]!, bias: biases[j]! }, { transposeA: false, transposeB: false, activation: 'sigmoid' });
    for (let t = 0; t < T; t++) {
      const xh = k.run(tf.Concat, [xs[t]!, h], { axis: 2 });
      const i = gate(xh, 0);
      const f = gate(xh, 1);
      const sc = gate(xh, 2);
      const o = gate(xh, 3);
      k.free(xh);
      const sc2 = k.run(tf.Multiply, { a: sc, b: two });
      const g = k.run(tf.Sub, { a: sc2, b: one });
      k.free(sc2);
      const fc = k.run(tf.Multiply, { a: f, b: c });
      const ig = k.run(tf.Multiply, { a: i, b: g });
      const cNew = k.run(tf.Add, { a: fc, b: ig });
      k.free(fc);
      k.free(ig);
      const tc = k.run(tf.Tanh, { x: cNew });
      h = k.run(tf.Multiply, { a: o, b: tc });
      hs.push(h);
      if (recording) {
        // With dA = [dc, dc, dc, dh]·[g, c_prev, i, tanh c], the gradient with respect to z is
        // dA·s·(1 − s)·k² (k = 2 on the candidate block): RD = [g, c_prev, i, tanh c]·s·(1 − s) is all
        // a step needs (k², exact powers of two, is applied to U and to the summed gradients
        // instead), beside w = o·(1 − tanh² c) = o − h·tanh c for the cell gradient and f to carry it.
        // Gate-major ([4, batch, u]): a concat along the leading axis is 4 block copies on wasm, one
        // along the last axis a copy per batch row and block.
        const S = k.run(tf.Concat, [i, f, sc, o], { axis: 0 });
        const S1 = k.run(tf.Sub, { a: one, b: S });
        const D = k.run(tf.Multiply, { a: S, b: S1 });
        const R = k.run(tf.Concat, [g, c, i, tc], { axis: 0 });
        rds.push(k.run(tf.Multiply, { a: R, b: D }));
        const htc = k.run(tf.Multiply, { a: h, b: tc });
        ws.push(k.run(tf.Sub, { a: o, b: htc }));
        fs.push(f);
        for (const a of [S, S1, D, R, htc]) k.free(a);
      } else k.free(f);
      for (const a of [i, sc, o, g, tc]) k.free(a);
      if (mine(c)) k.free(c);
      c = cNew;
    }
    const parts = [...(allSteps ? hs.slice(1) : [h]), ...(finalC ? [c] : [])];
    // Identity shares the buffer (counting a reference), so h can be freed below like the others.
    const value = k.tensor<tf.Rank.R3>(parts.length === 1 ? k.run(tf.Identity, { x: parts[0]! }) : k.run(tf.Concat, parts, { axis: 0 }));
    if (recording) {
      const Hprev = k.tensor(k.run(tf.Concat, hs.slice(0, T), { axis: 0 }));
      save([x, W, U, Hprev, ...[...rds, ...ws, ...fs].map((a) => k.tensor(a))]);
    } else {
      for (const a of [...rds, ...ws, ...fs]) k.free(a);
    }
    for (const a of hs) if (mine(a)) k.free(a);
    if (mine(c)) k.free(c);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xIn, Wk, Uk, Hprev] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D];
        const rd = saved.slice(4, 4 + T) as tf.Tensor3D[];
        const w = saved.slice(4 + T, 4 + 2 * T) as tf.Tensor3D[];
        const fg = saved.slice(4 + 2 * T, 4 + 3 * T) as tf.Tensor3D[];
        const dys = dy.shape[0] === 1 ? [dy as tf.Tensor3D] : (tf.split(dy, dy.shape[0]!, 0) as tf.Tensor3D[]);
        // Only the last step's h has an output gradient when only the final states are returned.
        const dOut = (t: number): tf.Tensor3D | null => (allSteps ? dys[t]! : t === T - 1 ? dys[0]! : null);
        // Explicit transposes: the wasm backend multiplies a transposed operand with a naive loop.
        // dz comes gate-major per step; transposed to [batch, 4u] for the products.
        const k2 = tf.concat([tf.ones([2 * u]), tf.fill([u], 4), tf.ones([u])]);
        const UT = tf.expandDims(tf.transpose(tf.mul(Uk, k2)), 0) as tf.Tensor3D; // [1, 4u, u], k²-scaled
        const k = new RawKernels();
        let dhRec: tf.TensorInfo | null = null;
        const given = new Set<tf.TensorInfo>(dys);
        let dc: tf.TensorInfo = finalC ? dys[dys.length - 1]! : k.run(tf.ZerosLike, { x: dys[0]! });
        const drop = (a: tf.TensorInfo): void => {
          if (!given.has(a)) k.free(a);
        };
        const dz: tf.TensorInfo[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const out = dOut(t);
          let dh: tf.TensorInfo;
          if (dhRec === null) dh = out ?? k.run(tf.ZerosLike, { x: dc });
          else if (out === null) dh = dhRec;
          else {
            dh = k.run(tf.Add, { a: out, b: dhRec });
            k.free(dhRec);
          }
          const dhw = k.run(tf.Multiply, { a: dh, b: w[t]! });
          const dc1 = k.run(tf.Add, { a: dc, b: dhw });
          k.free(dhw);
          drop(dc);
          const dA = k.run(tf.Concat, [dc1, dc1, dc1, dh], { axis: 0 });
          drop(dh);
          const dz4 = k.run(tf.Multiply, { a: dA, b: rd[t]! });
          k.free(dA);
          const dzT = k.run(tf.Transpose, { x: dz4 }, { perm: [1, 0, 2] }); // [batch, 4, u]
          k.free(dz4);
          const dzt = k.run(tf.Reshape, { x: dzT }, { shape: [1, B, 4 * u] });
          k.free(dzT);
          dc = k.run(tf.Multiply, { a: dc1, b: fg[t]! });
          k.free(dc1);
          dhRec = k.run(tf.BatchMatMul, { a: dzt, b: UT }, { transposeA: false, transposeB: false });
          dz[t] = dzt;
        }
        const dZcat = k.run(tf.Concat, dz, { axis: 0 });
        for (const a of dz) k.free(a);
        const dhLast = k.tensor(dhRec!);
        const dcLast = given.has(dc) ? (dc as tf.Tensor) : k.tensor(dc);
        // dz·k² is with respect to the unscaled pre-activation z = x·W + h·U + b. The gradients of W,
        // U and b for all steps are one product: [x, h_prev, 1]ᵀ·dZ over the T·B rows.
        const dZ = tf.reshape(tf.mul(k.tensor(dZcat), k2), [T * B, 4 * u]) as tf.Tensor2D;
        const rows = tf.concat([tf.reshape(xIn, [T * B, F]), tf.reshape(Hprev, [T * B, u]), tf.ones([T * B, 1])], 1);
        const [dW, dU, db] = tf.split(tf.matMul(tf.transpose(rows), dZ), [F, u, 1], 0);
        const dx = tf.reshape(tf.matMul(dZ, tf.transpose(Wk)), [T, B, F]);
        return [dx, dW!, tf.reshape(db!, [4 * u]), dU!, tf.reshape(dhLast, [B, u]), tf.reshape(dcLast, [B, u])];
      },
    };
  });
// Indexed by allSteps·2 + finalC.
const ops = [makeOp(false, false), makeOp(false, true), makeOp(true, false), makeOp(true, true)];

// The saved tensors are only needed under a gradient tape; tfjs-core (pinned 4.22) keeps that in
// its engine state. Unknown state: assume recording, which is always correct.
function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return state?.gradientDepth === undefined || state.gradientDepth > 0;
}
