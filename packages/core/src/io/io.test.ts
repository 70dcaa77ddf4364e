import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectTensorsClose } from '@sinew/tooling';
import { loadModel, writeFileAtomic, type AtomicFs } from '../index.node.js';
import { decodeModelFile, encodeModelFile } from './container.js';
import { input } from '../engine/input-layer.js';
import { model } from '../engine/model.js';
import { sequential } from '../engine/sequential.js';
import { dense } from '../layers/dense.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { add, concatenate } from '../layers/merge.js';
import { dropout } from '../layers/dropout.js';
import { lambda, registerLambda } from '../layers/lambda.js';
import { Layer, type Tensors } from '../engine/layer.js';
import { registerLayer } from '../engine/registry.js';
import { l2 } from '../regularizers/regularizer.js';

let dir = '';
beforeAll(async () => {
  await setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'sinew-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mlp() {
  return sequential({
    name: 'mlp',
    layers: [
      dense({ units: 5, activation: 'relu', inputShape: [4], kernelRegularizer: l2(0.01) }),
      batchNormalization(),
      dropout({ rate: 0.2 }),
      dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

async function bytesOf(m: { save(d: string): Promise<{ bytes: Uint8Array | null }> }): Promise<Uint8Array> {
  return (await m.save('memory://')).bytes!;
}

describe('portable single-file format', () => {
  test('Sequential round trip: same topology, weights (incl. moving statistics) and outputs', async () => {
    const m = mlp();
    const x = tf.randomUniform([3, 4], -1, 1, 'float32', 1);
    m.apply(x, { training: true }); // moves the BatchNormalization statistics away from their initial values
    const loaded = await loadModel(await bytesOf(m));
    expect(loaded.className).toBe('Sequential');
    expect(loaded.layers.map((l) => l.className)).toEqual(['Dense', 'BatchNormalization', 'Dropout', 'Dense']);
    expect(loaded.weightRecords.map((w) => w.name)).toEqual(m.weightRecords.map((w) => w.name));
    expect(loaded.weightRecords[0]!.name).toBe(`${m.layers[0]!.name}/kernel`);
    expectTensorsClose(loaded.apply(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    expect(loaded.fileMetadata?.formatVersion).toBe(1);
    expect(loaded.fileMetadata?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  test('functional multi-input, multi-output, shared-layer round trip', async () => {
    const a = input({ shape: [3] });
    const b = input({ shape: [3] });
    const shared = dense({ units: 3 });
    const s = add().apply([shared.apply(a), shared.apply(b)]);
    const m = model({ inputs: [a, b], outputs: [s, concatenate().apply([a, s])] });
    const xs = [tf.ones([2, 3]), tf.randomUniform([2, 3], 0, 1, 'float32', 3)];
    const loaded = await loadModel((await bytesOf(m)).slice().buffer);
    const want = m.apply<tf.Tensor[]>(xs);
    const got = loaded.apply<tf.Tensor[]>(xs);
    expect(got).toHaveLength(2);
    expectTensorsClose(got[0]!, want[0]!);
    expectTensorsClose(got[1]!, want[1]!);
    expect(loaded.weights).toHaveLength(2);
  });

  test('a truncated file is rejected with a clear error', async () => {
    const bytes = await bytesOf(mlp());
    await expect(loadModel(bytes.subarray(0, bytes.length - 10))).rejects.toThrow(/the weight data is truncated: expected \d+ bytes, found \d+/);
    await expect(loadModel(bytes.subarray(0, 40))).rejects.toThrow(/the header claims \d+ bytes but only 20 follow the preamble \(truncated\)/);
    await expect(loadModel(bytes.subarray(0, 5))).rejects.toThrow('shorter than the 20-byte preamble');
  });

  test('corruption is detected by the checksums; other files by the signature', async () => {
    const bytes = (await bytesOf(mlp())).slice();
    const flipped = bytes.slice();
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0xff;
    await expect(loadModel(flipped)).rejects.toThrow('the weight data checksum does not match (corrupt data)');
    const header = bytes.slice();
    header[30] = header[30]! ^ 0x01;
    await expect(loadModel(header)).rejects.toThrow('the header checksum does not match (corrupt header)');
    await expect(loadModel(new TextEncoder().encode('{"modelTopology": {}} not a sinew file'))).rejects.toThrow("does not start with the 'SINEWMDL' signature");
  });

  test('a weight of the wrong shape is rejected, naming the weight and both shapes', async () => {
    const { header, data } = decodeModelFile(await bytesOf(mlp()));
    const topology = header.modelTopology as { config: { layers: { config: { units?: number } }[] } };
    topology.config.layers[0]!.config.units = 6; // the file's kernel is [4, 5]; this topology needs [4, 6]
    const forged = encodeModelFile(header, data);
    await expect(loadModel(forged)).rejects.toThrow(/weight 'mlp\/dense(_\d+)?\/kernel'|weight 'dense(_\d+)?\/kernel' has shape \[4, 5\] but layer weight '.*' needs \[4, 6\]/);
  });

  test("names from a hostile file never resolve to Object.prototype members ('constructor', 'toString')", async () => {
    const { header, data } = decodeModelFile(await bytesOf(mlp()));
    const topology = header.modelTopology as { config: { layers: { config: { activation?: string } }[] } };
    topology.config.layers[0]!.config.activation = 'constructor';
    await expect(loadModel(encodeModelFile(header, data))).rejects.toThrow("Unknown activation 'constructor'");
    topology.config.layers[0]!.config.activation = 'toString';
    await expect(loadModel(encodeModelFile(header, data))).rejects.toThrow("Unknown activation 'toString'");

    const m = mlp();
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const withOpt = decodeModelFile(await bytesOf(m));
    expect(withOpt.header.optimizer).not.toBeNull();
    withOpt.header.optimizer!.config.className = 'constructor';
    await expect(loadModel(encodeModelFile(withOpt.header, withOpt.data))).rejects.toThrow("unknown optimizer class 'constructor'");
    withOpt.header.optimizer!.config.className = 'SGD';
    withOpt.header.optimizer!.config.config.learningRate = { className: 'toString', config: {} };
    await expect(loadModel(encodeModelFile(withOpt.header, withOpt.data))).rejects.toThrow("unknown learning-rate schedule 'toString'");
    m.dispose();
  });

  test('unknown layer classes fail clearly; registered custom layers and lambdas load; no code is read', async () => {
    class Doubler extends Layer {
      static override readonly className = 'Doubler';
      call(x: Tensors): tf.Tensor {
        return tf.mul(x as tf.Tensor, 2);
      }
    }
    const x = input({ shape: [2] });
    const m = model({ inputs: x, outputs: new Doubler().apply(x) });
    const bytes = await bytesOf(m);
    await expect(loadModel(bytes)).rejects.toThrow("Unknown layer class 'Doubler': register custom layers with registerLayer(cls) before loading");
    registerLayer(Doubler);
    const loaded = await loadModel(bytes);
    expect(Array.from((loaded.apply(tf.ones([1, 2])) as tf.Tensor).dataSync())).toEqual([2, 2]);

    const anon = model({ inputs: x, outputs: lambda({ fn: (t) => tf.neg(t as tf.Tensor) }).apply(x) });
    await expect(anon.save('memory://')).rejects.toThrow('its function is not registered, so the layer cannot be saved');
    registerLambda('negate', (t) => tf.neg(t as tf.Tensor));
    const named = model({ inputs: x, outputs: lambda({ fn: 'negate' }).apply(x) });
    const back = await loadModel(await bytesOf(named));
    expect(Array.from((back.apply(tf.ones([1, 2])) as tf.Tensor).dataSync())).toEqual([-1, -1]);
  });
});

describe('files in Node', () => {
  test("save to a path and to 'file://', load back", async () => {
    const m = mlp();
    const p = join(dir, 'a.sinew');
    const res = await m.save(p);
    expect(res.byteLength).toBe(readFileSync(p).length);
    await m.save(`file://${join(dir, 'b.sinew')}`);
    const x = tf.ones([2, 4]);
    expectTensorsClose((await loadModel(p)).apply(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    expectTensorsClose((await loadModel(`file://${join(dir, 'b.sinew')}`)).apply(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    await expect(loadModel(join(dir, 'missing.sinew'))).rejects.toThrow(/cannot read the file/);
  });

  test('an interrupted save leaves the old file intact and no temporary file behind', async () => {
    const p = join(dir, 'keep.sinew');
    const old = await bytesOf(mlp());
    writeFileSync(p, old);
    const real = await import('node:fs/promises');
    let written = 0;
    // A file system whose disk "fills up" after the first 100 bytes of the new file.
    const failing: AtomicFs = {
      open: async (path, flags) => {
        const h = await real.open(path, flags);
        return {
          write: async (data, offset, length) => {
            if (written >= 100) throw new Error('ENOSPC: no space left on device (simulated)');
            const r = await h.write(data, offset, Math.min(length, 100));
            written += r.bytesWritten;
            return r;
          },
          sync: () => h.sync(),
          close: () => h.close(),
        };
      },
      rename: (a, b) => real.rename(a, b),
      unlink: (a) => real.unlink(a),
    };
    const next = await bytesOf(sequential({ layers: [dense({ units: 50, inputShape: [40] })] }));
    await expect(writeFileAtomic(p, next, failing)).rejects.toThrow(/save\('.*keep.sinew'\) failed; the previous file, if any, is unchanged: ENOSPC/);
    expect(Buffer.compare(readFileSync(p), Buffer.from(old))).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The old file still loads.
    expect((await loadModel(p)).className).toBe('Sequential');
    // And a successful atomic write replaces it.
    await writeFileAtomic(p, next);
    expect(Buffer.compare(readFileSync(p), Buffer.from(next))).toBe(0);
  });

  test('unknown schemes name the known ones', async () => {
    await expect(mlp().save('s3://bucket/m')).rejects.toThrow("save('s3://bucket/m'): no handler for 's3://'");
    await expect(mlp().save('indexeddb://m')).rejects.toThrow("'indexeddb://' needs a browser with IndexedDB");
  });
});
