import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { setSeed } from '@sinew/core';
import { residualBlock } from './residual-block.js';
import { resnet } from './resnet.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** The same block built from tfjs-layers' functional API, as the oracle. */
function tfjsBlock(inShape: number[], filters: number, strides: number, project: boolean): tfl.LayersModel {
  const x = tfl.input({ shape: inShape });
  let h = tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({}).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({}).apply(h) as tfl.SymbolicTensor;
  let s: tfl.SymbolicTensor = x;
  if (project) {
    s = tfl.layers.conv2d({ filters, kernelSize: 1, strides, useBias: false }).apply(x) as tfl.SymbolicTensor;
    s = tfl.layers.batchNormalization({}).apply(s) as tfl.SymbolicTensor;
  }
  const y = tfl.layers.activation({ activation: 'relu' }).apply(tfl.layers.add().apply([h, s]) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  return tfl.model({ inputs: x, outputs: y });
}

describe('ResidualBlock', () => {
  test('identity shortcut matches the same block built in tfjs-layers (inference and training mode)', async () => {
    await runLayerTest({
      create: () => residualBlock({ filters: 3 }),
      inputShape: [2, 5, 5, 3],
      expectedOutputShape: [2, 5, 5, 3],
      twin: () => tfjsBlock([5, 5, 3], 3, 1, false) as never,
      // A tfjs-layers model lists all trainable weights first, then the moving statistics.
      toTwinWeights: (w) => [0, 1, 2, 5, 6, 7, 3, 4, 8, 9].map((i) => w[i]!),
      compareTraining: true,
      tolerance: 1e-5,
    });
  });
  test('projection shortcut with stride 2 matches tfjs-layers', async () => {
    await runLayerTest({
      create: () => residualBlock({ filters: 4, strides: 2 }),
      inputShape: [2, 5, 6, 2],
      expectedOutputShape: [2, 3, 3, 4],
      twin: () => tfjsBlock([5, 6, 2], 4, 2, true) as never,
      toTwinWeights: (w) => [0, 1, 2, 5, 10, 6, 7, 11, 12, 3, 4, 8, 9, 13, 14].map((i) => w[i]!),
      twinTrainableOrder: [0, 1, 2, 3, 5, 6, 4, 7, 8],
      compareTraining: true,
      tolerance: 1e-5,
    });
  });
  test('resnet() builds a functional residual network that trains', async () => {
    setSeed(3);
    const net = resnet({ inputShape: [6, 6, 1], numClasses: 3, stages: [{ filters: 4, blocks: 1 }, { filters: 8, blocks: 1, strides: 2 }] });
    expect(net.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['stem', 'stage0_block0', 'stage1_block0', 'pool', 'logits']));
    const x = tf.randomUniform([12, 6, 6, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], 'int32'), 3);
    net.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const h = await net.fit(x, y, { epochs: 4, batchSize: 12, verbose: 0, shuffle: false });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    tf.dispose([x, y]);
    net.dispose();
  });
});
