import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { SparseCategoricalCrossentropy } from '../losses/loss.js';
import { SGD } from '../optimizers/sgd.js';
import { compileModel } from './compile.js';
import { evaluateModel } from './evaluate.js';
import type { FitTarget } from './fit-target.js';
import { fitModel } from './fit.js';
import type { Tensors } from './trainable.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Two inputs, two heads: a regression head x1·a and a 2-class logits head x2·B. */
class TwoHeads implements FitTarget {
  readonly name = 'two_heads';
  readonly outputNames = ['value', 'label'];
  stopTraining = false;
  a: tf.Variable;
  b: tf.Variable;
  constructor() {
    const a = tf.tensor2d([[0.5], [0.2]]);
    const b = tf.tensor2d([[0.1, -0.2], [0.3, 0.4]]);
    this.a = tf.variable(a);
    this.b = tf.variable(b);
    tf.dispose([a, b]);
  }
  apply(inputs: Tensors): Tensors {
    const [x1, x2] = inputs as tf.Tensor[];
    return [tf.matMul(x1 as tf.Tensor2D, this.a), tf.matMul(x2 as tf.Tensor2D, this.b)];
  }
  get trainableVariables(): tf.Variable[] {
    return [this.a, this.b];
  }
  regularizationLoss(): tf.Scalar | null {
    return null;
  }
  applyConstraints(): void {}
  getWeights(): tf.Tensor[] {
    return [this.a.clone(), this.b.clone()];
  }
  setWeights(w: tf.Tensor[]): void {
    this.a.assign(w[0]!);
    this.b.assign(w[1]!);
  }
}

describe('several inputs and outputs', () => {
  it('weights per-output losses, logs them by output name, and applies metrics per output', async () => {
    const m = new TwoHeads();
    const compiled = compileModel(
      {
        optimizer: new SGD({ learningRate: 0 }),
        loss: { value: 'mse', label: new SparseCategoricalCrossentropy({ fromLogits: true }) },
        lossWeights: { value: 2, label: 0.5 },
        metrics: { label: ['accuracy'] },
      },
      m.outputNames,
    );
    // A record needs output names; compile without them fails clearly.
    expect(() => compileModel({ optimizer: 'sgd', loss: { value: 'mse' } })).toThrow(/needs a model with named outputs/);
    const x1 = tf.tensor2d([[1, 2], [3, 4], [0, 1]]);
    const x2 = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
    const yv = tf.tensor2d([[1], [2], [0]]);
    const yl = tf.tensor1d([1, 0, 1]);
    const sparse = compileModel({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await fitModel(m, compiled, [x1, x2], [yv, yl], { epochs: 1, batchSize: 3, verbose: 0 });
    // Host: value head predictions 0.9, 2.3, 0.2; label head softmax logits from rows of B.
    const mse = ((0.9 - 1) ** 2 + (2.3 - 2) ** 2 + (0.2 - 0) ** 2) / 3;
    const logits = [[0.1, -0.2], [0.3, 0.4], [0.4, 0.2]];
    const labels = [1, 0, 1];
    const ce = logits.reduce((s, r, i) => s - (r[labels[i]!]! - Math.log(Math.exp(r[0]!) + Math.exp(r[1]!))), 0) / 3;
    const acc = logits.filter((r, i) => (r[1]! > r[0]! ? 1 : 0) === labels[i]).length / 3;
    expect(h.history.value_loss![0]).toBeCloseTo(mse, 5);
    expect(h.history.label_loss![0]).toBeCloseTo(ce, 5);
    expect(h.history.loss![0]).toBeCloseTo(2 * mse + 0.5 * ce, 5);
    expect(h.history.label_accuracy![0]).toBeCloseTo(acc, 6);
    const logs = await evaluateModel(m, compiled, [x1, x2], [yv, yl]);
    expect(logs.loss).toBeCloseTo(2 * mse + 0.5 * ce, 5);
    tf.dispose([x1, x2, yv, yl]);
    expect(sparse.outputs.length).toBe(1);
  });
});
