/**
 * The @sinew/data pipeline against the hand-rolled in-memory batching that tfjs-layers' `fit` does
 * (one float32 tensor of all examples, a shuffled index tensor, `tf.gather` per batch), in one run
 * on the 'cpu' and 'wasm' backends: one epoch of MNIST-sized data (60,000 x 784 uint8, synthetic so that no
 * data package is needed), shuffled, scaled to [0, 1], in batches of 128, each batch read back.
 *
 *   node --conditions=@sinew/source --import tsx bench/src/data.bench.ts
 *
 * The pipeline keeps the uint8 bytes (47 MB) and builds float batches on demand; the peer holds
 * all examples as one float32 tensor (188 MB) made up front, whose cost is reported separately.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { labeledDataset, Random, type LabeledData } from '@sinew/data';

const N = 60_000;
const D = 784;
const BATCH = 128;

function syntheticMnist(): LabeledData {
  const rng = new Random(0);
  const features = new Uint8Array(N * D);
  for (let i = 0; i < features.length; i++) features[i] = rng.nextUint32() & 255;
  const labels = Uint8Array.from({ length: N }, () => rng.int(10));
  return { name: 'synthetic-mnist', features, featureShape: [28, 28], labels, numExamples: N, classNames: [...'0123456789'] };
}

async function sinewEpoch(data: LabeledData, seed: number): Promise<number> {
  let rows = 0;
  const ds = labeledDataset(data, { scale: 1 / 255 }).shuffle({ seed }).batch(BATCH);
  for await (const { xs, ys } of ds) {
    rows += xs.dataSync().length / D;
    tf.dispose([xs, ys]);
  }
  return rows;
}

function peerEpoch(x: tf.Tensor2D, y: tf.Tensor1D, seed: number): number {
  let rows = 0;
  const perm = new Random(seed).permutation(N);
  for (let s = 0; s < N; s += BATCH) {
    const [xb, yb] = tf.tidy(() => {
      const idx = tf.tensor1d(perm.subarray(s, Math.min(N, s + BATCH)), 'int32');
      return [tf.gather(x, idx), tf.gather(y, idx)];
    });
    rows += xb!.dataSync().length / D;
    tf.dispose([xb!, yb!]);
  }
  return rows;
}

async function median(reps: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function measure(backend: 'cpu' | 'wasm', data: LabeledData): Promise<string[]> {
  await setBackend(backend);
  const tUpFront = performance.now();
  const { x, y } = tf.tidy(() => ({
    x: tf.div(tf.tensor2d(Float32Array.from(data.features), [N, D]), 255) as tf.Tensor2D,
    y: tf.tensor1d(Float32Array.from(data.labels)),
  }));
  x.dataSync();
  const upFront = performance.now() - tUpFront;
  const before = tf.memory().numTensors;
  let seed = 1;
  const sinew = await median(3, () => sinewEpoch(data, seed++));
  const peer = await median(3, () => peerEpoch(x, y, seed++));
  const leaked = tf.memory().numTensors - before;
  tf.dispose([x, y]);
  return [
    `'${backend}': @sinew/data labeledDataset.shuffle.batch ${sinew.toFixed(0)} ms; ` +
      `peer (one float tensor + tf.gather per batch, as tfjs-layers fit) ${peer.toFixed(0)} ms ` +
      `(+ ${upFront.toFixed(0)} ms once to build its 188 MB tensor); ratio sinew / peer ${(sinew / peer).toFixed(2)}; ` +
      `tensors left ${leaked}`,
  ];
}

export async function run(): Promise<string> {
  const data = syntheticMnist();
  const lines = [`one shuffled epoch, ${N} x ${D} uint8 -> float32 [0, 1], batches of ${BATCH}, median of 3:`];
  for (const backend of ['cpu', 'wasm'] as const) lines.push(...(await measure(backend, data)));
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
