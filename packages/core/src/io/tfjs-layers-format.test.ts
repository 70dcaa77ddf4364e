import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectTensorsClose } from '@sinew/tooling';
import { fromTfjsLayersArtifacts, toTfjsLayersArtifacts, toTfjsLayersModelJson } from './tfjs-layers-format.js';
import { sequential } from '../engine/sequential.js';
import { input } from '../engine/input-layer.js';
import { model } from '../engine/model.js';
import { dense } from '../layers/dense.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { dropout } from '../layers/dropout.js';
import { flatten, permute, repeatVector, reshape } from '../layers/reshaping.js';
import { layerNormalization } from '../layers/layer-normalization.js';
import { activation } from '../layers/activation.js';
import { add, concatenate } from '../layers/merge.js';
import { l2 } from '../regularizers/regularizer.js';
import { maxNorm } from '../constraints/constraint.js';

beforeAll(async () => {
  await setBackend('cpu');
});

async function captureTfjs(m: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return captured!;
}

describe('tfjs-layers model.json format', () => {
  test('Sinew Sequential → tfjs-layers loadLayersModel: same outputs', async () => {
    const m = sequential({
      layers: [
        dense({ units: 6, activation: 'relu', inputShape: [4], kernelRegularizer: l2(0.01), kernelConstraint: maxNorm({ maxValue: 3 }) }),
        batchNormalization(),
        dropout({ rate: 0.3 }),
        reshape({ targetShape: [3, 2] }),
        permute({ dims: [2, 1] }),
        layerNormalization(),
        flatten(),
        repeatVector({ n: 2 }),
        flatten(),
        activation({ activation: 'hardSigmoidTfjs' }),
        dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const x = tf.randomUniform([5, 4], -2, 2, 'float32', 1);
    m.apply(x, { training: true }); // non-trivial moving statistics
    const twin = await tfl.loadLayersModel(tf.io.fromMemory(await toTfjsLayersArtifacts(m)));
    expectTensorsClose(twin.predict(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    expect(twin.layers.map((l) => l.getClassName())).toEqual(m.layers.map((l) => l.className));
  });

  test('tfjs-layers functional model (residual, shared, two outputs) → Sinew: same outputs; and back', async () => {
    const a = tfl.input({ shape: [4], name: 'a' });
    const b = tfl.input({ shape: [4], name: 'b' });
    const shared = tfl.layers.dense({ units: 4, activation: 'tanh', name: 'shared' });
    const sa = shared.apply(a) as tfl.SymbolicTensor;
    const sb = shared.apply(b) as tfl.SymbolicTensor;
    const res = tfl.layers.add({ name: 'res' }).apply([a, sa]) as tfl.SymbolicTensor;
    const mx = tfl.layers.maximum({ name: 'mx' }).apply([res, sb]) as tfl.SymbolicTensor;
    const d = tfl.layers.dot({ axes: 1, name: 'cos', normalize: true }).apply([a, b]) as tfl.SymbolicTensor;
    const cat = tfl.layers.concatenate({ name: 'cat' }).apply([mx, d]) as tfl.SymbolicTensor;
    const out2 = tfl.layers.multiply({ name: 'mul' }).apply([tfl.layers.average({ name: 'avg' }).apply([sa, sb]) as tfl.SymbolicTensor, res]) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization({ name: 'bn' }).apply(cat) as tfl.SymbolicTensor;
    const twin = tfl.model({ inputs: [a, b], outputs: [bn, out2] });
    const artifacts = await captureTfjs(twin);
    const ours = await fromTfjsLayersArtifacts(artifacts);
    const xs = [tf.randomUniform([3, 4], -1, 1, 'float32', 2), tf.randomUniform([3, 4], -1, 1, 'float32', 3)];
    const want = twin.predict(xs) as tf.Tensor[];
    const got = ours.apply<tf.Tensor[]>(xs);
    expectTensorsClose(got[0]!, want[0]!);
    expectTensorsClose(got[1]!, want[1]!);
    expect(ours.getLayer('shared').weights).toHaveLength(2);

    // And back to tfjs-layers.
    const again = await tfl.loadLayersModel(tf.io.fromMemory(await toTfjsLayersArtifacts(ours)));
    const back = again.predict(xs) as tf.Tensor[];
    expectTensorsClose(back[0]!, want[0]!);
    expectTensorsClose(back[1]!, want[1]!);
  });

  test('model.json + shard form has a weightsManifest tfjs understands', async () => {
    const x = input({ shape: [3] });
    const m = model({ inputs: x, outputs: concatenate().apply([x, dense({ units: 2 }).apply(x)]) });
    const { modelJson, weights } = await toTfjsLayersModelJson(m);
    const manifest = modelJson.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    expect(manifest[0]!.paths).toEqual(['group1-shard1of1.bin']);
    expect(weights.byteLength).toBe((3 * 2 + 2) * 4);
    const twin = await tfl.loadLayersModel(tf.io.fromMemory(modelJson.modelTopology as object, manifest[0]!.weights, weights));
    const xs = tf.ones([2, 3]);
    expectTensorsClose(twin.predict(xs) as tf.Tensor, m.apply(xs) as tf.Tensor);
  });

  test('activations tfjs-layers lacks are refused with a clear error; missing weights too', async () => {
    const m = sequential({ layers: [dense({ units: 2, activation: 'leakyRelu', inputShape: [2] })] });
    await expect(toTfjsLayersArtifacts(m)).rejects.toThrow("activation 'leakyRelu' has no tfjs-layers equivalent");
    const ok = sequential({ layers: [dense({ units: 2, inputShape: [2] })] });
    const art = await toTfjsLayersArtifacts(ok);
    await expect(fromTfjsLayersArtifacts({ ...art, weightSpecs: art.weightSpecs!.slice(0, 1), weightData: (art.weightData as ArrayBuffer).slice(0, 16) })).rejects.toThrow(
      /no weight named '.*\/bias' in the manifest/,
    );
    void add;
  });
});
