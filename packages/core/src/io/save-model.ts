import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../engine/model.js';
import { serializeOptimizer } from '../optimizers/get-optimizer.js';
import { encodeModelFile, FORMAT_VERSION, packTensors, SINEW_VERSION, type TensorBlob } from './container.js';
import { saveHandlerFor, type SaveDestination, type SaveOptions, type SaveResult } from './handlers.js';
import { serializeLayer } from './serialization.js';

/**
 * Encodes a model (topology, weights, optimizer configuration and state, metadata) as the bytes of
 * one Sinew model file.
 *
 * @example
 * ```ts
 * import { dense, encodeModel, sequential } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const bytes = encodeModel(m); // Uint8Array
 * ```
 */
export function encodeModel(model: Model, options: SaveOptions = {}): Uint8Array {
  const topology = serializeLayer(model) as unknown as Record<string, unknown>;
  const records = model.weightRecords;
  const weights: TensorBlob[] = records.map((r) => ({
    name: r.name,
    shape: [...r.variable.shape],
    dtype: 'float32',
    values: r.variable.dataSync() as Float32Array,
  }));
  const opt = (options.includeOptimizer ?? true) ? (model.compiled?.optimizer ?? null) : null;
  const optWeights: TensorBlob[] = [];
  let optConfig = null;
  if (opt !== null) {
    optConfig = serializeOptimizer(opt) as unknown as { className: string; config: Record<string, unknown> };
    for (const w of opt.getWeights()) {
      const dtype = w.tensor.dtype === 'int32' ? 'int32' : 'float32';
      const values = dtype === 'int32' ? w.tensor.dataSync() : tf.tidy(() => tf.cast(w.tensor, 'float32').dataSync());
      optWeights.push({ name: w.name, shape: [...w.tensor.shape], dtype, values: values as Float32Array });
      w.tensor.dispose();
    }
  }
  const { entries, data } = packTensors([weights, optWeights]);
  return encodeModelFile(
    {
      format: 'sinew-model',
      formatVersion: FORMAT_VERSION,
      sinewVersion: SINEW_VERSION,
      createdAt: new Date().toISOString(),
      modelTopology: topology,
      weights: entries[0]!,
      optimizer: optConfig === null ? null : { config: optConfig, weights: entries[1]! },
      userMetadata: options.metadata ?? {},
    },
    data,
  );
}

/**
 * Saves a model in Sinew's single-file format (what `model.save` calls).
 *
 * @example
 * ```ts
 * import { dense, saveModel, sequential } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const { bytes } = await saveModel(m, 'memory://');
 * ```
 */
export async function saveModel(model: Model, destination: SaveDestination, options: SaveOptions = {}): Promise<SaveResult> {
  const bytes = encodeModel(model, options);
  if (typeof destination !== 'string') {
    if (destination === null || typeof destination.save !== 'function') throw new Error('save: destination must be a URL, a path, or an object with save(bytes)');
    await destination.save(bytes, { name: model.name });
    return { destination: 'handler', byteLength: bytes.length, bytes: null };
  }
  if (destination.startsWith('memory://')) return { destination, byteLength: bytes.length, bytes };
  await saveHandlerFor(destination)(bytes);
  return { destination, byteLength: bytes.length, bytes: null };
}
