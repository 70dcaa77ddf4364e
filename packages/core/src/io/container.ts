import { crc32 } from './crc32.js';

/** Sinew's file format version written by this code; loading accepts versions up to it. @example `loaded.fileMetadata?.formatVersion === FORMAT_VERSION` */
export const FORMAT_VERSION = 1;
/** The version of @sinew/core written into saved files. @example `console.log(SINEW_VERSION)` */
export const SINEW_VERSION = '0.1.0';

const MAGIC = 'SINEWMDL';
const PREAMBLE = 8 + 4 + 4 + 4; // magic, format version, header length, header CRC-32

/** One tensor in the data section. */
export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Byte offset in the data section. */
  offset: number;
  /** Byte length (4 per element). */
  length: number;
}

/** The JSON header of a Sinew model file. */
export interface ModelFileHeader {
  format: 'sinew-model';
  formatVersion: number;
  sinewVersion: string;
  createdAt: string;
  modelTopology: Record<string, unknown>;
  weights: TensorEntry[];
  optimizer: { config: { className: string; config: Record<string, unknown> }; weights: TensorEntry[] } | null;
  /** User metadata, JSON. */
  userMetadata: Record<string, unknown>;
  dataLength: number;
  dataCrc32: number;
}

/** A tensor's values ready to store. */
export interface TensorBlob {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** Lays tensors out in one little-endian data section and returns their entries. */
export function packTensors(groups: TensorBlob[][]): { entries: TensorEntry[][]; data: Uint8Array } {
  const total = groups.flat().reduce((n, t) => n + t.values.length * 4, 0);
  const data = new Uint8Array(total);
  const view = new DataView(data.buffer);
  let offset = 0;
  const entries = groups.map((g) =>
    g.map((t) => {
      const entry: TensorEntry = { name: t.name, shape: [...t.shape], dtype: t.dtype, offset, length: t.values.length * 4 };
      for (let i = 0; i < t.values.length; i++) {
        if (t.dtype === 'int32') view.setInt32(offset + i * 4, t.values[i]!, true);
        else view.setFloat32(offset + i * 4, t.values[i]!, true);
      }
      offset += entry.length;
      return entry;
    }),
  );
  return { entries, data };
}

/** Serializes header and data into one file's bytes: magic, version, header length + CRC, header JSON, data. */
export function encodeModelFile(header: Omit<ModelFileHeader, 'dataLength' | 'dataCrc32'>, data: Uint8Array): Uint8Array {
  const full: ModelFileHeader = { ...header, dataLength: data.length, dataCrc32: crc32(data) };
  const json = new TextEncoder().encode(JSON.stringify(full));
  const out = new Uint8Array(PREAMBLE + json.length + data.length);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, crc32(json), true);
  out.set(json, PREAMBLE);
  out.set(data, PREAMBLE + json.length);
  return out;
}

function bad(source: string, msg: string): never {
  throw new Error(`loadModel: ${source} is not a valid Sinew model file: ${msg}`);
}

/**
 * Parses and verifies a Sinew model file: magic, version, header checksum, data length and
 * checksum, and every tensor entry's bounds and size. Fails with a message that says what is wrong.
 */
export function decodeModelFile(bytes: Uint8Array, source = 'the input'): { header: ModelFileHeader; data: Uint8Array } {
  if (bytes.length < PREAMBLE) bad(source, `it is ${bytes.length} bytes long, shorter than the ${PREAMBLE}-byte preamble (truncated?)`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) bad(source, `it does not start with the '${MAGIC}' signature`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version < 1 || version > FORMAT_VERSION) bad(source, `format version ${version} is not supported (this version reads 1..${FORMAT_VERSION})`);
  const headerLength = view.getUint32(12, true);
  if (PREAMBLE + headerLength > bytes.length) {
    bad(source, `the header claims ${headerLength} bytes but only ${bytes.length - PREAMBLE} follow the preamble (truncated)`);
  }
  const json = bytes.subarray(PREAMBLE, PREAMBLE + headerLength);
  if (crc32(json) !== view.getUint32(16, true)) bad(source, 'the header checksum does not match (corrupt header)');
  let header: ModelFileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(json)) as ModelFileHeader;
  } catch (e) {
    bad(source, `the header is not JSON (${(e as Error).message})`);
  }
  if (header.format !== 'sinew-model') bad(source, `header.format is '${String(header.format)}', expected 'sinew-model'`);
  const data = bytes.subarray(PREAMBLE + headerLength);
  if (data.length < header.dataLength) {
    bad(source, `the weight data is truncated: expected ${header.dataLength} bytes, found ${data.length}`);
  }
  if (data.length > header.dataLength) bad(source, `${data.length - header.dataLength} unexpected bytes after the weight data`);
  if (crc32(data) !== header.dataCrc32) bad(source, 'the weight data checksum does not match (corrupt data)');
  const entries = [...(header.weights ?? []), ...(header.optimizer?.weights ?? [])];
  for (const e of entries) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isInteger(d) || d < 0)) bad(source, `tensor '${e.name}' has an invalid shape ${JSON.stringify(e.shape)}`);
    if (e.dtype !== 'float32' && e.dtype !== 'int32') bad(source, `tensor '${e.name}' has unsupported dtype '${String(e.dtype)}'`);
    if (e.length !== count * 4) bad(source, `tensor '${e.name}' of shape [${e.shape.join(', ')}] needs ${count * 4} bytes, the entry says ${e.length}`);
    if (!(e.offset >= 0 && e.offset + e.length <= data.length)) bad(source, `tensor '${e.name}' lies outside the data section`);
  }
  return { header, data };
}

/** Reads one tensor's values from the data section (little-endian). */
export function readTensor(data: Uint8Array, e: TensorEntry): Float32Array | Int32Array {
  const view = new DataView(data.buffer, data.byteOffset + e.offset, e.length);
  const n = e.length / 4;
  if (e.dtype === 'int32') {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
    return out;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
