// The browser destinations, exercised in Node: IndexedDB through fake-indexeddb (an implementation of
// the W3C IndexedDB API), fetch against a local HTTP server, downloads through a minimal document stub.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectTensorsClose } from '@sinew/tooling';
import { loadModel } from './load-model.js';
import { sequential } from '../engine/sequential.js';
import { dense } from '../layers/dense.js';
import { batchNormalization } from '../layers/batch-normalization.js';

let server: Server;
let base = '';
let served: Uint8Array = new Uint8Array();

beforeAll(async () => {
  await setBackend('cpu');
  server = createServer((req, res) => {
    if (req.url === '/model.sinew') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from(served));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const makeModel = () => sequential({ layers: [dense({ units: 3, activation: 'tanh', inputShape: [2] }), batchNormalization()] });

describe('browser destinations', () => {
  test("'indexeddb://' saves and loads the same model; a missing name fails clearly", async () => {
    const m = makeModel();
    await m.save('indexeddb://my-model');
    const again = await loadModel('indexeddb://my-model');
    const x = tf.tensor2d([[0.5, -1]]);
    expectTensorsClose(again.apply(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    await expect(loadModel('indexeddb://nothing-here')).rejects.toThrow("loadModel('indexeddb://nothing-here'): no model stored under that name");
  });

  test('an http(s) URL is fetched; HTTP errors are reported', async () => {
    const m = makeModel();
    served = (await m.save('memory://')).bytes!;
    const again = await loadModel(`${base}/model.sinew`);
    const x = tf.tensor2d([[1, 2]]);
    expectTensorsClose(again.apply(x) as tf.Tensor, m.apply(x) as tf.Tensor);
    await expect(loadModel(`${base}/missing`)).rejects.toThrow(/HTTP 404/);
  });

  test("'downloads://' hands a .sinew file to the browser", async () => {
    const clicked: { download: string; href: string }[] = [];
    const g = globalThis as { document?: unknown };
    g.document = { createElement: () => ({ href: '', download: '', click(this: { download: string; href: string }) { clicked.push({ download: this.download, href: this.href }); } }) };
    try {
      const result = await makeModel().save('downloads://trained');
      expect(clicked).toHaveLength(1);
      expect(clicked[0]!.download).toBe('trained.sinew');
      expect(clicked[0]!.href).toMatch(/^blob:/);
      expect(result.byteLength).toBeGreaterThan(100);
    } finally {
      delete g.document;
    }
  });
});
