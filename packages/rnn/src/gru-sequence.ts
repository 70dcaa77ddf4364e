import * as tf from '@tensorflow/tfjs-core';
import { RawKernels } from './raw-kernels.js';

/**
 * The whole GRU layer over a sequence (tanh activation, sigmoid gates, gate order z, r, h), in the
 * reset-after form (Keras 3's default and PyTorch's) or the reset-before form, as one differentiable op with a hand-written
 * backward pass through time, for the same reasons and in the same way as {@link lstmSequence}:
 * both loops run untaped on bare kernel calls ({@link RawKernels}), nothing is sliced out of a
 * tensor spanning all steps, and the weight gradients of every step are one matrix product.
 *
 * The reset gate multiplies the recurrent part of the candidate, `ĥ = tanh(x·W_h + b_h + r·(h·U_h + b'_h))`,
 * so that part cannot share a product with the input part the way the gates do. Each step makes
 * four products: `[x_t, h]` by `[W_z; U_z]` and by `[W_r; U_r]` (bias and sigmoid fused in),
 * `x_t·W_h + b_h` and `h·U_h + b'_h` (bias fused in).
 *
 * Backward, every per-step factor that does not depend on the incoming gradient `dh` is kept,
 * gate-major `[5, batch, u]`: `F = [(h − ĥ)·z(1 − z), a·(h·U_h + b'_h)·r(1 − r), a, a·r, z]` with
 * `a = (1 − z)(1 − ĥ²)`. Then `dh·F` is the gradient with respect to the pre-activations of z and r,
 * to `x·W_h + b_h` and to `h·U_h + b'_h`, and the direct path to `h_{t-1}`; transposed to
 * `[batch, 5u]`, one product with `[U_zᵀ; U_rᵀ; 0; U_hᵀ; I]` is the whole gradient with respect to
 * `h_{t-1}` (~6 kernels per step).
 *
 * With `resetAfter: false` (the original form and tfjs-layers': `ĥ = tanh(x·W_h + (r·h)·U_h + b_h)`),
 * each step makes three products, `[x_t, h]` by the z and r blocks and `[x_t, r·h]` by `[W_h; U_h]`;
 * backward, the gradient with respect to `r·h` must go through `U_hᵀ` before the reset gate's can
 * be formed, so a step makes two products (~11 kernels).
 *
 * Inputs: `x` `[steps, batch, features]` (time-major, processing order), kernel `W` `[features, 3u]`,
 * bias `b` (zeros without bias): `[2, 3u]` with `resetAfter` (row 0 input bias, row 1 recurrent
 * bias), else `[3u]`; recurrent kernel `U` `[u, 3u]`, `h0` `[batch, u]`. Output `[steps, batch, u]`:
 * h of every step, or with `allSteps: false` `[1, batch, u]`, the final h.
 */
export function gruSequence(
  x: tf.Tensor3D,
  W: tf.Tensor2D,
  b: tf.Tensor,
  U: tf.Tensor2D,
  h0: tf.Tensor2D,
  { allSteps = true, resetAfter = true }: { allSteps?: boolean; resetAfter?: boolean } = {},
): tf.Tensor3D {
  const expected = resetAfter ? [2, 3 * U.shape[0]] : [3 * U.shape[0]];
  if (b.shape.join() !== expected.join()) throw new Error(`gruSequence: bias of shape [${b.shape.join(', ')}] with resetAfter ${resetAfter}, expected [${expected.join(', ')}]`);
  return ops[Number(resetAfter) * 2 + Number(allSteps)]!(x, W, b, U, h0) as tf.Tensor3D;
}

const makeOp = (allSteps: boolean) =>
  tf.customGrad((...args: unknown[]) => {
    const { x, W, b, U, h0, save, T, B, F, u } = opInputs(args);
    // Per-step tensors are [1, batch, n]: the fused product kernel takes rank-3 operands.
    const { Wh, Uh, zBlock, rBlock } = gateBlocks(W, U);
    const [bIn, bRec] = tf.split(b, 2, 0).map((r) => tf.split(tf.reshape(r, [3 * u]), 3)) as tf.Tensor1D[][];
    const zBias = tf.add(bIn![0]!, bRec![0]!);
    const rBias = tf.add(bIn![1]!, bRec![1]!);
    const WhBlock = tf.expandDims(Wh!, 0);
    const UhBlock = tf.expandDims(Uh!, 0);
    // Small ([steps, batch, features]), so the whole-input copies of wasm's SplitV stay cheap.
    const { xs, recording, k, one, h0e, mm } = forwardSetup(x, h0);
    let h: tf.TensorInfo = h0e;
    const hs: tf.TensorInfo[] = [h];
    const fs: tf.TensorInfo[] = [];
    for (let t = 0; t < T; t++) {
      const xh = k.run(tf.Concat, [xs[t]!, h], { axis: 2 });
      const z = mm(xh, zBlock, zBias, 'sigmoid');
      const r = mm(xh, rBlock, rBias, 'sigmoid');
      k.free(xh);
      const xn = mm(xs[t]!, WhBlock, bIn![2]!, 'linear');
      const hn = mm(h, UhBlock, bRec![2]!, 'linear');
      const rhn = k.run(tf.Multiply, { a: r, b: hn });
      const an = k.run(tf.Add, { a: xn, b: rhn });
      k.free(xn);
      k.free(rhn);
      const n = k.run(tf.Tanh, { x: an });
      k.free(an);
      const { hmn, hNew } = blend(k, h, z, n);
      if (recording) {
        const { a, fz, rr } = gateFactors(k, one, z, r, n, hmn);
        const ahn = k.run(tf.Multiply, { a, b: hn });
        const fr = k.run(tf.Multiply, { a: ahn, b: rr });
        const ar = k.run(tf.Multiply, { a, b: r });
        // Gate-major: a concat along the leading axis is 5 block copies on wasm.
        fs.push(k.run(tf.Concat, [fz, fr, a, ar, z], { axis: 0 }));
        for (const s of [a, fz, rr, ahn, fr, ar]) k.free(s);
      }
      for (const s of [z, r, hn, n, hmn]) k.free(s);
      h = hNew;
      hs.push(h);
    }
    // Identity shares the buffer (counting a reference), so h can be freed below like the others.
    const value = k.tensor<tf.Rank.R3>(allSteps && T > 1 ? k.run(tf.Concat, hs.slice(1), { axis: 0 }) : k.run(tf.Identity, { x: h }));
    if (recording) {
      const Hprev = k.tensor(k.run(tf.Concat, hs.slice(0, T), { axis: 0 }));
      save([x, W, U, Hprev, ...fs.map((a) => k.tensor(a))]);
    }
    for (const a of hs) if (a !== h0e) k.free(a);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xIn, Wk, Uk, Hprev] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D];
        const fac = saved.slice(4, 4 + T) as tf.Tensor3D[];
        const dys = dy.shape[0] === 1 ? [dy as tf.Tensor3D] : (tf.split(dy, dy.shape[0]!, 0) as tf.Tensor3D[]);
        const dOut = (t: number): tf.Tensor3D | null => (allSteps ? dys[t]! : t === T - 1 ? dys[0]! : null);
        // Explicit transposes: the wasm backend multiplies a transposed operand with a naive loop.
        const [UzT, UrT, UhT] = tf.split(tf.transpose(Uk), 3, 0);
        const M = tf.expandDims(tf.concat([UzT!, UrT!, tf.zeros([u, u]), UhT!, tf.eye(u)], 0), 0) as tf.Tensor3D; // [1, 5u, u]
        const k = new RawKernels();
        const given = new Set<tf.TensorInfo>(dys);
        let dhRec: tf.TensorInfo | null = null;
        const dz: tf.TensorInfo[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const dh = incomingGradient(k, dOut(t), dhRec, dys[0]!);
          // Five copies rather than a broadcast: the backends' broadcasting loops are slow (cpu's most).
          const dh5 = k.run(tf.Concat, [dh, dh, dh, dh, dh], { axis: 0 });
          if (!given.has(dh)) k.free(dh);
          const dz5 = k.run(tf.Multiply, { a: dh5, b: fac[t]! }); // [5, batch, u]
          k.free(dh5);
          const dzT = k.run(tf.Transpose, { x: dz5 }, { perm: [1, 0, 2] }); // [batch, 5, u]
          k.free(dz5);
          const dzt = k.run(tf.Reshape, { x: dzT }, { shape: [1, B, 5 * u] });
          k.free(dzT);
          dhRec = k.run(tf.BatchMatMul, { a: dzt, b: M }, { transposeA: false, transposeB: false });
          dz[t] = dzt;
        }
        const dZcat = k.run(tf.Concat, dz, { axis: 0 });
        for (const a of dz) k.free(a);
        const dhLast = k.tensor(dhRec!);
        // Columns of dZ: z, r (pre-activations), x·W_h + b_h, h·U_h + b'_h, and the direct path.
        // [x, h_prev, 1]ᵀ·dZ over the T·B rows holds the gradients of W, U and both biases.
        const dZ = tf.reshape(k.tensor(dZcat), [T * B, 5 * u]) as tf.Tensor2D;
        const rows = tf.concat([tf.reshape(xIn, [T * B, F]), tf.reshape(Hprev, [T * B, u]), tf.ones([T * B, 1])], 1);
        const [zr, dxn, dhn] = tf.split(tf.matMul(tf.transpose(rows), dZ), [2 * u, u, u, u], 1);
        const inSide = tf.concat([zr!, dxn!], 1);
        const recSide = tf.concat([zr!, dhn!], 1);
        const [dW] = tf.split(inSide, [F, u + 1], 0);
        const [, dU, dbRec] = tf.split(recSide, [F, u, 1], 0);
        const dbIn = tf.slice(inSide, [F + u, 0], [1, 3 * u]);
        const WT = tf.concat([tf.transpose(Wk), tf.zeros([2 * u, F])], 0); // [5u, F]
        const dx = tf.reshape(tf.matMul(dZ, WT), [T, B, F]);
        return [dx, dW!, tf.concat([dbIn, dbRec!], 0), dU!, tf.reshape(dhLast, [B, u])];
      },
    };
  });
const makeResetBeforeOp = (allSteps: boolean) =>
  tf.customGrad((...args: unknown[]) => {
    const { x, W, b, U, h0, save, T, B, F, u } = opInputs(args);
    const { Wh, Uh, zBlock, rBlock } = gateBlocks(W, U);
    const [bz, br, bh] = tf.split(b, 3) as tf.Tensor1D[];
    const hBlock = tf.expandDims(tf.concat([Wh!, Uh!], 0), 0);
    const { xs, recording, k, one, h0e, mm } = forwardSetup(x, h0);
    let h: tf.TensorInfo = h0e;
    const hs: tf.TensorInfo[] = [h];
    const rhs: tf.TensorInfo[] = [];
    // Per step, the factors of the backward pass: (h − ĥ)·z(1 − z), (1 − z)(1 − ĥ²), h·r(1 − r), z, r.
    const fz: tf.TensorInfo[] = [];
    const fa: tf.TensorInfo[] = [];
    const fr: tf.TensorInfo[] = [];
    const zs: tf.TensorInfo[] = [];
    const rs: tf.TensorInfo[] = [];
    for (let t = 0; t < T; t++) {
      const xh = k.run(tf.Concat, [xs[t]!, h], { axis: 2 });
      const z = mm(xh, zBlock, bz!, 'sigmoid');
      const r = mm(xh, rBlock, br!, 'sigmoid');
      k.free(xh);
      const rh = k.run(tf.Multiply, { a: r, b: h });
      const xrh = k.run(tf.Concat, [xs[t]!, rh], { axis: 2 });
      const an = mm(xrh, hBlock, bh!, 'linear');
      k.free(xrh);
      const n = k.run(tf.Tanh, { x: an });
      k.free(an);
      const { hmn, hNew } = blend(k, h, z, n);
      if (recording) {
        const f = gateFactors(k, one, z, r, n, hmn);
        fa.push(f.a);
        fz.push(f.fz);
        fr.push(k.run(tf.Multiply, { a: h, b: f.rr }));
        k.free(f.rr);
        zs.push(z);
        rs.push(r);
        rhs.push(rh);
      } else for (const s of [z, r, rh]) k.free(s);
      for (const s of [n, hmn]) k.free(s);
      h = hNew;
      hs.push(h);
    }
    const value = k.tensor<tf.Rank.R3>(allSteps && T > 1 ? k.run(tf.Concat, hs.slice(1), { axis: 0 }) : k.run(tf.Identity, { x: h }));
    if (recording) {
      const Hprev = k.tensor(k.run(tf.Concat, hs.slice(0, T), { axis: 0 }));
      const RH = k.tensor(k.run(tf.Concat, rhs, { axis: 0 }));
      for (const a of rhs) k.free(a);
      save([x, W, U, Hprev, RH, ...[...fz, ...fa, ...fr, ...zs, ...rs].map((a) => k.tensor(a))]);
    }
    for (const a of hs) if (a !== h0e) k.free(a);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xIn, Wk, Uk, Hprev, RH] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D, tf.Tensor3D];
        const per = (j: number): tf.Tensor[] => saved.slice(5 + j * T, 5 + (j + 1) * T);
        const [fzs, fas, frs, zg, rg] = [0, 1, 2, 3, 4].map(per) as tf.Tensor[][];
        const dys = dy.shape[0] === 1 ? [dy as tf.Tensor3D] : (tf.split(dy, dy.shape[0]!, 0) as tf.Tensor3D[]);
        const dOut = (t: number): tf.Tensor3D | null => (allSteps ? dys[t]! : t === T - 1 ? dys[0]! : null);
        // Explicit transposes: the wasm backend multiplies a transposed operand with a naive loop.
        const [UzT, UrT, UhT] = tf.split(tf.transpose(Uk), 3, 0) as tf.Tensor2D[];
        const UzrT = tf.expandDims(tf.concat([UzT!, UrT!], 0), 0); // [1, 2u, u]
        const UhT3 = tf.expandDims(UhT!, 0); // [1, u, u]
        const k = new RawKernels();
        const given = new Set<tf.TensorInfo>(dys);
        let dhRec: tf.TensorInfo | null = null;
        const dzr: tf.TensorInfo[] = new Array(T);
        const dan: tf.TensorInfo[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const dh = incomingGradient(k, dOut(t), dhRec, dys[0]!);
          const dzp = k.run(tf.Multiply, { a: dh, b: fzs![t]! });
          const da = k.run(tf.Multiply, { a: dh, b: fas![t]! });
          const drh = k.run(tf.BatchMatMul, { a: da, b: UhT3 }, { transposeA: false, transposeB: false });
          const drp = k.run(tf.Multiply, { a: drh, b: frs![t]! });
          const d2 = k.run(tf.Concat, [dzp, drp], { axis: 2 });
          k.free(dzp);
          k.free(drp);
          const viaGates = k.run(tf.BatchMatMul, { a: d2, b: UzrT }, { transposeA: false, transposeB: false });
          const viaZ = k.run(tf.Multiply, { a: dh, b: zg![t]! });
          if (!given.has(dh)) k.free(dh);
          const viaR = k.run(tf.Multiply, { a: drh, b: rg![t]! });
          k.free(drh);
          const direct = k.run(tf.Add, { a: viaZ, b: viaR });
          k.free(viaZ);
          k.free(viaR);
          dhRec = k.run(tf.Add, { a: direct, b: viaGates });
          k.free(direct);
          k.free(viaGates);
          dzr[t] = d2;
          dan[t] = da;
        }
        const DZR = tf.reshape(k.tensor(k.run(tf.Concat, dzr, { axis: 0 })), [T * B, 2 * u]) as tf.Tensor2D;
        const DAN = tf.reshape(k.tensor(k.run(tf.Concat, dan, { axis: 0 })), [T * B, u]) as tf.Tensor2D;
        for (const a of [...dzr, ...dan]) k.free(a);
        const dhLast = k.tensor(dhRec!);
        // The gradients of W, U and b for all steps: [x, h_prev, 1]ᵀ·dZR for the gates' blocks and
        // [x, r·h_prev, 1]ᵀ·dA for the candidate's.
        const ones = tf.ones([T * B, 1]);
        const xFlat = tf.reshape(xIn, [T * B, F]);
        const rowsG = tf.concat([xFlat, tf.reshape(Hprev, [T * B, u]), ones], 1);
        const rowsN = tf.concat([xFlat, tf.reshape(RH, [T * B, u]), ones], 1);
        const [dWzr, dUzr, dbzr] = tf.split(tf.matMul(tf.transpose(rowsG), DZR), [F, u, 1], 0);
        const [dWh, dUh, dbh] = tf.split(tf.matMul(tf.transpose(rowsN), DAN), [F, u, 1], 0);
        const dx = tf.reshape(tf.matMul(tf.concat([DZR, DAN], 1), tf.transpose(Wk)), [T, B, F]);
        return [dx, tf.concat([dWzr!, dWh!], 1), tf.reshape(tf.concat([dbzr!, dbh!], 1), [3 * u]), tf.concat([dUzr!, dUh!], 1), tf.reshape(dhLast, [B, u])];
      },
    };
  });
// Indexed by resetAfter·2 + allSteps.
const ops = [makeResetBeforeOp(false), makeResetBeforeOp(true), makeOp(false), makeOp(true)];

// The saved tensors are only needed under a gradient tape; tfjs-core (pinned 4.22) keeps that in
// its engine state. Unknown state: assume recording, which is always correct.
function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return state?.gradientDepth === undefined || state.gradientDepth > 0;
}

/** What both forward loops start from: per-step inputs, the kernel runner, and the fused product. */
function forwardSetup(x: tf.Tensor3D, h0: tf.Tensor2D) {
  const xs = tf.split(x, x.shape[0], 0) as tf.Tensor3D[];
  const recording = recordingGradients();
  const k = new RawKernels();
  const one = tf.scalar(1);
  const h0e = tf.expandDims(h0, 0) as tf.Tensor3D;
  const mm = (a: tf.TensorInfo, w: tf.Tensor, bias: tf.Tensor, activation: 'sigmoid' | 'linear'): tf.TensorInfo =>
    k.run(tf._FusedMatMul, { a, b: w, bias }, { transposeA: false, transposeB: false, activation });
  return { xs, recording, k, one, h0e, mm };
}

/** `h_t = ĥ + z·(h − ĥ)`; also returns `h − ĥ` (the caller frees it), which the backward factors use. */
function blend(k: RawKernels, h: tf.TensorInfo, z: tf.TensorInfo, n: tf.TensorInfo): { hmn: tf.TensorInfo; hNew: tf.TensorInfo } {
  const hmn = k.run(tf.Sub, { a: h, b: n });
  const zhmn = k.run(tf.Multiply, { a: z, b: hmn });
  const hNew = k.run(tf.Add, { a: n, b: zhmn });
  k.free(zhmn);
  return { hmn, hNew };
}

/**
 * The backward factors both forms share (the caller frees them): `a = (1 − z)(1 − ĥ²)`,
 * `fz = (h − ĥ)·z(1 − z)` and `rr = r(1 − r)`.
 */
function gateFactors(
  k: RawKernels,
  one: tf.Tensor,
  z: tf.TensorInfo,
  r: tf.TensorInfo,
  n: tf.TensorInfo,
  hmn: tf.TensorInfo,
): { a: tf.TensorInfo; fz: tf.TensorInfo; rr: tf.TensorInfo } {
  const omz = k.run(tf.Sub, { a: one, b: z });
  const n2 = k.run(tf.Multiply, { a: n, b: n });
  const omn2 = k.run(tf.Sub, { a: one, b: n2 });
  const a = k.run(tf.Multiply, { a: omz, b: omn2 });
  const zz = k.run(tf.Multiply, { a: hmn, b: z });
  const fz = k.run(tf.Multiply, { a: zz, b: omz });
  const omr = k.run(tf.Sub, { a: one, b: r });
  const rr = k.run(tf.Multiply, { a: r, b: omr });
  for (const s of [omz, n2, omn2, zz, omr]) k.free(s);
  return { a, fz, rr };
}

/**
 * The gradient reaching h_t: the output's (`out`, null where step t outputs nothing) plus the one
 * carried back from step t + 1 (`dhRec`, freed here once added; null at the last step), or zeros
 * shaped like `like` when neither exists. The result may be `out` itself, which the caller must not free.
 */
function incomingGradient(k: RawKernels, out: tf.TensorInfo | null, dhRec: tf.TensorInfo | null, like: tf.TensorInfo): tf.TensorInfo {
  if (dhRec === null) return out ?? k.run(tf.ZerosLike, { x: like });
  if (out === null) return dhRec;
  const dh = k.run(tf.Add, { a: out, b: dhRec });
  k.free(dhRec);
  return dh;
}

/** Unpacks a GRU op's customGrad arguments (x, W, b, U, h0, then `save`) and its sizes; rejects an input with no steps. */
function opInputs(args: unknown[]) {
  const [x, W, b, U, h0] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor, tf.Tensor2D, tf.Tensor2D];
  const save = args[5] as (ts: tf.Tensor[]) => void;
  const [T, B, F] = x.shape;
  const u = U.shape[0];
  if (T === 0) throw new Error('GRU: the input has no time steps');
  return { x, W, b, U, h0, save, T, B, F, u };
}

/** The kernels split by gate: the candidate's W_h and U_h, and `[W_z; U_z]`, `[W_r; U_r]` as `[1, F + u, u]`. */
function gateBlocks(W: tf.Tensor2D, U: tf.Tensor2D) {
  const [Wz, Wr, Wh] = tf.split(W, 3, 1) as tf.Tensor2D[];
  const [Uz, Ur, Uh] = tf.split(U, 3, 1) as tf.Tensor2D[];
  const zBlock = tf.expandDims(tf.concat([Wz!, Uz!], 0), 0);
  const rBlock = tf.expandDims(tf.concat([Wr!, Ur!], 0), 0);
  return { Wh, Uh, zBlock, rBlock };
}
