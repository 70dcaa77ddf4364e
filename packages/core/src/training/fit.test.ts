import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { expectArraysClose } from '@sinew/tooling';
import { beforeAll, describe, expect, it } from 'vitest';
import { LambdaCallback } from '../callbacks/lambda-callback.js';
import { SGD } from '../optimizers/sgd.js';
import { setSeed } from '../random/index.js';
import { compileModel } from './compile.js';
import type { DatasetBatch } from './data.js';
import { evaluateModel } from './evaluate.js';
import { fitModel, trainOnBatchModel } from './fit.js';
import { LinearModel } from './linear-model.fixture.js';
import { predictModel } from './predict.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const XS = [
  [1, 2],
  [3, 4],
  [-1, 0.5],
  [2, -2],
  [0.5, 0.5],
  [-1.5, 1],
];
const YS = [[1], [2], [0], [-1], [0.3], [0.8]];

/** Host float64 mean squared error and its gradient for y = x·w + b over the given rows. */
function hostMse(w: number[], b: number, rows: number[], weights?: number[]): { loss: number; gw: number[]; gb: number } {
  let loss = 0;
  const gw = [0, 0];
  let gb = 0;
  for (const [k, i] of rows.entries()) {
    const x = XS[i]!;
    const sw = weights?.[k] ?? 1;
    const err = x[0]! * w[0]! + x[1]! * w[1]! + b - YS[i]![0]!;
    loss += (sw * err * err) / rows.length;
    gw[0] = gw[0]! + (2 * sw * err * x[0]!) / rows.length;
    gw[1] = gw[1]! + (2 * sw * err * x[1]!) / rows.length;
    gb += (2 * sw * err) / rows.length;
  }
  return { loss, gw, gb };
}

function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return { x: tf.tensor2d(XS), y: tf.tensor2d(YS) };
}

describe('fitModel on a hand-written Trainable (the contract, no engine)', () => {
  it('mini-batch SGD equals the host computation, batch by batch, with a smaller last batch', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const { x, y } = data();
    const h = await fitModel(model, compiled, x, y, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
    let w = [0.5, -0.3];
    let b = 0.1;
    const epochLoss: number[] = [];
    for (let e = 0; e < 2; e++) {
      let total = 0;
      for (const batch of [[0, 1, 2, 3], [4, 5]]) {
        const r = hostMse(w, b, batch);
        total += r.loss * batch.length;
        w = [w[0]! - 0.1 * r.gw[0]!, w[1]! - 0.1 * r.gw[1]!];
        b -= 0.1 * r.gb;
      }
      epochLoss.push(total / 6);
    }
    expectArraysClose(h.history.loss!, epochLoss, { label: 'epoch losses (batch-size weighted mean)' });
    expectArraysClose([...model.kernel.dataSync(), ...model.bias.dataSync()], [...w, b]);
    expect(h.epoch).toEqual([0, 1]);
    expect(model.constraintCalls).toBe(4);
    tf.dispose([x, y]);
    model.dispose();
    compiled.optimizer.dispose();
  });

  it('no tensor leaks: live tensors after fit = before + optimizer slots (validation, metrics, shuffle)', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.9 }), loss: 'mse', metrics: ['mae'] });
    const { x, y } = data();
    const before = tf.memory().numTensors;
    const h = await fitModel(model, compiled, x, y, { epochs: 3, batchSize: 2, validationSplit: 0.34, verbose: 0 });
    // SGD with momentum keeps one slot per trainable variable (kernel, bias).
    expect(tf.memory().numTensors).toBe(before + 2);
    await fitModel(model, compiled, x, y, { epochs: 2, batchSize: 3, validationData: [x, y], verbose: 0 });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(Object.keys(h.history).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    tf.dispose([x, y]);
    model.dispose();
    compiled.optimizer.dispose();
  });

  it('validationSplit holds out the LAST samples, taken before shuffling (Keras)', async () => {
    // Learning rate 0 keeps the weights fixed, so val_loss is the loss of the untouched model on the last 2 rows.
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const { x, y } = data();
    const h = await fitModel(model, compiled, x, y, { epochs: 1, batchSize: 2, validationSplit: 1 / 3, verbose: 0 });
    expect(h.history.val_loss![0]).toBeCloseTo(hostMse([0.5, -0.3], 0.1, [4, 5]).loss, 5);
    expect(h.history.loss![0]).toBeCloseTo(hostMse([0.5, -0.3], 0.1, [0, 1, 2, 3]).loss, 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('sampleWeight and classWeight weight the per-sample losses (sum over batch size)', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const { x, y } = data();
    const sw = [1, 0, 2, 0.5, 1, 3];
    const swt = tf.tensor1d(sw);
    const h = await fitModel(model, compiled, x, y, { epochs: 1, batchSize: 6, sampleWeight: swt, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(hostMse([0.5, -0.3], 0.1, [0, 1, 2, 3, 4, 5], sw).loss, 5);
    // classWeight: labels from the targets (rounded for a single column): 1, 2, 0, -1 → weights.
    const yc = tf.tensor2d([[1], [0], [1], [0], [1], [0]]);
    const h2 = await fitModel(model, compiled, x, yc, { epochs: 1, batchSize: 6, classWeight: { 0: 1, 1: 3 }, verbose: 0 });
    const pred = XS.map((r) => r[0]! * 0.5 + r[1]! * -0.3 + 0.1);
    const ycv = [1, 0, 1, 0, 1, 0];
    const host = pred.reduce((s, p, i) => s + (ycv[i] === 1 ? 3 : 1) * (p - ycv[i]!) ** 2, 0) / 6;
    expect(h2.history.loss![0]).toBeCloseTo(host, 5);
    await expect(fitModel(model, compiled, x, yc, { classWeight: { 0: 1 }, verbose: 0 })).rejects.toThrow(/no entry for class 1/);
    tf.dispose([x, y, swt, yc]);
    model.dispose();
  });

  it('adds the model regularization loss to the training loss', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    model.l2 = 0.1;
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0 }), loss: 'mse' });
    const { x, y } = data();
    const h = await fitModel(model, compiled, x, y, { epochs: 1, batchSize: 6, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(hostMse([0.5, -0.3], 0.1, [0, 1, 2, 3, 4, 5]).loss + 0.1 * (0.25 + 0.09), 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('shuffles with the seeded generator: the same seed gives bit-identical weights; another seed differs', async () => {
    const run = async (seed: number): Promise<number[]> => {
      setSeed(seed);
      const model = new LinearModel([[0.5], [-0.3]], [0.1]);
      const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
      const { x, y } = data();
      await fitModel(model, compiled, x, y, { epochs: 2, batchSize: 2, verbose: 0 });
      const w = [...model.kernel.dataSync(), ...model.bias.dataSync()];
      tf.dispose([x, y]);
      model.dispose();
      return w;
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('trains from an async-iterable dataset and disposes every batch it consumed', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const dataset = {
      async *[Symbol.asyncIterator](): AsyncGenerator<DatasetBatch> {
        for (const rows of [[0, 1, 2], [3, 4, 5]]) {
          yield { xs: tf.tensor2d(rows.map((i) => XS[i]!)), ys: tf.tensor2d(rows.map((i) => YS[i]!)) };
        }
      },
    };
    const before = tf.memory().numTensors;
    const h = await fitModel(model, compiled, dataset, undefined, { epochs: 2, verbose: 0, validationData: dataset });
    expect(tf.memory().numTensors).toBe(before);
    let w = [0.5, -0.3];
    let b = 0.1;
    for (let e = 0; e < 2; e++) {
      for (const batch of [[0, 1, 2], [3, 4, 5]]) {
        const r = hostMse(w, b, batch);
        w = [w[0]! - 0.1 * r.gw[0]!, w[1]! - 0.1 * r.gw[1]!];
        b -= 0.1 * r.gb;
      }
    }
    expectArraysClose([...model.kernel.dataSync(), ...model.bias.dataSync()], [...w, b]);
    expect(h.history.val_loss!.length).toBe(2);
    model.dispose();
  });

  it('initialEpoch resumes numbering; callbacks see every hook in order', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.01 }), loss: 'mse' });
    const { x, y } = data();
    const events: string[] = [];
    const cb = new LambdaCallback({
      onTrainBegin: () => void events.push('trainBegin'),
      onEpochBegin: async (e) => {
        await new Promise((r) => setTimeout(r, 1));
        events.push(`epochBegin ${e}`);
      },
      onBatchEnd: (b, logs) => void events.push(`batchEnd ${b} size ${logs?.size}`),
      onEpochEnd: (e) => void events.push(`epochEnd ${e}`),
      onTrainEnd: () => void events.push('trainEnd'),
    });
    const h = await fitModel(model, compiled, x, y, { epochs: 4, initialEpoch: 2, batchSize: 4, shuffle: false, callbacks: [cb], verbose: 0 });
    expect(h.epoch).toEqual([2, 3]);
    expect(events).toEqual([
      'trainBegin',
      'epochBegin 2', 'batchEnd 0 size 4', 'batchEnd 1 size 2', 'epochEnd 2',
      'epochBegin 3', 'batchEnd 0 size 4', 'batchEnd 1 size 2', 'epochEnd 3',
      'trainEnd',
    ]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('evaluate, predict (batched) and trainOnBatch agree with the host', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const { x, y } = data();
    const logs = await evaluateModel(model, compiled, x, y, { batchSize: 4 });
    expect(logs.loss).toBeCloseTo(hostMse([0.5, -0.3], 0.1, [0, 1, 2, 3, 4, 5]).loss, 5);
    const pred = XS.map((r) => r[0]! * 0.5 + r[1]! * -0.3 + 0.1);
    expect(logs.mae).toBeCloseTo(pred.reduce((s, p, i) => s + Math.abs(p - YS[i]![0]!), 0) / 6, 5);
    const before = tf.memory().numTensors;
    const p = predictModel(model, x, { batchSize: 4 }) as tf.Tensor;
    expect(p.shape).toEqual([6, 1]);
    expectArraysClose(p.dataSync(), pred);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const tl = await trainOnBatchModel(model, compiled, x, y);
    expect(tl.loss).toBeCloseTo(logs.loss!, 5);
    const r = hostMse([0.5, -0.3], 0.1, [0, 1, 2, 3, 4, 5]);
    expectArraysClose(model.kernel.dataSync(), [0.5 - 0.1 * r.gw[0]!, -0.3 - 0.1 * r.gw[1]!]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it("yieldEvery 'batch' lets macrotasks run between batches; 'never' does not", async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: new SGD({ learningRate: 0.01 }), loss: 'mse' });
    const { x, y } = data();
    const observe = async (yieldEvery: 'batch' | 'never'): Promise<boolean[]> => {
      const fired: boolean[] = [];
      let flag = false;
      const cb = new LambdaCallback({
        onBatchBegin: (b) => {
          if (b > 0) fired.push(flag);
          flag = false;
          setImmediate(() => {
            flag = true;
          });
        },
      });
      await fitModel(model, compiled, x, y, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0, yieldEvery, callbacks: [cb] });
      await new Promise((r) => setImmediate(r));
      return fired;
    };
    expect(await observe('batch')).toEqual([true, true]);
    expect(await observe('never')).toEqual([false, false]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('explains bad arguments', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const { x, y } = data();
    const y5 = tf.zeros([5, 1]);
    await expect(fitModel(model, compiled, x, y5, { verbose: 0 })).rejects.toThrow(/same number of samples; y\[0\] has shape \[5,1\], expected 6/);
    await expect(fitModel(model, compiled, x, y, { batchSize: 0, verbose: 0 })).rejects.toThrow(/batchSize must be a positive integer/);
    await expect(fitModel(model, compiled, x, y, { validationSplit: 1.5, verbose: 0 })).rejects.toThrow(/validationSplit must be in \[0, 1\)/);
    expect(() => compileModel({ optimizer: 'adam', loss: 'nope' })).toThrow(/unknown loss 'nope'/);
    tf.dispose([x, y, y5]);
    model.dispose();
  });
});

describe('input checks', () => {
  it('predict refuses a dataset and non-tensor inputs with a message that says what it received', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const dataset = { async *[Symbol.asyncIterator]() {} };
    expect(() => predictModel(model, dataset as never)).toThrow(/predict: x must be a tensor or a list of tensors, received an async-iterable dataset/);
    expect(() => predictModel(model, [[1, 2]] as never)).toThrow('predict: x[0] must be a tensor, received a plain array');
    await expect(evaluateModel(model, compiled, [[1, 2]] as never, tf.zeros([1, 1]))).rejects.toThrow('evaluate: x[0] must be a tensor, received a plain array');
    model.dispose();
  });
});

describe('compileModel', () => {
  it("resolves 'accuracy' from the loss, as Keras does", async () => {
    const probs = tf.tensor2d([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]);
    const sparse = tf.tensor1d([1, 1, 1]);
    const onehot = tf.tensor2d([[0, 1], [0, 1], [0, 1]]);
    const c1 = compileModel({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const m1 = c1.outputs[0]!.metrics[0]!;
    m1.metric.update(sparse, probs);
    expect(m1.metric.result()).toBeCloseTo(2 / 3);
    const c2 = compileModel({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['acc'] });
    const m2 = c2.outputs[0]!.metrics[0]!;
    m2.metric.update(onehot, probs);
    expect(m2.key).toBe('acc');
    expect(m2.metric.result()).toBeCloseTo(2 / 3);
    const c3 = compileModel({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const m3 = c3.outputs[0]!.metrics[0]!;
    m3.metric.update(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.7], [0.6]]));
    expect(m3.metric.result()).toBeCloseTo(0.5);
    tf.dispose([probs, sparse, onehot]);
  });
});
