/**
 * Training throughput of the same MLP (64-128-64-10, ReLU, softmax; Adam 1e-3; batch 32; categorical
 * cross-entropy) on the bundled 8x8 digits, with Sinew's `fit` and with tfjs-layers' `fit`, on the
 * 'wasm' backend, in one process: both start from identical weights, run one warm-up epoch, then
 * alternate timed epochs so that machine noise hits both alike. Reports samples/s and the ratio.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/mlp.bench.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { Adam, dense, sequential, setSeed } from '@sinew/core';
import { loadDigits } from '@sinew/data';
import { alternate, epochOf, isMain, median } from './harness.js';

const EPOCHS = Number(process.env.MLP_BENCH_EPOCHS ?? 6);
const BATCH = 32;

export async function run(): Promise<string> {
  await setBackend('wasm');
  const digits = loadDigits();
  const n = digits.numExamples;
  const x = tf.tidy(() => tf.div(tf.tensor2d(digits.features, [n, 64]), 16));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10));

  setSeed(1);
  const ours = sequential({
    layers: [
      dense({ units: 128, activation: 'relu', inputShape: [64] }),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const theirs = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 128, activation: 'relu', inputShape: [64] }),
      tfl.layers.dense({ units: 64, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const w = ours.getWeights();
  theirs.setWeights(w);
  tf.dispose(w);
  ours.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  theirs.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  const timing = await alternate(epochOf(ours, x, y, BATCH), epochOf(theirs, x, y, BATCH), EPOCHS);
  const sMs = median(timing.a.map((r) => r.ms));
  const tMs = median(timing.b.map((r) => r.ms));
  const sRate = n / (sMs / 1000);
  const tRate = n / (tMs / 1000);
  tf.dispose([x, y]);
  ours.dispose();
  theirs.dispose();
  const last = (r: { result: number }[]) => `loss ${r[r.length - 1]!.result.toFixed(4)}`;
  return [
    `MLP 64-128-64-10 on digits (${n} samples), Adam, batch ${BATCH}, backend ${tf.getBackend()}, ${EPOCHS} timed epochs each (median):`,
    `| | samples/s | ms/epoch (median) | after ${EPOCHS + 1} epochs |`,
    `|---|---|---|---|`,
    `| Sinew fit | ${sRate.toFixed(0)} | ${sMs.toFixed(1)} | ${last(timing.a)} |`,
    `| tfjs-layers fit | ${tRate.toFixed(0)} | ${tMs.toFixed(1)} | ${last(timing.b)} |`,
    `Sinew / tfjs-layers throughput: ${(sRate / tRate).toFixed(2)}× (goal ≥ 1). Tensors left by the timed epochs: ${timing.leakedTensors}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(await run());
}
