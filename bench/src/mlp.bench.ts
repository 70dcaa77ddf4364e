/**
 * Training throughput of the same MLP (64-128-64-10, ReLU, softmax; Adam 1e-3; batch 32; categorical
 * cross-entropy) on the bundled 8x8 digits, with Sinew's `fit` and with tfjs-layers' `fit`, on the
 * 'wasm' backend, in one process: both start from identical weights, run one warm-up epoch, then
 * alternate timed epochs so that machine noise hits both alike. Reports samples/s and the ratio.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/mlp.bench.ts
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { Adam, dense, sequential, setSeed } from '@sinew/core';
import { loadDigits } from '@sinew/data';

const EPOCHS = Number(process.env.MLP_BENCH_EPOCHS ?? 6);
const BATCH = 32;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

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

  const sinewEpoch = async (): Promise<{ ms: number; loss: number; acc: number }> => {
    const t0 = performance.now();
    const h = await ours.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
    return { ms: performance.now() - t0, loss: h.history.loss![0]!, acc: h.history.accuracy![0]! };
  };
  const tfjsEpoch = async (): Promise<{ ms: number; loss: number; acc: number }> => {
    const t0 = performance.now();
    const h = await theirs.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0 });
    return { ms: performance.now() - t0, loss: h.history.loss![0] as number, acc: h.history.acc![0] as number };
  };

  await sinewEpoch();
  await tfjsEpoch();
  const s: { ms: number; loss: number; acc: number }[] = [];
  const t: { ms: number; loss: number; acc: number }[] = [];
  const tensorsBefore = tf.memory().numTensors;
  for (let e = 0; e < EPOCHS; e++) {
    if (e % 2 === 0) {
      s.push(await sinewEpoch());
      t.push(await tfjsEpoch());
    } else {
      t.push(await tfjsEpoch());
      s.push(await sinewEpoch());
    }
  }
  const leak = tf.memory().numTensors - tensorsBefore;
  const sRate = n / (median(s.map((r) => r.ms)) / 1000);
  const tRate = n / (median(t.map((r) => r.ms)) / 1000);
  tf.dispose([x, y]);
  theirs.dispose();
  const last = (r: { loss: number; acc: number }[]): string => `loss ${r[r.length - 1]!.loss.toFixed(4)}, accuracy ${r[r.length - 1]!.acc.toFixed(4)}`;
  return [
    `MLP 64-128-64-10 on digits (${n} samples), Adam, batch ${BATCH}, backend ${tf.getBackend()}, ${EPOCHS} timed epochs each (median):`,
    `| | samples/s | ms/epoch (median) | after ${EPOCHS + 1} epochs |`,
    `|---|---|---|---|`,
    `| Sinew fit | ${sRate.toFixed(0)} | ${median(s.map((r) => r.ms)).toFixed(1)} | ${last(s)} |`,
    `| tfjs-layers fit | ${tRate.toFixed(0)} | ${median(t.map((r) => r.ms)).toFixed(1)} | ${last(t)} |`,
    `Sinew / tfjs-layers throughput: ${(sRate / tRate).toFixed(2)}× (goal ≥ 1). Tensors left by the timed epochs: ${leak}.`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
