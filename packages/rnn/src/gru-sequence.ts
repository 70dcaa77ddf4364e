import * as tf from '@tensorflow/tfjs-core';

/**
 * The whole GRU recurrence in its reset-after form (Keras 3's default and PyTorch's; tanh
 * activation, sigmoid gates, gate order z, r, h) as one differentiable op with a hand-written
 * backward pass through time, for the same reason as {@link lstmSequence}: on wasm and cpu the cost
 * is the number of kernels. The forward loop runs untaped; the backward loop needs ~10 kernels per
 * step because every factor that does not depend on the incoming gradient is computed once for all
 * steps.
 *
 * Inputs: `xp` `[steps, batch, 3u]` (time-major x·W + input bias, processing order), `U` `[u, 3u]`,
 * `bRec` `[3u]` (recurrent bias; zeros without bias), `h0` `[batch, u]`. Output `[steps, batch, u]`:
 * h of every step, or with `allSteps: false` `[1, batch, u]`, the final h.
 */
export function gruSequence(xp: tf.Tensor3D, U: tf.Tensor2D, bRec: tf.Tensor1D, h0: tf.Tensor2D, { allSteps = true }: { allSteps?: boolean } = {}): tf.Tensor3D {
  return (allSteps ? opAll : opLast)(xp, U, bRec, h0) as tf.Tensor3D;
}

const makeOp = (allSteps: boolean) =>
  tf.customGrad((...args: unknown[]) => {
    const [xp, U, bRec, h0] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
    const save = args[4] as (ts: tf.Tensor[]) => void;
    const [T, B, G] = xp.shape;
    const u = G / 3;
    if (T === 0) throw new Error('GRU: the input has no time steps');
    const xs = tf.unstack(xp) as tf.Tensor2D[];
    let h = h0;
    const hs: tf.Tensor2D[] = [h0];
    const zs: tf.Tensor2D[] = [];
    const rs: tf.Tensor2D[] = [];
    const ns: tf.Tensor2D[] = [];
    const hhs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const hu = tf.add(tf.matMul(h, U), bRec) as tf.Tensor2D;
      const [xzr, xh] = tf.split(xs[t]!, [2 * u, u], 1);
      const [hzr, hh] = tf.split(hu, [2 * u, u], 1);
      const [z, r] = tf.split(tf.sigmoid(tf.add(xzr!, hzr!)), 2, 1) as tf.Tensor2D[];
      const n = tf.tanh(tf.add(xh!, tf.mul(r!, hh!))) as tf.Tensor2D;
      h = tf.add(n, tf.mul(z!, tf.sub(h, n))) as tf.Tensor2D;
      zs.push(z!);
      rs.push(r!);
      ns.push(n);
      hhs.push(hh! as tf.Tensor2D);
      hs.push(h);
    }
    const value = (allSteps ? tf.stack(hs.slice(1)) : tf.expandDims(h, 0)) as tf.Tensor3D;
    if (recordingGradients()) {
      const Z = tf.stack(zs);
      const R = tf.stack(rs);
      const N = tf.stack(ns);
      const Hprev = tf.stack(hs.slice(0, T));
      // dan = dh·(1 − z)(1 − n²); dz_pre = dh·(h − n)·z(1 − z); dr_pre = dan·(U_h h + b_h)·r(1 − r).
      const OMZ = tf.mul(tf.sub(1, Z), tf.sub(1, tf.square(N)));
      const P = tf.mul(tf.mul(tf.sub(Hprev, N), Z), tf.sub(1, Z));
      const Q = tf.mul(tf.mul(tf.stack(hhs), R), tf.sub(1, R));
      save([OMZ, P, Q, R, Z, Hprev, U]);
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [OMZ, P, Q, R, Z, Hprev, Uw] = saved;
        const [omz, p, q, r, z] = [OMZ, P, Q, R, Z].map((x) => tf.unstack(x!) as tf.Tensor2D[]);
        const dys = tf.unstack(dy) as tf.Tensor2D[];
        const UT = tf.transpose(Uw!) as unknown as tf.Tensor2D;
        let dhRec: tf.Tensor2D | null = null;
        const dHU: tf.Tensor2D[] = new Array(T);
        const dXP: tf.Tensor2D[] = new Array(T);
        for (let t = T - 1; t >= 0; t--) {
          const out = allSteps ? dys[t]! : t === T - 1 ? dys[0]! : null;
          const dh = dhRec === null ? (out ?? (tf.zerosLike(dys[0]!) as tf.Tensor2D)) : out === null ? dhRec : (tf.add(out, dhRec) as tf.Tensor2D);
          const dan = tf.mul(dh, omz![t]!);
          const dzr = tf.concat([tf.mul(dh, p![t]!), tf.mul(dan, q![t]!)], 1);
          const dhu = tf.concat([dzr, tf.mul(dan, r![t]!)], 1) as tf.Tensor2D;
          dHU[t] = dhu;
          dXP[t] = tf.concat([dzr, dan], 1) as tf.Tensor2D;
          dhRec = tf.add(tf.mul(dh, z![t]!), tf.matMul(dhu, UT)) as tf.Tensor2D;
        }
        const dHUs = tf.reshape(tf.stack(dHU), [T * B, G]);
        const dU = tf.matMul(tf.transpose(tf.reshape(Hprev!, [T * B, u])), dHUs);
        const dB = tf.sum(dHUs, 0);
        return [tf.stack(dXP), dU, dB, dhRec!];
      },
    };
  });
const opAll = makeOp(true);
const opLast = makeOp(false);

function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return state?.gradientDepth === undefined || state.gradientDepth > 0;
}
