import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { expectArraysClose } from '@sinew/tooling';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SGD } from '../optimizers/sgd.js';
import { compileModel } from '../training/compile.js';
import { fitModel } from '../training/fit.js';
import { LinearModel } from '../training/linear-model.fixture.js';
import type { Callback, Logs } from './callback.js';
import { csvFileSink } from './csv-file-sink.node.js';
import { CSVLogger } from './csv-logger.js';
import { EarlyStopping } from './early-stopping.js';
import { LambdaCallback } from './lambda-callback.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';
import { formatCheckpointPath, ModelCheckpoint } from './model-checkpoint.js';
import { ProgressBar } from './progress-bar.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { TerminateOnNaN } from './terminate-on-nan.js';

let dir = '';
beforeAll(async () => {
  await setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'sinew-callbacks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const XS = [[1, 2], [3, 4], [-1, 0.5], [2, -2]];
const YS = [[1], [2], [0], [-1]];

/** A callback that replaces `key` in the epoch logs by a scripted sequence (runs before the ones under test). */
const script = (key: string, values: number[]): Callback =>
  new LambdaCallback({
    onEpochEnd: (epoch, logs) => {
      if (logs !== undefined) logs[key] = values[epoch]!;
    },
  });

async function train(callbacks: Callback[], epochs = 10, lr = 0.01): Promise<{ model: LinearModel; epochs: number[]; history: Record<string, number[]>; opt: SGD }> {
  const model = new LinearModel([[0.5], [-0.3]], [0.1]);
  const opt = new SGD({ learningRate: lr });
  const compiled = compileModel({ optimizer: opt, loss: 'mse' });
  const x = tf.tensor2d(XS);
  const y = tf.tensor2d(YS);
  const h = await fitModel(model, compiled, x, y, { epochs, batchSize: 4, shuffle: false, callbacks, verbose: 0, validationData: [x, y] });
  tf.dispose([x, y]);
  return { model, epochs: h.epoch, history: h.history, opt };
}

describe('EarlyStopping (Keras 3 semantics on scripted sequences)', () => {
  it('stops after `patience` epochs without improvement', async () => {
    const es = new EarlyStopping({ patience: 2 });
    const { model, epochs } = await train([script('val_loss', [0.086, 0.1096, 0.104, 0.1019, 0.05, 0.04]), es]);
    expect(epochs).toEqual([0, 1, 2]);
    expect(es.stoppedEpoch).toBe(2);
    expect(model.stopTraining).toBe(true);
    model.dispose();
  });

  it('minDelta: smaller improvements do not count; mode max for accuracy-like names', async () => {
    const es = new EarlyStopping({ patience: 1, minDelta: 0.01 });
    const r1 = await train([script('val_loss', [1, 0.995, 0.99, 0.5]), es]);
    expect(r1.epochs).toEqual([0, 1]);
    const es2 = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 });
    const r2 = await train([script('val_accuracy', [0.5, 0.6, 0.7, 0.65, 0.9]), es2]);
    expect(r2.epochs).toEqual([0, 1, 2, 3]);
    r1.model.dispose();
    r2.model.dispose();
  });

  it('baseline: improvements that do not beat it do not reset the patience count', async () => {
    const withBaseline = await train([script('val_loss', [0.9, 0.95, 0.97, 0.99, 1]), new EarlyStopping({ patience: 2, baseline: 0.5 })]);
    expect(withBaseline.epochs).toEqual([0, 1]);
    const without = await train([script('val_loss', [0.9, 0.95, 0.97, 0.99, 1]), new EarlyStopping({ patience: 2 })]);
    expect(without.epochs).toEqual([0, 1, 2]);
    withBaseline.model.dispose();
    without.model.dispose();
  });

  it('startFromEpoch ignores the warm-up epochs', async () => {
    const r = await train([script('val_loss', [5, 6, 7, 1, 2, 3, 4]), new EarlyStopping({ patience: 2, startFromEpoch: 3 })]);
    expect(r.epochs).toEqual([0, 1, 2, 3, 4, 5]);
    r.model.dispose();
  });

  it('restoreBestWeights puts back the weights of the best epoch and frees its copies', async () => {
    const snapshots: number[][] = [];
    const record = new LambdaCallback({ onEpochEnd: () => void snapshots.push([]) });
    let model: LinearModel | null = null;
    const grab = new LambdaCallback({
      onTrainBegin: () => undefined,
      onEpochEnd: () => {
        const m = (grab as unknown as { model: LinearModel }).model;
        model = m;
        snapshots[snapshots.length - 1] = [...m.kernel.dataSync(), ...m.bias.dataSync()];
      },
    });
    const before = tf.memory().numTensors;
    const r = await train([record, grab, script('val_loss', [0.5, 0.2, 0.3, 0.4, 0.1]), new EarlyStopping({ patience: 2, restoreBestWeights: true })]);
    expect(r.epochs).toEqual([0, 1, 2, 3]);
    expectArraysClose([...r.model.kernel.dataSync(), ...r.model.bias.dataSync()], snapshots[1]!);
    expect(snapshots[3]).not.toEqual(snapshots[1]);
    expect(model).toBe(r.model);
    r.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ReduceLROnPlateau and LearningRateScheduler', () => {
  it('halves the rate after `patience` flat epochs, honours cooldown and minLr, and logs learning_rate', async () => {
    const opt = new SGD({ learningRate: 0.1 });
    const cb = new ReduceLROnPlateau({ optimizer: opt, monitor: 'loss', factor: 0.5, patience: 2, minLr: 0.02 });
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: opt, loss: 'mse' });
    const x = tf.tensor2d(XS);
    const y = tf.tensor2d(YS);
    const h = await fitModel(model, compiled, x, y, {
      epochs: 8,
      verbose: 0,
      callbacks: [script('loss', [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]), cb],
    });
    // e1 improves; e2, e3 flat -> 0.05; e4, e5 flat -> 0.025; e6, e7 flat -> max(0.0125, 0.02).
    expectArraysClose(h.history.learning_rate!, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02]);
    expect(opt.currentLearningRate()).toBe(0.02);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('LearningRateScheduler sets the rate per epoch and the updates use it', async () => {
    const opt = new SGD({ learningRate: 1 });
    const sched = new LearningRateScheduler((epoch) => 0.1 / (epoch + 1), { optimizer: opt });
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: opt, loss: 'mse' });
    const x = tf.tensor2d(XS);
    const y = tf.tensor2d(YS);
    const h = await fitModel(model, compiled, x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0, callbacks: [sched] });
    expectArraysClose(h.history.learning_rate!, [0.1, 0.05, 0.1 / 3]);
    // Host: full-batch gradient descent with those rates.
    let w = [0.5, -0.3];
    let b = 0.1;
    for (let e = 0; e < 3; e++) {
      const lr = 0.1 / (e + 1);
      const g = [0, 0, 0];
      XS.forEach((r, i) => {
        const err = r[0]! * w[0]! + r[1]! * w[1]! + b - YS[i]![0]!;
        g[0] = g[0]! + (2 * err * r[0]!) / 4;
        g[1] = g[1]! + (2 * err * r[1]!) / 4;
        g[2] = g[2]! + (2 * err) / 4;
      });
      w = [w[0]! - lr * g[0]!, w[1]! - lr * g[1]!];
      b -= lr * g[2]!;
    }
    expectArraysClose([...model.kernel.dataSync(), ...model.bias.dataSync()], [...w, b]);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('ModelCheckpoint', () => {
  it('formats {epoch} and log placeholders with Python-style formats', () => {
    expect(formatCheckpointPath('m-{epoch:03d}-{val_loss:.2f}-{loss}.sinew', { epoch: 7, logs: { val_loss: 0.12345, loss: 2 } })).toBe('m-007-0.12-2.sinew');
    expect(() => formatCheckpointPath('m-{acc}.sinew', { epoch: 1, logs: { loss: 1 } })).toThrow(/uses \{acc\}/);
  });

  it('saves every epoch, or only on improvement with saveBestOnly', async () => {
    const every = new ModelCheckpoint(join(dir, 'every-{epoch:02d}.sinew'));
    const best = new ModelCheckpoint(join(dir, 'best-{epoch}-{val_loss:.1f}.sinew'), { saveBestOnly: true });
    const r = await train([script('val_loss', [0.5, 0.6, 0.4, 0.45]), every, best], 4);
    expect(every.saved.map((p) => p.slice(dir.length + 1))).toEqual(['every-01.sinew', 'every-02.sinew', 'every-03.sinew', 'every-04.sinew']);
    expect(best.saved.map((p) => p.slice(dir.length + 1))).toEqual(['best-1-0.5.sinew', 'best-3-0.4.sinew']);
    expect(r.model.saved).toEqual([...every.saved.slice(0, 1), best.saved[0], ...every.saved.slice(1, 3), best.saved[1], every.saved[3]]);
    r.model.dispose();
  });

  it('fails clearly when the model cannot save weights only', async () => {
    await expect(train([new ModelCheckpoint('w.bin', { saveWeightsOnly: true })], 1)).rejects.toThrow(/no saveWeights\(\) method/);
  });
});

describe('CSVLogger, TerminateOnNaN, ProgressBar', () => {
  it('CSVLogger writes a header and one row per epoch (keys sorted, as Keras)', async () => {
    const lines: string[] = [];
    await train([new CSVLogger((t) => void lines.push(t))], 2);
    const text = lines.join('').trim().split('\n');
    expect(text[0]).toBe('epoch,loss,val_loss');
    expect(text.length).toBe(3);
    expect(text[2]!.split(',')[0]).toBe('1');
  });

  it('csvFileSink appends to a file; append mode writes the header once across runs', async () => {
    const file = join(dir, 'log.csv');
    const r1 = await train([new CSVLogger(csvFileSink(file))], 2);
    const r2 = await train([new CSVLogger(csvFileSink(file), { append: true })], 1);
    const text = (await readFile(file, 'utf8')).trim().split('\n');
    expect(text.filter((l) => l.startsWith('epoch')).length).toBe(1);
    expect(text.map((l) => l.split(',')[0])).toEqual(['epoch', '0', '1', '0']);
    const r3 = await train([new CSVLogger(csvFileSink(file))], 1);
    expect((await readFile(file, 'utf8')).trim().split('\n').length).toBe(2);
    for (const r of [r1, r2, r3]) r.model.dispose();
  });

  it('TerminateOnNaN stops after the first batch with a NaN loss', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d([[1, 2], [3, 4], [NaN, 1], [2, 2], [1, 1], [0, 1]]);
    const y = tf.tensor2d([[1], [2], [0], [-1], [0], [0]]);
    const t = new TerminateOnNaN();
    const seen: number[] = [];
    const count = new LambdaCallback({ onBatchEnd: (b) => void seen.push(b) });
    const h = await fitModel(model, compiled, x, y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0, callbacks: [count, t] });
    expect(t.terminatedAt).toEqual({ epoch: 0, batch: 1 });
    expect(seen).toEqual([0, 1]);
    expect(h.epoch).toEqual([0]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('ProgressBar: one line per epoch without a TTY; a live bar with ETA in a TTY', async () => {
    const plain: string[] = [];
    await train([new ProgressBar({ write: (t) => void plain.push(t), isTTY: false })], 2);
    expect(plain.length).toBe(2);
    expect(plain[0]).toMatch(/^Epoch 1\/2 - \d+s - loss: \d\.\d{4} - val_loss: \d\.\d{4}\n$/);
    const tty: string[] = [];
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.zeros([64, 2]);
    const y = tf.zeros([64, 1]);
    await fitModel(model, compiled, x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [new ProgressBar({ write: (t) => void tty.push(t), isTTY: true })] });
    expect(tty[0]).toBe('Epoch 1/1\n');
    expect(tty.some((l) => /^\r\s*\d+\/8 \[=*>?\.*\] - ETA: \d+s - loss: /.test(l))).toBe(true);
    expect(tty[tty.length - 1]).toMatch(/^\r8\/8 \[=+\] - \d+s \d+ms\/step - loss: /);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('ProgressBar in a TTY: a dataset of unknown size gets a real bar from epoch 2; shorter redraws erase the old line', async () => {
    const model = new LinearModel([[0.5], [-0.3]], [0.1]);
    const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
    const dataset = {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < 3; i++) yield { xs: tf.zeros([2, 2]), ys: tf.zeros([2, 1]) };
      },
    };
    const tty: string[] = [];
    await fitModel(model, compiled, dataset, undefined, { epochs: 2, verbose: 0, callbacks: [new ProgressBar({ write: (t) => void tty.push(t), isTTY: true })] });
    const second = tty.slice(tty.indexOf('Epoch 2/2\n') + 1);
    expect(tty.slice(1, tty.indexOf('Epoch 2/2\n')).some((l) => l.includes('/Unknown'))).toBe(true);
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((l) => l.includes('Unknown'))).toBe(false);
    expect(second[0]).toMatch(/^\r1\/3 \[=*>\.*\] - ETA: /);
    model.dispose();

    // Drawn by hand: a long line, then a shorter one, must blank the tail of the long one.
    const out: string[] = [];
    const bar = new ProgressBar({ write: (t) => void out.push(t), isTTY: true });
    bar.setParams({ epochs: 1, steps: 2, samples: 4, batchSize: 2, verbose: 1, metrics: ['loss'], initialEpoch: 0 } as never);
    bar.onEpochBegin(0);
    bar.onBatchEnd(0, { loss: 12345.678 });
    await new Promise((r) => setTimeout(r, 60));
    bar.onBatchEnd(1, { loss: 1 });
    const [first, next] = out.slice(1) as [string, string];
    expect(next.length).toBeGreaterThanOrEqual(first.length);
    expect(next.trimEnd()).toMatch(/^\r2\/2 \[=+\] - ETA: 0s - loss: 1\.0000$/);
  });

  it('verbose 2 prints one line per epoch through the default writer', async () => {
    const logs: Logs[] = [];
    const origLog = console.log;
    const proc = (globalThis as { process?: { stdout: { write: (s: string) => boolean } } }).process!;
    const origWrite = proc.stdout.write;
    const out: string[] = [];
    proc.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof origWrite;
    try {
      const model = new LinearModel([[0.5], [-0.3]], [0.1]);
      const compiled = compileModel({ optimizer: 'sgd', loss: 'mse' });
      const x = tf.tensor2d(XS);
      const y = tf.tensor2d(YS);
      await fitModel(model, compiled, x, y, { epochs: 2, verbose: 2, callbacks: [new LambdaCallback({ onEpochEnd: (_e, l) => void logs.push(l!) })] });
      tf.dispose([x, y]);
      model.dispose();
    } finally {
      proc.stdout.write = origWrite;
      console.log = origLog;
    }
    expect(out.filter((l) => l.startsWith('Epoch ')).length).toBe(2);
  });
});
