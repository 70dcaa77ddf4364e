import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { preflight, setBackend } from '@sinew/backend';
import { expectNoLeaks } from '@sinew/tooling';
import { makeConvNet } from '../test/conv-net.js';
import './register.js';

/** One training step's gradients on a backend, as plain arrays, with nothing left behind. */
async function stepGradients(backend: string): Promise<{ loss: number; grads: Float32Array[] }> {
  await setBackend(backend);
  return expectNoLeaks(
    () => {
      const net = makeConvNet();
      try {
        const { value, grads } = tf.variableGrads(net.loss, net.variables);
        const out = { loss: value.dataSync()[0]!, grads: net.variables.map((v) => grads[v.name]!.dataSync() as Float32Array) };
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      } finally {
        net.dispose();
      }
    },
    { label: `conv net step on ${backend}` },
  );
}

function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

describe('a 2-layer conv net trains on wasm', () => {
  let previous: string | undefined;
  beforeAll(() => {
    previous = (tf.engine() as unknown as { backendName?: string }).backendName;
  });
  afterAll(async () => {
    if (previous) await tf.setBackend(previous);
  });

  test('one step runs on wasm and its gradients match cpu to 1e-4 relative', async () => {
    const wasm = await stepGradients('wasm');
    const cpu = await stepGradients('cpu');
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    expect(wasm.grads.map((g) => g.length)).toEqual(cpu.grads.map((g) => g.length));
    wasm.grads.forEach((g, i) => {
      // The reference gradients are not trivially zero, so agreement means something.
      expect(Math.max(...cpu.grads[i]!.map(Math.abs))).toBeGreaterThan(1e-3);
      expect(relativeError(g, cpu.grads[i]!), `variable ${i}`).toBeLessThan(1e-4);
    });
  });

  test('ten SGD steps on wasm lower the loss', async () => {
    await setBackend('wasm');
    const net = makeConvNet();
    const opt = tf.train.sgd(0.2);
    try {
      const first = net.loss();
      const before = first.dataSync()[0]!;
      first.dispose();
      for (let i = 0; i < 10; i++) opt.minimize(net.loss, false, net.variables);
      const last = net.loss();
      expect(last.dataSync()[0]!).toBeLessThan(before * 0.8);
      last.dispose();
    } finally {
      opt.dispose();
      net.dispose();
    }
  });

  test('preflight finds nothing missing for the step on our wasm backend', async () => {
    await setBackend('wasm');
    const net = makeConvNet();
    try {
      const report = await preflight(() => tf.variableGrads(net.loss, net.variables), 'wasm');
      expect(report.kernelsUsed).toContain('Conv2DBackpropFilter');
      expect(report.missingKernels).toEqual([]);
      expect(report.missingGradients).toEqual([]);
    } finally {
      net.dispose();
    }
  });
});
