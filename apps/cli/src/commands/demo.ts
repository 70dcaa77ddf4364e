import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { disposeBackends, setBackend } from '@sinew/backend';
import { dense, dropout, loadModel, sequential, setSeed, type Model } from '@sinew/core';
import { labeledDataset, labeledTensors, loadDigits, splitIndices } from '@sinew/data';
import { ConfusionMatrix, sparseCategoricalAccuracy } from '@sinew/metrics';
import { registerInstalledBackends } from '../backends.js';
import type { Command } from './command.js';

export const demo: Command = {
  summary: 'a guided tour: train, evaluate, save and reload a digit classifier',
  help: [
    'Usage: sinew demo [--backend NAME] [--epochs N] [--seed N] [--quiet]',
    '',
    'Trains a small network on the bundled 8x8 handwritten digits (1,797 images, UCI) and shows',
    'each step: the backend, the model, training with a progress display, test accuracy and the',
    'confusion matrix, and a save/load round trip that must reproduce the predictions exactly.',
    '',
    'Options:',
    "  --backend NAME  backend to run on (default 'wasm', the embedded default; 'auto' picks the best)",
    '  --epochs N      training epochs (default 20)',
    '  --seed N        seed for weights, split and shuffling (default 42)',
    '  --quiet         only the summary lines',
  ].join('\n'),
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '42' },
    quiet: { type: 'boolean', default: false },
  },
  async run(values) {
    const epochs = positiveInteger(values.epochs, 'epochs');
    const seed = positiveInteger(values.seed, 'seed', true);
    const quiet = values.quiet === true;
    const say = (text = '') => {
      if (!quiet) console.log(text);
    };
    await registerInstalledBackends();
    const backend = await setBackend(String(values.backend));
    console.log(`Backend: ${backend.name} — ${backend.device}`);

    setSeed(seed);
    const digits = loadDigits();
    const parts = splitIndices(digits.numExamples, { validation: 0.1, test: 0.2, stratify: digits.labels, seed });
    say(`Data: ${digits.numExamples} digit images of 8x8 pixels; ${parts.train.length} to train, ${parts.validation.length} to validate, ${parts.test.length} to test (stratified).`);
    const scale = 1 / 16; // pixel values count on-pixels of 4x4 blocks: 0..16
    const train = labeledDataset(digits, { scale, indices: parts.train }).shuffle({ seed }).batch(32).prefetch(2);
    const validation = labeledDataset(digits, { scale, indices: parts.validation }).batch(256);

    const model = sequential({
      name: 'digits_mlp',
      layers: [
        dense({ units: 64, activation: 'relu', inputShape: [64] }),
        dropout({ rate: 0.1 }),
        dense({ units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    say();
    model.summary(say);
    say();
    const started = performance.now();
    const history = await model.fit(train, undefined, { epochs, validationData: validation, verbose: quiet ? 0 : 1 });
    const seconds = (performance.now() - started) / 1000;
    const losses = history.history['loss'] as number[];
    console.log(`Trained ${epochs} epochs in ${seconds.toFixed(1)} s: loss ${losses[0]!.toFixed(3)} -> ${losses.at(-1)!.toFixed(3)}`);

    const test = labeledTensors(digits, { scale, indices: parts.test });
    const testImages = test.xs.reshape([-1, 64]);
    const probabilities = model.predict(testImages) as tf.Tensor;
    const predicted = tf.argMax(probabilities, -1);
    const testAccuracy = sparseCategoricalAccuracy(test.ys, probabilities);
    console.log(`Test accuracy: ${(100 * testAccuracy).toFixed(1)}% on ${parts.test.length} images the model never saw`);
    const confusion = new ConfusionMatrix({ numClasses: 10 });
    confusion.update(test.ys, predicted);
    say('\nConfusion matrix (rows: true digit, columns: predicted):');
    say(formatMatrix(confusion.result()));

    const reloaded = await saveAndReload(model);
    const again = tf.tidy(() => (reloaded.predict(testImages) as tf.Tensor).argMax(-1));
    const same = tf.tidy(() => tf.equal(again, predicted).all().dataSync()[0] === 1);
    console.log(`Saved and reloaded the model: predictions ${same ? 'identical' : 'DIFFER'}`);

    tf.dispose([probabilities, predicted, again, testImages, test.xs, test.ys]);
    model.dispose();
    reloaded.dispose();
    await disposeBackends();
    return same && testAccuracy > 0.9 ? 0 : 1;
  },
};

async function saveAndReload(model: Model): Promise<Model> {
  const dir = await mkdtemp(join(tmpdir(), 'sinew-demo-'));
  try {
    const file = join(dir, 'digits.sinew');
    await model.save(file);
    return await loadModel(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function formatMatrix(rows: number[][]): string {
  const width = Math.max(3, ...rows.flat().map((v) => String(v).length + 1));
  const head = '     ' + rows.map((_, j) => String(j).padStart(width)).join('');
  return [head, ...rows.map((row, i) => `  ${i}: ` + row.map((v) => String(v).padStart(width)).join(''))].join('\n');
}

function positiveInteger(value: unknown, name: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer. Received: ${String(value)}`);
  }
  return n;
}
