import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExponentialDecay } from '../schedules/exponential-decay.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { Adamax } from './adamax.js';
import { deserializeOptimizer, getOptimizer, serializeOptimizer } from './get-optimizer.js';
import { Nadam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

beforeAll(async () => {
  await setBackend('cpu');
});

// The fixed problem: 3 weights, 8 steps, gradients g_t[i] = (i + 1)·cos(1.3·t + i) + 0.3·w_i (the
// gradient of a quadratic plus a time-varying linear term), computed from the current weights on
// each side. Values are float32-representable inputs; the host runs in float64.
const W0 = [0.5, -1.2, 2.0];
const STEPS = 8;
const grad = (t: number, w: number[]): number[] => w.map((wi, i) => (i + 1) * Math.cos(1.3 * t + i) + 0.3 * wi);

type HostRule = (w: number[], g: number[], t: number, state: Record<string, number[]>) => number[];

/** Runs the host reference rule (float64) for STEPS steps. */
function hostRun(rule: HostRule, init: Record<string, number[]> = {}): number[][] {
  let w = [...W0];
  const state: Record<string, number[]> = Object.fromEntries(Object.entries(init).map(([k, v]) => [k, [...v]]));
  const path: number[][] = [];
  for (let t = 1; t <= STEPS; t++) {
    w = rule(w, grad(t, w), t, state);
    path.push([...w]);
  }
  return path;
}

/** Runs a Sinew optimizer on the same problem. */
function sinewRun(opt: Optimizer): number[][] {
  const v = tf.variable(tf.tensor1d(W0));
  const path: number[][] = [];
  for (let t = 1; t <= STEPS; t++) {
    const g = tf.tensor1d(grad(t, Array.from(v.dataSync())));
    opt.applyGradients([{ variable: v, gradient: g }]);
    g.dispose();
    path.push(Array.from(v.dataSync()));
  }
  v.dispose();
  opt.dispose();
  return path;
}

/** Runs a tfjs-core optimizer (the anchor) on the same problem. */
function tfjsRun(opt: tf.Optimizer): number[][] {
  const v = tf.variable(tf.tensor1d(W0));
  const path: number[][] = [];
  for (let t = 1; t <= STEPS; t++) {
    const g = tf.tensor1d(grad(t, Array.from(v.dataSync())));
    opt.applyGradients({ [v.name]: g });
    g.dispose();
    path.push(Array.from(v.dataSync()));
  }
  v.dispose();
  opt.dispose();
  return path;
}

const zeros = (): number[] => W0.map(() => 0);
const close = (a: number[][], b: number[][], label: string, atol = 1e-6): void =>
  expectArraysClose(a.flat(), b.flat(), { atol, rtol: 1e-6, label });

// Host rules, written from the papers / Keras 3 documentation of each update.
const rules = {
  sgd: (lr: number): HostRule => (w, g) => w.map((wi, i) => wi - lr * g[i]!),
  momentum: (lr: number, m: number, nesterov: boolean): HostRule => (w, g, _t, s) => {
    s.v ??= zeros();
    return w.map((wi, i) => {
      const v = m * s.v![i]! - lr * g[i]!;
      s.v![i] = v;
      return nesterov ? wi + m * v - lr * g[i]! : wi + v;
    });
  },
  adam: (lr: number, b1: number, b2: number, eps: number, amsgrad = false): HostRule => (w, g, t, s) => {
    s.m ??= zeros();
    s.v ??= zeros();
    s.vh ??= zeros();
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    return w.map((wi, i) => {
      s.m![i] = b1 * s.m![i]! + (1 - b1) * g[i]!;
      s.v![i] = b2 * s.v![i]! + (1 - b2) * g[i]! ** 2;
      let v = s.v![i]!;
      if (amsgrad) {
        s.vh![i] = Math.max(s.vh![i]!, v);
        v = s.vh![i]!;
      }
      return wi - (alpha * s.m![i]!) / (Math.sqrt(v) + eps);
    });
  },
  adamax: (lr: number, b1: number, b2: number, eps: number): HostRule => (w, g, t, s) => {
    s.m ??= zeros();
    s.u ??= zeros();
    return w.map((wi, i) => {
      s.m![i] = b1 * s.m![i]! + (1 - b1) * g[i]!;
      s.u![i] = Math.max(b2 * s.u![i]!, Math.abs(g[i]!));
      return wi - (lr / (1 - b1 ** t)) * (s.m![i]! / (s.u![i]! + eps));
    });
  },
  adagrad: (lr: number, init: number, eps: number): HostRule => (w, g, _t, s) => {
    s.a ??= W0.map(() => init);
    return w.map((wi, i) => {
      s.a![i] = s.a![i]! + g[i]! ** 2;
      return wi - (lr * g[i]!) / Math.sqrt(s.a![i]! + eps);
    });
  },
  adadelta: (lr: number, rho: number, eps: number): HostRule => (w, g, _t, s) => {
    s.eg ??= zeros();
    s.ed ??= zeros();
    return w.map((wi, i) => {
      s.eg![i] = rho * s.eg![i]! + (1 - rho) * g[i]! ** 2;
      const d = (-Math.sqrt(s.ed![i]! + eps) / Math.sqrt(s.eg![i]! + eps)) * g[i]!;
      s.ed![i] = rho * s.ed![i]! + (1 - rho) * d * d;
      return wi + lr * d;
    });
  },
  rmsprop: (lr: number, rho: number, mom: number, eps: number, centered: boolean): HostRule => (w, g, _t, s) => {
    s.ms ??= zeros();
    s.mg ??= zeros();
    s.mom ??= zeros();
    return w.map((wi, i) => {
      s.ms![i] = rho * s.ms![i]! + (1 - rho) * g[i]! ** 2;
      let denom = s.ms![i]! + eps;
      if (centered) {
        s.mg![i] = rho * s.mg![i]! + (1 - rho) * g[i]!;
        denom -= s.mg![i]! ** 2;
      }
      const inc = (lr * g[i]!) / Math.sqrt(denom);
      if (mom > 0) {
        s.mom![i] = mom * s.mom![i]! + inc;
        return wi - s.mom![i]!;
      }
      return wi - inc;
    });
  },
  // Dozat's Nadam with Keras 3's momentum schedule u_t = b1 (1 - 0.5 · 0.96^t).
  nadam: (lr: number, b1: number, b2: number, eps: number): HostRule => (w, g, t, s) => {
    s.m ??= zeros();
    s.v ??= zeros();
    s.prod ??= [1];
    const u = (k: number): number => b1 * (1 - 0.5 * 0.96 ** k);
    s.prod[0] = s.prod[0]! * u(t);
    const prodT = s.prod[0]!;
    const prodT1 = prodT * u(t + 1);
    return w.map((wi, i) => {
      s.m![i] = b1 * s.m![i]! + (1 - b1) * g[i]!;
      s.v![i] = b2 * s.v![i]! + (1 - b2) * g[i]! ** 2;
      const mHat = (u(t + 1) * s.m![i]!) / (1 - prodT1) + ((1 - u(t)) * g[i]!) / (1 - prodT);
      const vHat = s.v![i]! / (1 - b2 ** t);
      return wi - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
  },
};

describe('optimizers match the published update rules (float64 host) to 1e-6', () => {
  it('SGD', () => close(sinewRun(new SGD({ learningRate: 0.05 })), hostRun(rules.sgd(0.05)), 'SGD'));
  it('SGD momentum', () =>
    close(sinewRun(new SGD({ learningRate: 0.05, momentum: 0.9 })), hostRun(rules.momentum(0.05, 0.9, false)), 'momentum'));
  it('SGD Nesterov', () =>
    close(sinewRun(new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })), hostRun(rules.momentum(0.05, 0.9, true)), 'nesterov'));
  it('Adam', () => close(sinewRun(new Adam({ learningRate: 0.1 })), hostRun(rules.adam(0.1, 0.9, 0.999, 1e-7)), 'Adam'));
  it('Adam amsgrad', () =>
    close(sinewRun(new Adam({ learningRate: 0.1, amsgrad: true })), hostRun(rules.adam(0.1, 0.9, 0.999, 1e-7, true)), 'amsgrad'));
  it('AdamW: decoupled decay w -= lr·wd·w before the Adam step', () => {
    const adam = rules.adam(0.1, 0.9, 0.999, 1e-7);
    const rule: HostRule = (w, g, t, s) => adam(w.map((wi) => wi - 0.1 * 0.05 * wi), g, t, s);
    close(sinewRun(new AdamW({ learningRate: 0.1, weightDecay: 0.05 })), hostRun(rule), 'AdamW');
    expect(new AdamW().weightDecay).toBe(0.004);
  });
  it('Adamax', () => close(sinewRun(new Adamax({ learningRate: 0.1 })), hostRun(rules.adamax(0.1, 0.9, 0.999, 1e-7)), 'Adamax'));
  it('Nadam', () => close(sinewRun(new Nadam({ learningRate: 0.1 })), hostRun(rules.nadam(0.1, 0.9, 0.999, 1e-7)), 'Nadam'));
  it('Adagrad', () => close(sinewRun(new Adagrad({ learningRate: 0.1 })), hostRun(rules.adagrad(0.1, 0.1, 1e-7)), 'Adagrad'));
  it('Adadelta', () => close(sinewRun(new Adadelta({ learningRate: 1 })), hostRun(rules.adadelta(1, 0.95, 1e-7)), 'Adadelta'));
  it('RMSprop (plain, momentum, centered)', () => {
    close(sinewRun(new RMSprop({ learningRate: 0.01 })), hostRun(rules.rmsprop(0.01, 0.9, 0, 1e-7, false)), 'RMSprop');
    close(
      sinewRun(new RMSprop({ learningRate: 0.01, momentum: 0.5 })),
      hostRun(rules.rmsprop(0.01, 0.9, 0.5, 1e-7, false)),
      'RMSprop momentum',
    );
    close(
      sinewRun(new RMSprop({ learningRate: 0.01, centered: true, momentum: 0.5 })),
      hostRun(rules.rmsprop(0.01, 0.9, 0.5, 1e-7, true)),
      'RMSprop centered',
    );
  });
});

describe('optimizers match tfjs-core optimizers where the semantics agree', () => {
  it('SGD = tf.train.sgd', () => close(sinewRun(new SGD({ learningRate: 0.05 })), tfjsRun(tf.train.sgd(0.05)), 'sgd'));
  it('SGD momentum = tf.train.momentum at a constant learning rate', () => {
    close(sinewRun(new SGD({ learningRate: 0.05, momentum: 0.9 })), tfjsRun(tf.train.momentum(0.05, 0.9)), 'momentum');
    close(
      sinewRun(new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })),
      tfjsRun(tf.train.momentum(0.05, 0.9, true)),
      'nesterov',
    );
  });
  // tfjs keeps b2^t in a float32 variable and forms 1 - b2^t in float32 (≈0.008 at t = 8 with a
  // 6e-8 ulp), a relative error of ~1e-5 in its step; Sinew computes the bias correction in float64
  // and matches the float64 rule to 1e-6 above. So the anchor is met to 1e-5 here.
  it('Adam = tf.train.adam to 1e-5 (tfjs forms 1 - β2^t in float32)', () =>
    close(sinewRun(new Adam({ learningRate: 0.1, epsilon: 1e-7 })), tfjsRun(tf.train.adam(0.1, 0.9, 0.999, 1e-7)), 'adam', 1e-5));
  it('Adamax = tf.train.adamax', () =>
    close(sinewRun(new Adamax({ learningRate: 0.1 })), tfjsRun(tf.train.adamax(0.1, 0.9, 0.999, 1e-7)), 'adamax'));
  it('Adagrad = tf.train.adagrad', () =>
    close(sinewRun(new Adagrad({ learningRate: 0.1, epsilon: 1e-7 })), tfjsRun(tf.train.adagrad(0.1, 0.1)), 'adagrad', 1e-5));
  // tf.train.adadelta divides by the accumulator from BEFORE this step's gradient is added, unlike
  // Zeiler's Algorithm 1 and Keras; Sinew follows the paper (tested above against the host rule).
  it('RMSprop = tf.train.rmsprop (plain and centered with momentum)', () => {
    close(sinewRun(new RMSprop({ learningRate: 0.01 })), tfjsRun(tf.train.rmsprop(0.01, 0.9, 0, 1e-7)), 'rmsprop');
    close(
      sinewRun(new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })),
      tfjsRun(tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true)),
      'rmsprop centered',
    );
  });
});

describe('Optimizer base', () => {
  it('clipNorm clips each gradient to the norm, globalClipNorm clips jointly, clipValue elementwise', () => {
    const run = (opt: Optimizer): number[] => {
      const a = tf.variable(tf.tensor1d([0, 0]));
      const b = tf.variable(tf.tensor1d([0]));
      opt.applyGradients([
        { variable: a, gradient: tf.tensor1d([3, 4]) },
        { variable: b, gradient: tf.tensor1d([12]) },
      ]);
      const out = [...a.dataSync(), ...b.dataSync()];
      tf.dispose([a, b]);
      return out;
    };
    expectArraysClose(run(new SGD({ learningRate: 1, clipNorm: 1 })), [-0.6, -0.8, -1]);
    // Joint norm 13: every gradient scaled by 1/13.
    expectArraysClose(run(new SGD({ learningRate: 1, globalClipNorm: 1 })), [-3 / 13, -4 / 13, -12 / 13]);
    expectArraysClose(run(new SGD({ learningRate: 1, clipValue: 3.5 })), [-3, -3.5, -3.5]);
  });

  it('evaluates a learning-rate schedule at the iteration count', () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    const rule: HostRule = (w, g, t) => w.map((wi, i) => wi - 0.1 * 0.5 ** (t - 1) * g[i]!);
    close(sinewRun(new SGD({ learningRate: schedule })), hostRun(rule), 'scheduled SGD');
  });

  it('weightDecay excludes variables by name', () => {
    const opt = new SGD({ learningRate: 0.5, weightDecay: 0.2 });
    const kernel = tf.variable(tf.tensor1d([1]), true, 'dense/kernel_wd_test');
    const bias = tf.variable(tf.tensor1d([1]), true, 'dense/bias_wd_test');
    opt.excludeFromWeightDecay({ names: ['bias'] });
    const zero = tf.tensor1d([0]);
    opt.applyGradients([
      { variable: kernel, gradient: zero },
      { variable: bias, gradient: zero },
    ]);
    expectArraysClose(kernel.dataSync(), [0.9]);
    expectArraysClose(bias.dataSync(), [1]);
    tf.dispose([kernel, bias, zero]);
  });

  it('getWeights/setWeights resume training exactly, also before the first step (lazy restore)', async () => {
    await expectNoLeaks(() => {
      const a = new Adam({ learningRate: 0.1, amsgrad: true });
      const w0 = tf.tensor1d(W0);
      const v1 = tf.variable(w0);
      w0.dispose();
      const step = (opt: Optimizer, v: tf.Variable, t: number): void => {
        const g = tf.tensor1d(grad(t, Array.from(v.dataSync())));
        opt.applyGradients([{ variable: v, gradient: g }]);
        g.dispose();
      };
      for (let t = 1; t <= 3; t++) step(a, v1, t);
      const state = a.getWeights();
      expect(state.map((s) => s.name.split('/').pop())).toEqual(['iterations', 'm', 'v', 'vhat']);
      const json = JSON.parse(JSON.stringify(serializeOptimizer(a)));
      const b = deserializeOptimizer(json);
      expect(b).toBeInstanceOf(Adam);
      expect((b as Adam).amsgrad).toBe(true);
      b.setWeights(state);
      tf.dispose(state.map((s) => s.tensor));
      const v1Copy = v1.clone();
      const v2 = tf.variable(v1Copy);
      v1Copy.dispose();
      for (let t = 4; t <= 6; t++) {
        step(a, v1, t);
        step(b, v2, t);
      }
      expect(b.iterations).toBe(6);
      expectArraysClose(v2.dataSync(), v1.dataSync(), { atol: 0, rtol: 0 });
      a.dispose();
      b.dispose();
      tf.dispose([v1, v2]);
    });
  });

  it('setWeights rejects a wrong slot shape with the shapes in the message', () => {
    const opt = new SGD({ momentum: 0.9 });
    const v = tf.variable(tf.tensor1d([1, 2]));
    const g = tf.tensor1d([1, 1]);
    opt.applyGradients([{ variable: v, gradient: g }]);
    const bad = [tf.scalar(1, 'int32'), tf.zeros([3])];
    expect(() => opt.setWeights(bad)).toThrow(/shape \[2\].*shape \[3\]/);
    tf.dispose([v, g, ...bad]);
    opt.dispose();
  });

  it('getOptimizer knows the Keras names and rejects unknown ones', () => {
    for (const [name, cls] of [
      ['sgd', SGD],
      ['adam', Adam],
      ['rmsprop', RMSprop],
      ['adagrad', Adagrad],
      ['adadelta', Adadelta],
      ['adamax', Adamax],
      ['adamw', AdamW],
      ['nadam', Nadam],
      ['Adam', Adam],
    ] as const) {
      expect(getOptimizer(name)).toBeInstanceOf(cls);
    }
    expect(getOptimizer('sgd').currentLearningRate()).toBe(0.01);
    expect(getOptimizer('adam').currentLearningRate()).toBe(0.001);
    expect(() => getOptimizer('adamm')).toThrow(/unknown optimizer 'adamm'/);
  });

  it('minimize computes gradients and steps (no leaks beyond the slots)', async () => {
    const v = tf.variable(tf.tensor1d([3, -2]));
    const opt = new SGD({ learningRate: 0.25, momentum: 0.5 });
    await expectNoLeaks(
      () => {
        for (let i = 0; i < 3; i++) {
          const loss = opt.minimize(() => tf.sum(tf.square(v)) as tf.Scalar, [v]);
          loss?.dispose();
        }
      },
      { allow: 1 },
    );
    // Host: g = 2w; v = 0.5 v - 0.25 g; w += v.
    let w = [3, -2];
    let vel = [0, 0];
    for (let i = 0; i < 3; i++) {
      vel = vel.map((vi, j) => 0.5 * vi - 0.25 * 2 * w[j]!);
      w = w.map((wi, j) => wi + vel[j]!);
    }
    expectArraysClose(v.dataSync(), w);
    v.dispose();
    opt.dispose();
  });
});
