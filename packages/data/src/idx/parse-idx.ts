/** Element types of the IDX format (the third byte of the magic number). */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A parsed IDX file: its element type, dimensions and values (row-major). */
export interface IdxArray {
  readonly dtype: IdxDtype;
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const DTYPES: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/**
 * True when the bytes start with the gzip magic number (0x1f 0x8b).
 *
 * @example
 * ```ts
 * import { isGzip } from '@sinew/data';
 * console.log(isGzip(new Uint8Array([0x1f, 0x8b, 8])), isGzip(new Uint8Array([0, 0, 8, 1]))); // true false
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses an IDX file (the format of MNIST and Fashion-MNIST, LeCun et al.): a 4-byte magic number
 * (two zero bytes, a type code, the number of dimensions), one big-endian uint32 per dimension,
 * then the values, big-endian. Every check names the file and the numbers involved: a wrong magic
 * number, an unknown type code, a header or data shorter (or longer) than the dimensions say.
 * uint8 data is returned as a view of `bytes`, not copied. Gzipped files must be decompressed
 * first (`decodeIdx` does that).
 *
 * @example
 * ```ts
 * import { parseIdx } from '@sinew/data';
 * // A 2x3 uint8 array: magic 0x00000803, dims 2 and 3, then six values.
 * const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
 * const idx = parseIdx(bytes, 'tiny.idx');
 * console.log(idx.dtype, idx.shape, Array.from(idx.data)); // uint8 [2, 3] [1, 2, 3, 4, 5, 6]
 * ```
 */
export function parseIdx(bytes: Uint8Array, fileName = 'IDX data'): IdxArray {
  const where = `IDX file '${fileName}'`;
  if (isGzip(bytes)) {
    throw new Error(`${where} is gzip-compressed; decompress it first (decodeIdx does)`);
  }
  if (bytes.length < 4) {
    throw new Error(`${where} is truncated: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${where} has a wrong magic number ${hex}: an IDX file starts with two zero bytes (e.g. 0x00000803 for uint8 images)`);
  }
  const type = DTYPES[bytes[2]!];
  if (!type) {
    throw new Error(`${where} has an unknown type code 0x${bytes[2]!.toString(16).padStart(2, '0')} in magic number ${hex} (known: 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64)`);
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new Error(`${where} is truncated: the magic number ${hex} declares ${rank} dimensions, needing a ${headerBytes}-byte header, but the file has ${bytes.length} bytes`);
  }
  const shape = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length < expected) {
    const have = Math.floor((bytes.length - headerBytes) / type.bytes);
    throw new Error(`${where} is truncated: shape [${shape}] of ${type.dtype} needs ${expected} bytes (${count} values), the file has ${bytes.length} (${have} values)`);
  }
  if (bytes.length > expected) {
    throw new Error(`${where} has ${bytes.length - expected} bytes after the ${count} values of shape [${shape}] (${expected} bytes expected); is it the right file?`);
  }
  return { dtype: type.dtype, shape, data: readValues(view, headerBytes, count, type.dtype, bytes) };
}

function readValues(view: DataView, offset: number, n: number, dtype: IdxDtype, bytes: Uint8Array): IdxArray['data'] {
  switch (dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + n);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, n).slice();
    case 'int16':
      return Int16Array.from({ length: n }, (_, i) => view.getInt16(offset + 2 * i));
    case 'int32':
      return Int32Array.from({ length: n }, (_, i) => view.getInt32(offset + 4 * i));
    case 'float32':
      return Float32Array.from({ length: n }, (_, i) => view.getFloat32(offset + 4 * i));
    case 'float64':
      return Float64Array.from({ length: n }, (_, i) => view.getFloat64(offset + 8 * i));
  }
}

/**
 * Decompresses gzip bytes with the standard `DecompressionStream` (browsers, Node >= 18, Deno).
 *
 * @example
 * ```ts
 * import { gunzip } from '@sinew/data';
 * const gz = new Uint8Array(await new Response(
 *   new Blob([new Uint8Array([1, 2, 3])]).stream().pipeThrough(new CompressionStream('gzip')),
 * ).arrayBuffer());
 * console.log(Array.from(await gunzip(gz))); // [1, 2, 3]
 * ```
 */
export async function gunzip(bytes: Uint8Array, fileName = 'data'): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error(`cannot decompress '${fileName}': this runtime has no DecompressionStream; decompress it beforehand`);
  }
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`cannot decompress '${fileName}' (${bytes.length} bytes of gzip): ${(e as Error).message}`);
  }
}

/**
 * `parseIdx` for bytes that may be gzipped (`.gz`, as MNIST is usually served): decompresses first
 * when the bytes start with the gzip magic number.
 *
 * @example
 * ```ts
 * import { decodeIdx } from '@sinew/data';
 * const idx = await decodeIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), 'labels.idx');
 * console.log(idx.shape, Array.from(idx.data)); // [2] [7, 9]
 * ```
 */
export async function decodeIdx(bytes: Uint8Array, fileName = 'IDX data'): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, fileName) : bytes, fileName);
}
