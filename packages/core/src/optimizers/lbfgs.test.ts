import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { expectArraysClose, expectNoLeaks } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../training/compile.js';
import { fitLbfgs } from '../training/fit-lbfgs.js';
import { LinearModel } from '../training/linear-model.fixture.js';
import { lbfgsHost, minimizeLbfgs } from './lbfgs.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Solves the normal equations AᵀA x = Aᵀb on the host (Gaussian elimination, partial pivoting). */
function leastSquares(A: number[][], b: number[]): number[] {
  const n = (A[0] as number[]).length;
  const M = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => A.reduce((s, row) => s + row[i]! * row[j]!, 0)),
    A.reduce((s, row, k) => s + row[i]! * b[k]!, 0),
  ]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k] = M[r]![k]! - f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

const A = [
  [1, 2, 0.5],
  [0.3, -1, 2],
  [2, 0.1, -0.7],
  [-1.2, 0.8, 1],
  [0.5, 0.5, 0.5],
  [1.5, -2, 0.2],
];
const B = [1, -2, 0.5, 3, 0.7, -1.1];

describe('L-BFGS', () => {
  it('reaches the Rosenbrock minimum (1, 1) from (-1.5, 2) to 1e-4 (tensor objective)', async () => {
    const rosenbrock = (v: tf.Tensor): tf.Scalar =>
      tf.tidy(() => {
        const [a, b] = tf.unstack(v) as [tf.Tensor, tf.Tensor];
        return tf.add(tf.square(tf.sub(1, a)), tf.mul(100, tf.square(tf.sub(b, tf.square(a))))) as tf.Scalar;
      });
    const x0 = tf.tensor1d([-1.5, 2]);
    const r = await expectNoLeaks(() => minimizeLbfgs(rosenbrock, x0), { allow: 1 });
    expectArraysClose(r.x.dataSync(), [1, 1], { atol: 1e-4, rtol: 0, label: 'Rosenbrock minimizer' });
    expect(r.value).toBeLessThan(1e-8);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(5);
    expect(r.iterations).toBeLessThan(100);
    tf.dispose([x0, r.x]);
  });

  it('reaches the Rosenbrock minimum in float64 on the host with the analytic gradient', () => {
    const r = lbfgsHost(
      (x) => {
        const a = x[0]!;
        const b = x[1]!;
        return {
          value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
          gradient: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
        };
      },
      [-1.5, 2],
      { gradientTolerance: 1e-9 },
    );
    expectArraysClose(r.x, [1, 1], { atol: 1e-6, rtol: 0 });
    expect(r.reason).toMatch(/gradientTolerance|changeTolerance/);
  });

  it('matches the closed-form least-squares optimum (normal equations on the host)', () => {
    const expected = leastSquares(A, B);
    const At = tf.tensor2d(A);
    const bt = tf.tensor2d(B, [6, 1]);
    const x0 = tf.zeros([3, 1]);
    const r = minimizeLbfgs((x) => tf.tidy(() => tf.sum(tf.square(tf.sub(tf.matMul(At, x), bt))) as tf.Scalar), x0);
    expectArraysClose(r.x.dataSync(), expected, { atol: 1e-4, rtol: 1e-4, label: 'least squares' });
    expect(r.x.shape).toEqual([3, 1]);
    tf.dispose([At, bt, x0, r.x]);
  });

  it('fitLbfgs trains a model full-batch to the least-squares optimum (linear model, mse loss)', async () => {
    // Fit y = x·w + c: the optimum is the least-squares solution with a column of ones for c.
    const X = A.map((row) => row.slice(0, 2));
    const expected = leastSquares(
      X.map((row) => [...row, 1]),
      B,
    );
    const model = new LinearModel([[0], [0]], [0]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d(X);
    const y = tf.tensor2d(B, [6, 1]);
    const r = await expectNoLeaks(() => fitLbfgs(model, compiled, x, y, { maxIterations: 100 }));
    expectArraysClose([...model.kernel.dataSync(), ...model.bias.dataSync()], expected, { atol: 1e-4, rtol: 1e-4 });
    expect(r.lossHistory[0]).toBeGreaterThan(r.lossHistory[r.lossHistory.length - 1]!);
    expect(r.converged).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('validates its options', () => {
    expect(() => lbfgsHost((x) => ({ value: 0, gradient: x }), [1], { c1: 0.9, c2: 0.1 })).toThrow(/0 < c1 < c2 < 1/);
  });
});
