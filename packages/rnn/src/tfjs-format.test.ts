import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, it } from 'vitest';
import { dense, sequential, toTfjsLayersArtifacts, fromTfjsLayersArtifacts } from '@sinew/core';
import { expectArraysClose } from '@sinew/tooling';
import { embedding, gru, lstm, simpleRNN } from './index.js';
import { useCpu } from './test-setup.js';

beforeAll(useCpu);

// Interop through tfjs-layers' model.json format (core's io): a Sinew model exported and loaded
// by tfjs-layers predicts the same, and back.
describe('tfjs-layers model.json interop', () => {
  // Bidirectional is left out: tfjs-layers names its weights 'bidirectional/forward_lstm/kernel', and
  // core's Layer names weights '<layer>/<weight>' with no '/' allowed in a layer name (see README).
  it('Embedding → LSTM → GRU(resetAfter false) → SimpleRNN → Dense round-trips through tfjs-layers', async () => {
    const m = sequential({
      layers: [
        embedding({ inputDim: 20, outputDim: 4, inputShape: [6] }),
        lstm({ units: 3, returnSequences: true }),
        gru({ units: 3, resetAfter: false, returnSequences: true }),
        simpleRNN({ units: 2 }),
        dense({ units: 1 }),
      ],
    });
    const x = tf.tensor2d([[1, 5, 7, 0, 3, 2], [4, 4, 9, 12, 19, 1]]);
    const y = m.apply(x);
    const artifacts = await toTfjsLayersArtifacts(m);
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const yt = theirs.predict(x) as tf.Tensor;
    expectArraysClose(yt.dataSync(), y.dataSync(), { atol: 1e-5 });
    const back = await fromTfjsLayersArtifacts(artifacts);
    const yb = back.apply(x) as tf.Tensor;
    expectArraysClose(yb.dataSync(), y.dataSync(), { atol: 1e-6 });
    tf.dispose([x, y, yt, yb]);
    m.dispose();
    theirs.dispose();
    back.dispose();
  });
});
