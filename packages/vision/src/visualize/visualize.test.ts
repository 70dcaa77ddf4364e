import { beforeAll, describe, expect, test } from 'vitest';
import { crc32, inflateSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { expectNoLeaks } from '@sinew/tooling';
import { featureMapGrid, filterGrid, imageGrid } from './image-grid.js';
import { encodePng } from './png.node.js';
import { conv2d } from '../layers/conv2d.js';

beforeAll(async () => {
  await setBackend('cpu');
});

/** Minimal PNG reader for the test: checks signature and every chunk's CRC (Node's zlib.crc32), inflates IDAT. */
function readPng(bytes: Uint8Array): { w: number; h: number; colorType: number; raw: Uint8Array } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8;
  let w = 0;
  let h = 0;
  let colorType = -1;
  const idat: Uint8Array[] = [];
  for (;;) {
    const len = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    expect(view.getUint32(o + 8 + len)).toBe(crc32(bytes.subarray(o + 4, o + 8 + len)));
    if (type === 'IHDR') {
      w = view.getUint32(o + 8);
      h = view.getUint32(o + 12);
      expect(bytes[o + 16]).toBe(8);
      colorType = bytes[o + 17]!;
    }
    if (type === 'IDAT') idat.push(bytes.subarray(o + 8, o + 8 + len));
    o += 12 + len;
    if (type === 'IEND') break;
  }
  return { w, h, colorType, raw: new Uint8Array(inflateSync(Buffer.concat(idat))) };
}

describe('visualisation', () => {
  test('imageGrid lays tiles out row by row with padding, each scaled to [0, 1]', async () => {
    await expectNoLeaks(() => {
      const imgs = tf.tensor4d([0, 1, 2, 3, 10, 20, 30, 40, 5, 5, 5, 5], [3, 2, 2, 1]);
      const g = imageGrid(imgs, { padding: 1, padValue: 1 });
      expect(g.shape).toEqual([5, 5, 1]);
      const v = (g.arraySync() as number[][][]).map((r) => r.map((p) => Math.round(p[0]! * 3) / 3));
      expect(v).toEqual([
        [0, 1 / 3, 1, 0, 1 / 3],
        [2 / 3, 1, 1, 2 / 3, 1],
        [1, 1, 1, 1, 1],
        [0.5, 0.5, 1, 1, 1],
        [0.5, 0.5, 1, 1, 1],
      ].map((r) => r.map((x) => Math.round(x * 3) / 3)));
      tf.dispose([imgs, g]);
    });
  });

  test('filterGrid shows each filter of a Conv2D kernel as a tile; featureMapGrid each channel', () => {
    const conv = conv2d({ filters: 5, kernelSize: 3 });
    const maps = conv.apply(tf.randomUniform([1, 6, 6, 1], 0, 1, 'float32', 1));
    const [k] = conv.getWeights();
    const g = filterGrid(k!, { padding: 0, normalize: 'none' });
    expect(g.shape).toEqual([6, 9, 1]); // 3 columns x 2 rows of 3x3
    // Tile 4 (row 1, column 1) is filter 4.
    const tile = tf.slice(g, [3, 3, 0], [3, 3, 1]);
    expect(tf.max(tf.abs(tf.sub(tf.reshape(tile, [3, 3]), tf.reshape(tf.slice(k!, [0, 0, 0, 4], [3, 3, 1, 1]), [3, 3])))).dataSync()[0]).toBe(0);
    expect(featureMapGrid(maps).shape).toEqual([4 * 2 + 1, 4 * 3 + 2, 1]);
    const rgb = filterGrid(tf.randomNormal([3, 3, 3, 4]));
    expect(rgb.shape).toEqual([7, 7, 3]);
    expect(() => filterGrid(tf.ones([3, 3, 2]))).toThrow(/expected a 2D convolution kernel/);
    conv.dispose();
  });

  test('encodePng writes a valid PNG (signature, CRCs, zlib stream) with the right pixels', () => {
    const img = tf.tensor3d([0, 0.5, 1, 0.25, 1, 0], [2, 3, 1]);
    const { w, h, colorType, raw } = readPng(encodePng(img));
    expect([w, h, colorType]).toEqual([3, 2, 0]);
    expect(Array.from(raw)).toEqual([0, 0, 128, 255, 0, 64, 255, 0]);
    const rgb = readPng(encodePng(tf.fill([1, 2, 3], 1)));
    expect(rgb.colorType).toBe(2);
    expect(Array.from(rgb.raw)).toEqual([0, 255, 255, 255, 255, 255, 255]);
    expect(() => encodePng(tf.ones([2, 2, 5]))).toThrow(/1..4 channels/);
  });
});
