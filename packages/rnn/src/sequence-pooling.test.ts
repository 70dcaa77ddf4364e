import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectArraysClose } from '@sinew/tooling';
import { attachMask, embedding, lstm, sequencePooling } from './index.js';
import { useCpu } from './test-setup.js';

beforeAll(useCpu);

describe('SequencePooling', () => {
  it('mean and max match tfjs-layers global pooling without a mask', () => {
    const x = tf.randomUniform([3, 5, 4], -1, 1, 'float32', 2);
    for (const [mode, twin] of [['mean', tfl.layers.globalAveragePooling1d({})], ['max', tfl.layers.globalMaxPooling1d({})]] as const) {
      const y = sequencePooling({ mode }).apply(x);
      const yt = twin.apply(x) as tf.Tensor;
      expectArraysClose(y.dataSync(), yt.dataSync(), { atol: 1e-6 });
      tf.dispose([y, yt]);
    }
    x.dispose();
  });

  it('skips masked steps (hand-computed)', () => {
    const x = attachMask(tf.tensor3d([[[1], [5], [100]], [[2], [-3], [-100]]]), tf.tensor2d([[1, 1, 0], [1, 1, 0]]));
    const mean = sequencePooling().apply(x);
    const max = sequencePooling({ mode: 'max' }).apply(x);
    expectArraysClose(mean.dataSync(), [3, -0.5]);
    expectArraysClose(max.dataSync(), [5, 2]);
    tf.dispose([x, mean, max]);
  });

  it('the mask flows Embedding(maskZero) → LSTM(returnSequences) → pooling', () => {
    const ids = tf.tensor2d([[4, 2, 0, 0]]);
    const e = embedding({ inputDim: 5, outputDim: 3, maskZero: true });
    const r = lstm({ units: 2, returnSequences: true });
    const seq = r.apply(e.apply(ids));
    const pooled = sequencePooling().apply(seq);
    const firstTwo = tf.tidy(() => tf.mean(tf.slice(seq, [0, 0, 0], [1, 2, 2]), 1));
    expectArraysClose(pooled.dataSync(), firstTwo.dataSync(), { atol: 1e-6 });
    expect(pooled.shape).toEqual([1, 2]);
    tf.dispose([ids, seq, pooled, firstTwo]);
    e.dispose();
    r.dispose();
  });
});
