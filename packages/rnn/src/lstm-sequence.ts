import * as tf from '@tensorflow/tfjs-core';

/**
 * The whole LSTM recurrence (tanh activation, sigmoid gates, Keras gate order i, f, c, o) as one
 * differentiable op with a hand-written backward pass through time.
 *
 * Why: on wasm and cpu the cost of a small LSTM is the number of kernels launched, not arithmetic.
 * Autodiff through a per-step composite records ~15 taped ops per step and replays ~40 in the
 * backward pass (gradient accumulation, casts, identities); here the forward loop runs untaped with
 * 14 tensors per step, the backward loop with 11, and everything that does not depend on the
 * recurrence (gate derivatives, 1 − tanh², the recurrent kernel's gradient) is done once over all
 * steps. The candidate gate uses tanh(x) = 2σ(2x) − 1, so one sigmoid over all four blocks gives
 * every gate: the block c of the input projection and recurrent kernel is scaled by 2.
 *
 * Inputs: `xp` `[steps, batch, 4u]` (time-major input projection x·W + b, processing order),
 * `U` `[u, 4u]`, `h0`, `c0` `[batch, u]`. Output `[steps + 1, batch, u]`: h of every step, then the
 * final c; with `allSteps: false`, `[2, batch, u]`: the final h and c (the backward pass then skips
 * the per-step output gradients, which are zero).
 */
export function lstmSequence(xp: tf.Tensor3D, U: tf.Tensor2D, h0: tf.Tensor2D, c0: tf.Tensor2D, { allSteps = true }: { allSteps?: boolean } = {}): tf.Tensor3D {
  return (allSteps ? opAll : opLast)(xp, U, h0, c0) as tf.Tensor3D;
}

// Row-major inside ([batch, 4u] per step) so that the recurrent kernel is the second operand of
// every per-step product: tfjs-backend-wasm caches the packed XNNPACK operator by that operand, so a
// constant one is packed once per call instead of once per step.
const makeOp = (allSteps: boolean) => tf.customGrad((...args: unknown[]) => {
  const [xp, U, h0, c0] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const save = args[4] as (ts: tf.Tensor[]) => void;
  const [T, B, G] = xp.shape;
  const u = G / 4;
  if (T === 0) throw new Error('LSTM: the input has no time steps');
  // k = [1, 1, 2, 1] per block, shift = [0, 0, −1, 0]: a = k·σ(k·z) + shift gives i, f, tanh(z_c), o.
  const k = tf.concat([tf.ones([2 * u]), tf.fill([u], 2), tf.ones([u])]);
  const shift = tf.concat([tf.zeros([2 * u]), tf.fill([u], -1), tf.zeros([u])]);
  const Uk = tf.mul(U, k) as tf.Tensor2D; // [u, 4u]
  const xs = tf.unstack(tf.mul(xp, k)) as tf.Tensor2D[]; // [B, 4u] per step
  let h = h0;
  let c = c0;
  const hs: tf.Tensor2D[] = [h];
  const cs: tf.Tensor2D[] = [c];
  const ss: tf.Tensor2D[] = [];
  const is: tf.Tensor2D[] = [];
  const fs: tf.Tensor2D[] = [];
  const gs: tf.Tensor2D[] = [];
  const os: tf.Tensor2D[] = [];
  const tcs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const s = tf.sigmoid(tf.add(xs[t]!, tf.matMul(h, Uk))) as tf.Tensor2D;
    const [i, f, g, o] = tf.split(tf.add(tf.mul(s, k), shift), 4, 1) as tf.Tensor2D[];
    c = tf.add(tf.mul(f!, c), tf.mul(i!, g!)) as tf.Tensor2D;
    const tc = tf.tanh(c) as tf.Tensor2D;
    h = tf.mul(o!, tc) as tf.Tensor2D;
    ss.push(s);
    is.push(i!);
    fs.push(f!);
    gs.push(g!);
    os.push(o!);
    tcs.push(tc);
    hs.push(h);
    cs.push(c);
  }
  const value = (allSteps ? tf.stack([...hs.slice(1), c]) : tf.stack([h, c])) as tf.Tensor3D;
  // Everything the backward pass needs that does not depend on the incoming gradient, computed
  // once over all steps: with dA = [dc, dc, dc, dh]·[g, c_prev, i, tanh c] the gradient with
  // respect to z is dA·D, D = k²·s·(1 − s), so RD = [g, c_prev, i, tanh c]·D is all a step needs,
  // beside W = o·(1 − tanh² c) for the cell gradient and f to carry it back.
  if (recordingGradients()) {
    const TC = tf.stack(tcs);
    const S = tf.stack(ss);
    const D = tf.mul(tf.mul(S, tf.sub(1, S)), tf.mul(k, k));
    const RD = tf.mul(tf.concat([tf.stack(gs), tf.stack(cs.slice(0, T)), tf.stack(is), TC], 2), D); // [T, B, 4u]
    const W = tf.mul(tf.stack(os), tf.sub(1, tf.square(TC)));
    save([RD, W, tf.stack(fs), tf.stack(hs.slice(0, T)), U]);
  }
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [RDs, Ws, Fs, Hprev, Uw] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor2D];
      const dys = tf.unstack(dy) as tf.Tensor2D[];
      // Only the last step's h has an output gradient when only the final states are returned.
      const dOut = (t: number): tf.Tensor2D | null => (allSteps ? dys[t]! : t === T - 1 ? dys[0]! : null);
      const rd = tf.unstack(RDs) as tf.Tensor2D[];
      const w = tf.unstack(Ws) as tf.Tensor2D[];
      const f = tf.unstack(Fs) as tf.Tensor2D[];
      const UT = tf.transpose(Uw) as tf.Tensor2D; // [4u, u]
      let dhRec: tf.Tensor2D | null = null;
      let dc: tf.Tensor2D = allSteps ? dys[T]! : dys[1]!;
      const dz: tf.Tensor2D[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const out = dOut(t);
        const dh = dhRec === null ? (out ?? (tf.zerosLike(dc) as tf.Tensor2D)) : out === null ? dhRec : (tf.add(out, dhRec) as tf.Tensor2D);
        dc = tf.add(dc, tf.mul(dh, w[t]!)) as tf.Tensor2D;
        const dzt = tf.mul(tf.concat([dc, dc, dc, dh], 1), rd[t]!) as tf.Tensor2D;
        dc = tf.mul(dc, f[t]!) as tf.Tensor2D;
        dhRec = tf.matMul(dzt, UT) as tf.Tensor2D;
        dz[t] = dzt;
      }
      // dz is with respect to the unscaled pre-activation z = xp + h·U. The wasm backend multiplies
      // a transposed first operand with a naive loop, so H is transposed explicitly.
      const dZ = tf.stack(dz) as tf.Tensor3D; // [T, B, 4u]
      const dU = tf.matMul(tf.transpose(tf.reshape(Hprev, [T * B, u])), tf.reshape(dZ, [T * B, G]));
      return [dZ, dU, dhRec!, dc];
    },
  };
});
const opAll = makeOp(true);
const opLast = makeOp(false);

// The saved tensors are only needed under a gradient tape; tfjs-core (pinned 4.22) keeps that in
// its engine state. Unknown state: assume recording, which is always correct.
function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return state?.gradientDepth === undefined || state.gradientDepth > 0;
}
