/**
 * Training throughput of the same LSTM sequence classifier (LSTM(32) over 24 steps of 8 features,
 * then Dense(4, softmax); Adam 1e-3; batch 32; categorical cross-entropy) with Sinew's `fit` and
 * with tfjs-layers' `fit`, on the 'wasm' backend, in one process. Both start from identical weights
 * and use the same math (sigmoid recurrent activation on both sides: tfjs defaults to hard sigmoid);
 * one warm-up epoch each, then timed epochs alternate so machine noise hits both alike.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/lstm.bench.ts
 *   LSTM_BENCH_EPOCHS=4 LSTM_BENCH_BACKEND=cpu node --conditions=@sinew/source --import tsx bench/src/lstm.bench.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { Adam, dense, sequential, setSeed } from '@sinew/core';
import { lstm } from '@sinew/rnn';
import { alternate, epochOf, isMain, maxPredictionDiff, median } from './harness.js';
import { makeSequenceData, tfjsRnnClassifier } from './sequence-data.js';

const EPOCHS = Number(process.env.LSTM_BENCH_EPOCHS ?? 4);
const BACKEND = process.env.LSTM_BENCH_BACKEND ?? 'wasm';
const N = 512;
const STEPS = 24;
const FEATURES = 8;
const UNITS = 32;
const CLASSES = 4;
const BATCH = 32;
const TASK = { n: N, steps: STEPS, features: FEATURES, classes: CLASSES };

export async function run(): Promise<string> {
  await setBackend(BACKEND);
  const { x, y } = makeSequenceData(TASK);

  setSeed(1);
  const ours = sequential({
    layers: [lstm({ units: UNITS, inputShape: [STEPS, FEATURES] }), dense({ units: CLASSES, activation: 'softmax' })],
  });
  const theirs = tfjsRnnClassifier('lstm', TASK, UNITS, ours);
  ours.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  const maxDiff = maxPredictionDiff(ours, theirs, x);

  const timing = await alternate(epochOf(ours, x, y, BATCH, { shuffle: false }), epochOf(theirs, x, y, BATCH, { shuffle: false }), EPOCHS);
  const [s, t, leak] = [timing.a, timing.b, timing.leakedTensors];
  const sMs = median(s.map((r) => r.ms));
  const tMs = median(t.map((r) => r.ms));
  tf.dispose([x, y]);
  theirs.dispose();
  ours.dispose();
  return [
    `LSTM(${UNITS}) classifier, ${N} sequences × ${STEPS} steps × ${FEATURES} features, Adam, batch ${BATCH}, backend ${tf.getBackend()}, ${EPOCHS} timed epochs each (median):`,
    `| | samples/s | ms/epoch (median) | loss after ${EPOCHS + 1} epochs |`,
    `|---|---|---|---|`,
    `| Sinew fit | ${(N / (sMs / 1000)).toFixed(0)} | ${sMs.toFixed(1)} | ${s[s.length - 1]!.result.toFixed(4)} |`,
    `| tfjs-layers fit | ${(N / (tMs / 1000)).toFixed(0)} | ${tMs.toFixed(1)} | ${t[t.length - 1]!.result.toFixed(4)} |`,
    `Sinew / tfjs-layers speed: ${(tMs / sMs).toFixed(2)}× (goal ≥ 3). Initial predictions differ by at most ${maxDiff.toExponential(1)}. Tensors left by the timed epochs: ${leak}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(await run());
}
