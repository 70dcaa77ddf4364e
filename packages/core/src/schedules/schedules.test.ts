import { describe, expect, it } from 'vitest';
import { CosineDecay } from './cosine-decay.js';
import { ExponentialDecay } from './exponential-decay.js';
import { PiecewiseConstantDecay } from './piecewise-constant.js';
import { deserializeSchedule, serializeSchedule } from './serialize-schedule.js';
import { Warmup } from './warmup.js';

describe('learning-rate schedules (Keras 3 formulas)', () => {
  it('ExponentialDecay, continuous and staircase', () => {
    const c = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const s = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    for (const step of [0, 5, 10, 25]) {
      expect(c.call(step)).toBeCloseTo(0.1 * 0.5 ** (step / 10), 12);
      expect(s.call(step)).toBeCloseTo(0.1 * 0.5 ** Math.floor(step / 10), 12);
    }
  });

  it('PiecewiseConstantDecay switches after each boundary and validates its arguments', () => {
    const p = new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    expect([0, 10, 11, 20, 21, 1000].map((s) => p.call(s))).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
    expect(() => new PiecewiseConstantDecay({ boundaries: [10], values: [1] })).toThrow(/one more entry/);
    expect(() => new PiecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] })).toThrow(/must increase/);
  });

  it('CosineDecay with alpha, restarts and warmup', () => {
    const c = new CosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
    for (const step of [0, 25, 50, 100, 150]) {
      const t = Math.min(step, 100);
      expect(c.call(step)).toBeCloseTo(0.9 * 0.5 * (1 + Math.cos((Math.PI * t) / 100)) + 0.1, 12);
    }
    const r = new CosineDecay({ initialLearningRate: 1, decaySteps: 100, restarts: true });
    expect(r.call(130)).toBeCloseTo(r.call(30), 12);
    const w = new CosineDecay({ initialLearningRate: 0, decaySteps: 100, warmupSteps: 10, warmupTarget: 2 });
    expect(w.call(5)).toBeCloseTo(1, 12);
    expect(w.call(10)).toBeCloseTo(2, 12);
    expect(w.call(60)).toBeCloseTo(1, 12);
  });

  it('Warmup ramps linearly or along a half cosine, then runs the wrapped schedule from its step 0', () => {
    const after = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    const lin = new Warmup({ after, warmupSteps: 4 });
    expect([0, 1, 2, 4, 14].map((s) => lin.call(s))).toEqual([0, 0.025, 0.05, 0.1, 0.05]);
    const cos = new Warmup({ after: 0.2, warmupSteps: 4, shape: 'cosine', initialLearningRate: 0.1 });
    expect(cos.call(2)).toBeCloseTo(0.15, 12);
    expect(cos.call(1)).toBeCloseTo(0.1 + 0.1 * 0.5 * (1 - Math.cos(Math.PI / 4)), 12);
  });

  it('round-trips through JSON', () => {
    const w = new Warmup({ after: new CosineDecay({ initialLearningRate: 0.1, decaySteps: 50, restarts: true }), warmupSteps: 5 });
    const back = deserializeSchedule(JSON.parse(JSON.stringify(serializeSchedule(w))));
    for (const s of [0, 3, 5, 30, 80]) expect((back as Warmup).call(s)).toBe(w.call(s));
    expect(() => deserializeSchedule({ className: 'Nope', config: {} })).toThrow(/unknown learning-rate schedule 'Nope'/);
  });
});
