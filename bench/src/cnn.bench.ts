/**
 * Training throughput of the same small CNN (conv 3x3x8 ReLU 'same', max-pool 2, conv 3x3x16 ReLU
 * 'same', max-pool 2, dense 10 softmax; Adam 1e-3; batch 32; categorical cross-entropy) on the
 * bundled 8x8 digits, with Sinew's `fit` and tfjs-layers' `fit`, in one process: identical initial
 * weights, one warm-up epoch each, then alternating timed epochs (median reported).
 *
 * Stock tfjs-layers can only train this model on the 'cpu' backend: tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter kernel (and computes Conv2DBackpropInput and MaxPoolGrad wrongly), so conv
 * training fails there. @sinew/backend-cpu registers those kernels for wasm; the headline ratio is
 * Sinew on wasm against tfjs-layers on cpu (what a tfjs user gets), and the same-backend rows
 * separate framework overhead from backend speed. The tfjs-layers-on-wasm row runs on Sinew's
 * kernels and would fail with stock tfjs.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/cnn.bench.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { Adam, dense, flatten, sequential, setSeed } from '@sinew/core';
import { loadDigits } from '@sinew/data';
import { conv2d, maxPooling2d } from '@sinew/vision';
import { alternate, epochOf, isMain, median, type Timed } from './harness.js';

const EPOCHS = Number(process.env.CNN_BENCH_EPOCHS ?? 3);
const BATCH = 32;

interface Row {
  label: string;
  backend: string;
  rate: number;
  ms: number;
  loss: number;
}

async function measure(backend: 'cpu' | 'wasm'): Promise<{ sinew: Row; tfjs: Row; leak: number }> {
  await setBackend(backend);
  const digits = loadDigits();
  const n = digits.numExamples;
  const x = tf.tidy(() => tf.div(tf.tensor4d(digits.features, [n, 8, 8, 1]), 16));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10));
  setSeed(1);
  const ours = sequential({
    layers: [
      conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1] }),
      maxPooling2d(),
      conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      maxPooling2d(),
      flatten(),
      dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const theirs = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1] }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const w = ours.getWeights();
  theirs.setWeights(w);
  tf.dispose(w);
  ours.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  theirs.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const timing = await alternate(epochOf(ours, x, y, BATCH), epochOf(theirs, x, y, BATCH), EPOCHS);
  tf.dispose([x, y]);
  ours.dispose();
  theirs.dispose();
  const row = (label: string, r: Timed<number>[]): Row => {
    const ms = median(r.map((q) => q.ms));
    return { label, backend, rate: n / (ms / 1000), ms, loss: r[r.length - 1]!.result };
  };
  return { sinew: row('Sinew fit', timing.a), tfjs: row('tfjs-layers fit', timing.b), leak: timing.leakedTensors };
}

export async function run(): Promise<string> {
  const prior = tf.getBackend();
  const cpu = await measure('cpu');
  const wasm = await measure('wasm');
  if (prior) await setBackend(prior as never);
  const rows = [wasm.sinew, cpu.sinew, cpu.tfjs, wasm.tfjs];
  const fmt = (r: Row) => `| ${r.label} | ${r.backend}${r === wasm.tfjs ? ' (on Sinew\'s added wasm kernels; fails with stock tfjs)' : ''} | ${r.rate.toFixed(0)} | ${r.ms.toFixed(0)} | ${r.loss.toFixed(4)} |`;
  return [
    `Small CNN (conv8-pool-conv16-pool-dense10) on digits (1797 samples, 8x8x1), Adam, batch ${BATCH}, ${EPOCHS} timed epochs each (median):`,
    `| | backend | samples/s | ms/epoch | last loss |`,
    `|---|---|---|---|---|`,
    ...rows.map(fmt),
    `Sinew on wasm / tfjs-layers on cpu (its only working backend for conv training): ${(wasm.sinew.rate / cpu.tfjs.rate).toFixed(2)}×.`,
    `Same backend: Sinew / tfjs-layers on cpu ${(cpu.sinew.rate / cpu.tfjs.rate).toFixed(2)}×, on wasm ${(wasm.sinew.rate / wasm.tfjs.rate).toFixed(2)}×.`,
    `Tensors left by the timed epochs: cpu ${cpu.leak}, wasm ${wasm.leak}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(await run());
}
