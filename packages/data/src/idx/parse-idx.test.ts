import { describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decodeIdx, parseIdx } from './parse-idx.js';

function idx(typeCode: number, shape: number[], body: number[]): Uint8Array {
  const header = [0, 0, typeCode, shape.length];
  for (const d of shape) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return new Uint8Array([...header, ...body]);
}

describe('parseIdx', () => {
  test('reads every IDX type big-endian', () => {
    expect(Array.from(parseIdx(idx(0x08, [3], [1, 2, 255])).data)).toEqual([1, 2, 255]);
    expect(Array.from(parseIdx(idx(0x09, [2], [0xff, 0x7f])).data)).toEqual([-1, 127]);
    expect(Array.from(parseIdx(idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe])).data)).toEqual([258, -2]);
    expect(Array.from(parseIdx(idx(0x0c, [1], [0x00, 0x01, 0x00, 0x00])).data)).toEqual([65536]);
    // 1.5 as big-endian float32 is 3f c0 00 00; -2 as float64 is c0 00 00 00 00 00 00 00.
    expect(Array.from(parseIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0])).data)).toEqual([1.5]);
    expect(Array.from(parseIdx(idx(0x0e, [1], [0xc0, 0, 0, 0, 0, 0, 0, 0])).data)).toEqual([-2]);
    const m = parseIdx(idx(0x08, [2, 2, 3], Array.from({ length: 12 }, (_, i) => i)));
    expect(m.shape).toEqual([2, 2, 3]);
    expect(m.dtype).toBe('uint8');
  });

  test('bad files get errors naming the file and the numbers', () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), 'a.idx')).toThrow("IDX file 'a.idx' is truncated: 2 bytes, shorter than the 4-byte magic number");
    expect(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'zip.idx')).toThrow(/'zip.idx' has a wrong magic number 0x504b0304/);
    expect(() => parseIdx(idx(0x07, [1], [0]), 'b.idx')).toThrow(/unknown type code 0x07 in magic number 0x00000701/);
    expect(() => parseIdx(idx(0x08, [2, 3], []).subarray(0, 9), 'c.idx')).toThrow(/declares 2 dimensions, needing a 12-byte header, but the file has 9 bytes/);
    expect(() => parseIdx(idx(0x08, [2, 3], [1, 2, 3, 4]), 'd.idx')).toThrow("IDX file 'd.idx' is truncated: shape [2,3] of uint8 needs 18 bytes (6 values), the file has 16 (4 values)");
    expect(() => parseIdx(idx(0x08, [1], [1, 2]), 'e.idx')).toThrow(/1 bytes after the 1 values of shape \[1\]/);
    expect(() => parseIdx(gzipSync(idx(0x08, [1], [1])), 'f.gz')).toThrow(/gzip-compressed/);
  });

  test('decodeIdx decompresses gzip', async () => {
    const parsed = await decodeIdx(gzipSync(idx(0x08, [2], [4, 5])), 'g.gz');
    expect(Array.from(parsed.data)).toEqual([4, 5]);
    await expect(decodeIdx(new Uint8Array([0x1f, 0x8b, 1, 2, 3]), 'h.gz')).rejects.toThrow(/cannot decompress 'h.gz' \(5 bytes of gzip\)/);
  });
});
