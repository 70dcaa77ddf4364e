import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dense } from '@sinew/core';
import { runLayerTest, type TwinLayer } from '@sinew/core/testing';
import { expectArraysClose } from '@sinew/tooling';
import { bidirectional, embedding, gru, lstm, simpleRNN, timeDistributed, type MergeMode } from './index.js';
import { useCpu } from './test-setup.js';

// tfjs-layers 4.22 is the oracle: same weights, same inputs, compare outputs and the gradients with
// respect to the input and every weight. tfjs defaults to hardSigmoid, so every case names the
// recurrent activation on both sides.
const twin = (l: unknown): TwinLayer => l as TwinLayer;
// The harness's save/load step (a model around the layer saved to bytes and loaded back).
const checkSaveLoad = true;

beforeAll(useCpu);

describe('recurrent layers vs tfjs-layers', () => {
  it('SimpleRNN (returnSequences, goBackwards)', async () => {
    await runLayerTest({
      create: () => simpleRNN({ units: 5, returnSequences: true, goBackwards: true }),
      inputShape: [3, 6, 4],
      expectedOutputShape: [3, 6, 5],
      checkSaveLoad,
      twin: () => twin(tfl.layers.simpleRNN({ units: 5, returnSequences: true, goBackwards: true })),
    });
  });

  it('LSTM (last output)', async () => {
    await runLayerTest({
      create: () => lstm({ units: 4 }),
      inputShape: [3, 7, 5],
      expectedOutputShape: [3, 4],
      checkSaveLoad,
      twin: () => twin(tfl.layers.lstm({ units: 4, recurrentActivation: 'sigmoid' })),
    });
  });

  it('LSTM (returnSequences + returnState, hard sigmoid as tfjs defaults)', async () => {
    await runLayerTest({
      create: () => lstm({ units: 3, returnSequences: true, returnState: true, defaults: 'tfjs' }),
      inputShape: [2, 5, 4],
      expectedOutputShape: [[2, 5, 3], [2, 3], [2, 3]],
      checkSaveLoad,
      twin: () => twin(tfl.layers.lstm({ units: 3, returnSequences: true, returnState: true })),
    });
  });

  it('GRU with resetAfter: false', async () => {
    await runLayerTest({
      create: () => gru({ units: 4, resetAfter: false, returnSequences: true }),
      inputShape: [3, 6, 5],
      expectedOutputShape: [3, 6, 4],
      checkSaveLoad,
      twin: () => twin(tfl.layers.gru({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true })),
    });
  });

  // No twin here: tfjs-layers keeps its dropout masks alive on the cell (6 tensors), which the
  // harness's leak guard would pin on us. The inference path is the one compared above.
  it('GRU with dropout passes the harness (config, training step, no leaks)', async () => {
    await runLayerTest({
      create: () => gru({ units: 3, dropout: 0.3, recurrentDropout: 0.3, resetAfter: false }),
      inputShape: [2, 4, 3],
      stochastic: true,
      checkSaveLoad,
    });
  });

  it('LSTM with a mask matches tfjs-layers with the same mask', () => {
    const x = tf.randomUniform([3, 5, 4], -1, 1, 'float32', 7);
    const mask = tf.tensor2d([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1], [1, 0, 0, 0, 0]]);
    const ours = lstm({ units: 3, returnSequences: true });
    const theirs = tfl.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid' });
    const y = ours.apply(x, { mask });
    tf.dispose(theirs.apply(x) as tf.Tensor);
    const w = ours.getWeights();
    theirs.setWeights(w);
    const yt = theirs.apply(x, { mask: tf.cast(mask, 'bool') }) as tf.Tensor;
    expectArraysClose(y.dataSync(), yt.dataSync(), { atol: 1e-5 });
    tf.dispose([x, mask, y, yt, ...w]);
    ours.dispose();
    theirs.dispose();
  });
});

describe('wrappers vs tfjs-layers', () => {
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as MergeMode[]) {
    it(`Bidirectional(LSTM) mergeMode ${mergeMode}`, async () => {
      await runLayerTest({
        create: () => bidirectional({ layer: lstm({ units: 3, returnSequences: true }), mergeMode }),
        inputShape: [2, 5, 4],
        expectedOutputShape: [2, 5, mergeMode === 'concat' ? 6 : 3],
        checkSaveLoad,
      twin: () =>
          twin(tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid' }) as never, mergeMode: mergeMode as never })),
      });
    });
  }

  it('Bidirectional(GRU resetAfter false), last output', async () => {
    await runLayerTest({
      create: () => bidirectional({ layer: gru({ units: 2, resetAfter: false }) }),
      inputShape: [3, 4, 3],
      expectedOutputShape: [3, 4],
      checkSaveLoad,
      twin: () => twin(tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 2, recurrentActivation: 'sigmoid' }) as never })),
    });
  });

  it('TimeDistributed(Dense)', async () => {
    await runLayerTest({
      create: () => timeDistributed({ layer: dense({ units: 3, activation: 'tanh' }) }),
      inputShape: [2, 5, 4],
      expectedOutputShape: [2, 5, 3],
      checkSaveLoad,
      twin: () => twin(tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 3, activation: 'tanh' }) })),
    });
  });

  // runLayerTest also differentiates with respect to the input, which for integer indices is
  // meaningless (tfjs's tape refuses int32 gradients), so Embedding is checked by hand.
  it('Embedding: output and table gradient', () => {
    const ids = tf.tensor2d([[1, 5, 2, 2, 0], [6, 3, 3, 1, 4]]);
    const ours = embedding({ inputDim: 7, outputDim: 3 });
    const theirs = tfl.layers.embedding({ inputDim: 7, outputDim: 3 });
    const y = ours.apply(ids);
    expect(y.shape).toEqual([2, 5, 3]);
    tf.dispose(theirs.apply(ids) as tf.Tensor);
    const w = ours.getWeights();
    theirs.setWeights(w);
    const yt = theirs.apply(ids) as tf.Tensor;
    expectArraysClose(y.dataSync(), yt.dataSync(), { atol: 1e-6 });
    const cot = tf.randomUniform([2, 5, 3], -1, 1, 'float32', 3);
    const g = tf.variableGrads(() => tf.sum(tf.mul(ours.apply(ids), cot)) as tf.Scalar, [ours.embeddings!]);
    const tv = theirs.trainableWeights[0]!.read() as tf.Variable;
    const gt = tf.variableGrads(() => tf.sum(tf.mul(theirs.apply(ids) as tf.Tensor, cot)) as tf.Scalar, [tv]);
    const ga = g.grads[ours.embeddings!.name]!;
    expectArraysClose(ga.dataSync(), gt.grads[tv.name]!.dataSync(), { atol: 1e-6 });
    // Row 2 is looked up twice: its gradient is the sum of two cotangent rows.
    const c = cot.arraySync() as number[][][];
    const row2 = (ga.arraySync() as number[][])[2]!;
    expectArraysClose(row2, [0, 1, 2].map((k) => c[0]![2]![k]! + c[0]![3]![k]!), { atol: 1e-6 });
    const copy = embedding(JSON.parse(JSON.stringify(ours.getConfig())));
    tf.dispose(copy.apply(ids));
    copy.setWeights(w);
    const yc = copy.apply(ids);
    expectArraysClose(yc.dataSync(), y.dataSync());
    tf.dispose([ids, y, yt, yc, cot, g.value, gt.value, ...Object.values(g.grads), ...Object.values(gt.grads), ...w]);
    for (const l of [ours, copy]) l.dispose();
    theirs.dispose();
  });

  it('Embedding(maskZero) → LSTM skips padding like tfjs-layers', () => {
    const ids = tf.tensor2d([[3, 1, 4, 0, 0], [2, 0, 0, 0, 0]]);
    const e = embedding({ inputDim: 6, outputDim: 4, maskZero: true });
    const r = lstm({ units: 3 });
    const h = r.apply(e.apply(ids));
    const te = tfl.layers.embedding({ inputDim: 6, outputDim: 4, maskZero: true });
    const tr = tfl.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' });
    const model = tfl.sequential({ layers: [te, tr] });
    tf.dispose(model.predict(ids));
    const w = [...e.getWeights(), ...r.getWeights()];
    model.setWeights(w);
    const ht = model.predict(ids) as tf.Tensor;
    expectArraysClose(h.dataSync(), ht.dataSync(), { atol: 1e-5 });
    // And the mask mattered: without it the answer differs.
    const unmasked = r.apply(e.apply(ids), { mask: tf.ones([2, 5]) });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(unmasked, h))).dataSync()[0]!)).toBeGreaterThan(1e-3);
    tf.dispose([ids, h, ht, unmasked, ...w]);
    e.dispose();
    r.dispose();
    model.dispose();
  });
});
