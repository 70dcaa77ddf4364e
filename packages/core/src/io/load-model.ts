import * as tf from '@tensorflow/tfjs-core';
import type { Layer, LayerJSON } from '../engine/layer.js';
import { Model } from '../engine/model.js';
import { deserializeOptimizer } from '../optimizers/get-optimizer.js';
import { decodeModelFile, readTensor, type ModelFileHeader } from './container.js';
import { loadHandlerFor, type LoadSource } from './handlers.js';
import { deserializeLayer } from './serialization.js';

async function bytesOf(source: LoadSource): Promise<{ bytes: Uint8Array; label: string }> {
  if (source instanceof Uint8Array) return { bytes: source, label: 'the given bytes' };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), label: 'the given ArrayBuffer' };
  if (typeof source === 'string') return { bytes: await loadHandlerFor(source)(), label: `'${source}'` };
  if (source !== null && typeof source === 'object' && typeof source.load === 'function') return { bytes: await source.load(), label: 'the load handler' };
  throw new Error('loadModel: source must be bytes, an ArrayBuffer, a URL or path, or an object with load()');
}

/**
 * Applies a file's weights to a model: every weight's name and shape must match, else a clear error.
 */
function applyWeights(model: Layer, header: ModelFileHeader, data: Uint8Array, label: string): void {
  const records = model.weightRecords;
  const entries = header.weights;
  if (entries.length !== records.length) {
    throw new Error(`loadModel: ${label} holds ${entries.length} weight(s) but its topology builds a model with ${records.length}`);
  }
  records.forEach((r, i) => {
    const e = entries[i]!;
    if (e.shape.length !== r.variable.shape.length || e.shape.some((d, k) => d !== r.variable.shape[k])) {
      throw new Error(`loadModel: ${label}: weight '${e.name}' has shape [${e.shape.join(', ')}] but layer weight '${r.name}' needs [${r.variable.shape.join(', ')}]`);
    }
  });
  tf.tidy(() => {
    records.forEach((r, i) => r.variable.assign(tf.tensor(readTensor(data, entries[i]!), entries[i]!.shape, 'float32')));
  });
}

/**
 * Loads a model saved by `model.save` (Sinew's single-file format): from bytes, an ArrayBuffer,
 * a URL (fetched), 'indexeddb://name', or a path in Node. Layers are resolved by class name through
 * the registry (`registerLayer`); nothing in the file is executed. A truncated or corrupt file, an
 * unknown layer class, or a weight of the wrong shape fails with a message that says which.
 *
 * If the file holds optimizer state, the returned model carries it in `model.restoredOptimizer`;
 * `compile({ optimizer: model.restoredOptimizer!, loss })` resumes training exactly.
 *
 * @example
 * ```ts
 * import { dense, loadModel, sequential } from '@sinew/core';
 * const { bytes } = await sequential({ layers: [dense({ units: 1, inputShape: [2] })] }).save('memory://');
 * const m = await loadModel(bytes!); // or 'file://./model.sinew' in Node, 'indexeddb://name', an https URL
 * ```
 */
export async function loadModel(source: LoadSource): Promise<Model> {
  const { bytes, label } = await bytesOf(source);
  const { header, data } = decodeModelFile(bytes, label);
  const layer = deserializeLayer(header.modelTopology as unknown as LayerJSON);
  if (!(layer instanceof Model)) {
    layer.dispose();
    throw new Error(`loadModel: ${label} holds a ${layer.className}, not a model`);
  }
  try {
    applyWeights(layer, header, data, label);
    if (header.optimizer !== null && header.optimizer !== undefined) {
      const opt = deserializeOptimizer(header.optimizer.config as never);
      const tensors = header.optimizer.weights.map((e) => tf.tensor(readTensor(data, e), e.shape, e.dtype));
      opt.setWeights(tensors);
      tf.dispose(tensors);
      layer.restoredOptimizer = opt;
    }
  } catch (e) {
    layer.dispose();
    throw e;
  }
  layer.fileMetadata = { formatVersion: header.formatVersion, sinewVersion: header.sinewVersion, createdAt: header.createdAt, userMetadata: header.userMetadata };
  return layer;
}
