/**
 * Training throughput of the same GRU sequence classifier (GRU(32) over 24 steps of 8 features,
 * then Dense(4, softmax); Adam 1e-3; batch 32; categorical cross-entropy) with Sinew's `fit` and
 * with tfjs-layers' `fit`, on the 'wasm' backend, in one process. tfjs-layers' GRU has only the
 * reset-before form (`resetAfter: false`), so the like-for-like ratio is Sinew's `resetAfter: false`
 * against it, from identical weights with the same math (sigmoid recurrent activation on both
 * sides: tfjs defaults to hard sigmoid). Sinew's default `resetAfter: true` (Keras 3's, cuDNN's,
 * PyTorch's form; more parameters, so no like-for-like peer here) is timed against the same
 * tfjs-layers model in a second alternation. One warm-up epoch each, then timed epochs alternate so
 * machine noise hits both alike.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/gru.bench.ts
 *   GRU_BENCH_EPOCHS=4 GRU_BENCH_BACKEND=cpu node --conditions=@sinew/source --import tsx bench/src/gru.bench.ts
 */
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { Adam, dense, sequential, setSeed } from '@sinew/core';
import { gru } from '@sinew/rnn';
import { alternate, epochOf, isMain, maxPredictionDiff, median } from './harness.js';
import { makeSequenceData, tfjsRnnClassifier } from './sequence-data.js';

const EPOCHS = Number(process.env.GRU_BENCH_EPOCHS ?? 4);
const BACKEND = process.env.GRU_BENCH_BACKEND ?? 'wasm';
const N = 512;
const STEPS = 24;
const FEATURES = 8;
const UNITS = 32;
const CLASSES = 4;
const BATCH = 32;
const TASK = { n: N, steps: STEPS, features: FEATURES, classes: CLASSES };

function sinewModel(resetAfter: boolean): ReturnType<typeof sequential> {
  setSeed(1);
  const model = sequential({
    layers: [gru({ units: UNITS, inputShape: [STEPS, FEATURES], resetAfter }), dense({ units: CLASSES, activation: 'softmax' })],
  });
  model.compile({ optimizer: new Adam({ learningRate: 1e-3 }), loss: 'categoricalCrossentropy' });
  return model;
}

export async function run(): Promise<string> {
  await setBackend(BACKEND);
  const { x, y } = makeSequenceData(TASK);

  const before = sinewModel(false);
  const after = sinewModel(true);
  const theirs = tfjsRnnClassifier('gru', TASK, UNITS, before);
  const maxDiff = maxPredictionDiff(before, theirs, x);

  const fitTheirs = epochOf(theirs, x, y, BATCH, { shuffle: false });
  const like = await alternate(epochOf(before, x, y, BATCH, { shuffle: false }), fitTheirs, EPOCHS);
  const def = await alternate(epochOf(after, x, y, BATCH, { shuffle: false }), fitTheirs, EPOCHS);
  const rows: [string, number, number][] = [];
  const row = (name: string, rs: { ms: number; result: number }[]): number => {
    const ms = median(rs.map((r) => r.ms));
    rows.push([name, ms, rs[rs.length - 1]!.result]);
    return ms;
  };
  const sFalse = row('Sinew fit, resetAfter false', like.a);
  const t1 = row('tfjs-layers fit (resetAfter false)', like.b);
  const sTrue = row('Sinew fit, resetAfter true (default)', def.a);
  const t2 = row('tfjs-layers fit, second alternation', def.b);
  tf.dispose([x, y]);
  theirs.dispose();
  before.dispose();
  after.dispose();
  return [
    `GRU(${UNITS}) classifier, ${N} sequences × ${STEPS} steps × ${FEATURES} features, Adam, batch ${BATCH}, backend ${tf.getBackend()}, ${EPOCHS} timed epochs each (median):`,
    `| | samples/s | ms/epoch (median) | last epoch's loss |`,
    `|---|---|---|---|`,
    ...rows.map(([name, ms, loss]) => `| ${name} | ${(N / (ms / 1000)).toFixed(0)} | ${ms.toFixed(1)} | ${loss.toFixed(4)} |`),
    `Sinew resetAfter false / tfjs-layers speed (like for like): ${(t1 / sFalse).toFixed(2)}×. Sinew resetAfter true / tfjs-layers: ${(t2 / sTrue).toFixed(2)}×.`,
    `Initial predictions (resetAfter false, same weights) differ by at most ${maxDiff.toExponential(1)}. Tensors left by the timed epochs: ${like.leakedTensors + def.leakedTensors}.`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  console.log(await run());
}
