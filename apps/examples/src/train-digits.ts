/**
 * Trains a small classifier from @sinew/core on the embedded UCI digits with the @sinew/data
 * pipeline: a stratified train/validation/test split, a seeded shuffle, batches of tensors fed to
 * `fit` as an async iterable, and a test accuracy at the end.
 *
 * Run: `node --conditions=@sinew/source --import tsx apps/examples/src/train-digits.ts`
 */
import { dense, sequential, setSeed } from '@sinew/core';
import { labeledDataset, loadDigits, splitIndices } from '@sinew/data';

export interface TrainDigitsResult {
  /** Accuracy on the held-out test part (20% of the digits, stratified). */
  testAccuracy: number;
  /** Validation accuracy after each epoch. */
  valAccuracy: number[];
  /** Training loss after each epoch. */
  loss: number[];
}

export async function trainDigits(options: { seed?: number; epochs?: number; verbose?: 0 | 1 | 2 } = {}): Promise<TrainDigitsResult> {
  const { seed = 0, epochs = 15, verbose = 0 } = options;
  setSeed(seed);
  const digits = loadDigits();
  const parts = splitIndices(digits.numExamples, { validation: 0.1, test: 0.2, stratify: digits.labels, seed });
  // Pixels count on-pixels of 4x4 blocks, 0..16: scale to [0, 1].
  const scale = 1 / 16;
  const train = labeledDataset(digits, { scale, indices: parts.train }).shuffle({ seed }).batch(32).prefetch(2);
  const validation = labeledDataset(digits, { scale, indices: parts.validation }).batch(256);
  const test = labeledDataset(digits, { scale, indices: parts.test }).batch(256);

  const model = sequential({
    layers: [dense({ units: 64, activation: 'relu', inputShape: [64] }), dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(train, undefined, { epochs, validationData: validation, verbose });
  const logs = await model.evaluate(test, undefined);
  model.dispose(); // the weights, and the Adam state compile('adam') made for the model
  return {
    testAccuracy: logs['accuracy']!,
    valAccuracy: history.history['val_accuracy'] as number[],
    loss: history.history['loss'] as number[],
  };
}

// Run directly: train and print the result.
if (import.meta.url === `file://${process.argv[1]}`) {
  await import('@sinew/backend-cpu/register');
  const { setBackend } = await import('@sinew/backend');
  await setBackend('cpu');
  const result = await trainDigits({ verbose: 1 });
  console.log(`test accuracy: ${result.testAccuracy.toFixed(4)}`);
}
