import { writeFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import type * as tf from '@tensorflow/tfjs-core';

let crcTable: Uint32Array | null = null;

function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** Multiply values by this before rounding to 0..255 (default 255, for images in [0, 1]). */
  scale?: number;
}

/**
 * Encodes an image tensor as PNG bytes (8-bit grey, grey+alpha, RGB or RGBA, no interlace), using
 * Node's zlib. Values are scaled (default ×255, for [0, 1] images such as {@link imageGrid}'s),
 * rounded and clipped to 0..255. Node only (the package's `node` export condition).
 *
 * @param image - `[h, w]` or `[h, w, channels]` with 1 to 4 channels.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { encodePng, imageGrid } from '@sinew/vision';
 * const png = encodePng(imageGrid(tf.randomUniform([4, 8, 8, 1]))); // Uint8Array starting with \x89PNG
 * ```
 */
export function encodePng(image: tf.Tensor, options: EncodePngOptions = {}): Uint8Array {
  const shape = image.rank === 2 ? [...image.shape, 1] : image.shape;
  if (shape.length !== 3 || shape[2]! < 1 || shape[2]! > 4) throw new Error(`encodePng: expected an image [h, w] or [h, w, 1..4 channels], received shape [${image.shape.join(', ')}]`);
  const [h, w, c] = shape as [number, number, number];
  const scale = options.scale ?? 255;
  const values = image.dataSync();
  const raw = new Uint8Array(h * (1 + w * c));
  for (let y = 0; y < h; y++) {
    raw[y * (1 + w * c)] = 0; // filter type None
    for (let i = 0; i < w * c; i++) {
      const v = Math.round(values[y * w * c + i]! * scale);
      raw[y * (1 + w * c) + 1 + i] = Number.isFinite(v) ? Math.min(255, Math.max(0, v)) : 0;
    }
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, w);
  hv.setUint32(4, h);
  header[8] = 8; // bit depth
  header[9] = [0, 0, 4, 2, 6][c]!; // colour type: grey, grey+alpha, RGB, RGBA
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Writes an image tensor to a PNG file (see {@link encodePng}). Node only.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { filterGrid, savePng } from '@sinew/vision';
 * await savePng(join(tmpdir(), 'filters.png'), filterGrid(tf.randomNormal([5, 5, 1, 16])));
 * ```
 */
export async function savePng(path: string, image: tf.Tensor, options: EncodePngOptions = {}): Promise<void> {
  await writeFile(path, encodePng(image, options));
}
