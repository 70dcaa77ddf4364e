import * as tf from '@tensorflow/tfjs-core';
import type { LayerJSON } from '../engine/layer.js';
import { Model } from '../engine/model.js';
import { deserializeLayer, serializeLayer } from './serialization.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const toSnake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const toCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// Activation identifiers that differ between Sinew and tfjs-layers (tfjs camel-cases the strings it reads).
const ACTIVATION_TO_TFJS: Record<string, string> = { hardSigmoidTfjs: 'hard_sigmoid', geluApproximate: 'gelu_new' };
const ACTIVATION_FROM_TFJS: Record<string, string> = { hardSigmoid: 'hardSigmoidTfjs', hard_sigmoid: 'hardSigmoidTfjs', geluNew: 'geluApproximate', gelu_new: 'geluApproximate' };
const UNSUPPORTED_IN_TFJS = new Set(['hardSigmoid', 'leakyRelu', 'logSoftmax', 'exponential', 'step', 'silu']);

/** Converts one of our configs to the Keras/tfjs JSON dialect (snake_case keys, tfjs value spellings). */
function toTfjsConfig(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => toTfjsConfig(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k === 'className' ? 'class_name' : toSnake(k)] = toTfjsConfig(v, k);
    return out;
  }
  if (typeof value === 'string') {
    if (key === 'activation') {
      if (UNSUPPORTED_IN_TFJS.has(value)) throw new Error(`tfjs-layers format: activation '${value}' has no tfjs-layers equivalent`);
      return ACTIVATION_TO_TFJS[value] ?? value;
    }
    if (key === 'mode') return toSnake(value);
    if (key === 'distribution') return value === 'untruncatedNormal' ? 'normal' : toSnake(value);
  }
  return value;
}

/** Converts a Keras/tfjs layer config to ours. */
function fromTfjsConfig(value: Json, key = ''): Json {
  if (Array.isArray(value)) return value.map((v) => fromTfjsConfig(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const ck = k === 'class_name' ? 'className' : toCamel(k);
      out[ck] = fromTfjsConfig(v, ck);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (key === 'activation') return ACTIVATION_FROM_TFJS[value] ?? toCamel(value);
    if (key === 'mode') return toCamel(value);
    // Keras 2 / tfjs 'normal' is a truncated normal.
    if (key === 'distribution') return value === 'normal' ? 'truncatedNormal' : toCamel(value);
  }
  return value;
}

/** The tfjs-layers `modelTopology` of a model (Sequential or functional). @example `JSON.stringify(toTfjsLayersTopology(m))` */
export function toTfjsLayersTopology(model: Model): Record<string, Json> {
  const ours = serializeLayer(model);
  const layerToTfjs = (l: LayerJSON): Record<string, Json> => ({
    class_name: l.className,
    config: toTfjsConfig(l.config as Json) as Record<string, Json>,
  });
  let topology: Record<string, Json>;
  if (ours.className === 'Sequential') {
    const layers = (ours.config.layers as LayerJSON[]).map(layerToTfjs);
    const first = layers[0]?.config as Record<string, Json> | undefined;
    if (first !== undefined && first.batch_input_shape == null) {
      const shape = ours.config.buildInputShape as Json;
      if (shape == null) throw new Error(`tfjs-layers format: Sequential '${model.name}' is not built; give its first layer an inputShape or call it once`);
      first.batch_input_shape = shape;
    }
    topology = { class_name: 'Sequential', config: { name: model.name, layers } };
  } else {
    const cfg = ours.config;
    const layers = (cfg.layers as (LayerJSON & { name: string; inboundNodes: { inputs: [string, number, number][]; training?: boolean }[] })[]).map((l) => ({
      name: l.name,
      ...layerToTfjs(l),
      inbound_nodes: l.inboundNodes.map((n) => n.inputs.map(([name, node, index]) => [name, node, index, n.training === undefined ? {} : { training: n.training }] as Json)),
    }));
    topology = { class_name: 'Model', config: { name: model.name, layers, input_layers: cfg.inputLayers as Json, output_layers: cfg.outputLayers as Json } };
  }
  return { ...topology, keras_version: 'sinew', backend: 'tensor_flow.js' };
}

/**
 * Exports a model as tfjs-layers artifacts (the `model.json` topology + weight manifest + binary
 * weights), for `tf.loadLayersModel` or any tfjs IOHandler. Works for the layers both libraries
 * have (Dense, Activation, Dropout, Flatten, Reshape, Permute, RepeatVector, BatchNormalization,
 * LayerNormalization, the merge layers, noise layers); activations tfjs-layers lacks fail clearly.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { dense, sequential, toTfjsLayersArtifacts } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const artifacts = await toTfjsLayersArtifacts(m);
 * const twin = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
 * ```
 */
export async function toTfjsLayersArtifacts(model: Model): Promise<tf.io.ModelArtifacts> {
  const modelTopology = toTfjsLayersTopology(model);
  const named = model.weightRecords.map((r) => ({ name: r.name, tensor: r.variable as tf.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return {
    modelTopology,
    weightSpecs: specs,
    weightData: data,
    format: 'layers-model',
    generatedBy: 'Sinew',
    convertedBy: null,
  };
}

/**
 * The `model.json` contents (topology + `weightsManifest` pointing at one shard) and that shard's
 * bytes, as tfjs-layers writes them.
 *
 * @example
 * ```ts
 * import { dense, sequential, toTfjsLayersModelJson } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const { modelJson, weights } = await toTfjsLayersModelJson(m, 'weights.bin');
 * ```
 */
export async function toTfjsLayersModelJson(model: Model, shardName = 'group1-shard1of1.bin'): Promise<{ modelJson: Record<string, unknown>; weights: ArrayBuffer }> {
  const a = await toTfjsLayersArtifacts(model);
  return {
    modelJson: {
      modelTopology: a.modelTopology,
      format: a.format,
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy,
      weightsManifest: [{ paths: [shardName], weights: a.weightSpecs }],
    },
    weights: a.weightData as ArrayBuffer,
  };
}

function convertLayer(l: Record<string, any>): LayerJSON & { name?: string; inboundNodes?: unknown } {
  if (typeof l?.class_name !== 'string') throw new Error('tfjs-layers format: a layer entry has no class_name');
  return { className: l.class_name, config: fromTfjsConfig(l.config as Json) as Record<string, any> };
}

/**
 * Builds a Sinew model from tfjs-layers artifacts (`modelTopology` + `weightSpecs` + `weightData`),
 * matching weights by name. Classes resolve through Sinew's registry; nothing is evaluated.
 *
 * @example
 * ```ts
 * import { dense, fromTfjsLayersArtifacts, sequential, toTfjsLayersArtifacts } from '@sinew/core';
 * // Artifacts as tfjs-layers' `model.save(tf.io.withSaveHandler(...))` hands them over:
 * const artifacts = await toTfjsLayersArtifacts(sequential({ layers: [dense({ units: 1, inputShape: [2] })] }));
 * const m = await fromTfjsLayersArtifacts(artifacts);
 * ```
 */
export async function fromTfjsLayersArtifacts(artifacts: tf.io.ModelArtifacts): Promise<Model> {
  const topo = artifacts.modelTopology as Record<string, any> | undefined;
  if (topo == null || topo instanceof ArrayBuffer) throw new Error('tfjs-layers format: the artifacts have no JSON modelTopology');
  const root = (topo.model_config ?? topo) as Record<string, any>;
  let json: LayerJSON;
  if (root.class_name === 'Sequential') {
    const layers = (Array.isArray(root.config) ? root.config : root.config?.layers) as Record<string, any>[];
    if (!Array.isArray(layers)) throw new Error('tfjs-layers format: Sequential config has no layers list');
    json = { className: 'Sequential', config: { name: root.config?.name, layers: layers.map(convertLayer) } };
  } else if (root.class_name === 'Model' || root.class_name === 'Functional') {
    const cfg = root.config as Record<string, any>;
    const layers = (cfg.layers as Record<string, any>[]).map((l) => ({
      ...convertLayer(l),
      name: l.name as string,
      inboundNodes: ((l.inbound_nodes ?? []) as [string, number, number, Record<string, unknown>?][][]).map((node) => ({
        inputs: node.map(([n, i, t]) => [n, i, t]),
        single: node.length === 1,
        ...(typeof node[0]?.[3]?.training === 'boolean' ? { training: node[0][3].training } : {}),
      })),
    }));
    json = { className: 'Functional', config: { name: cfg.name, layers, inputLayers: cfg.input_layers, outputLayers: cfg.output_layers } };
  } else {
    throw new Error(`tfjs-layers format: unsupported model class '${String(root.class_name)}' (expected Sequential or Model)`);
  }
  const layer = deserializeLayer(json);
  if (!(layer instanceof Model)) throw new Error('tfjs-layers format: the topology is not a model');
  try {
    const specs = artifacts.weightSpecs ?? [];
    const data = artifacts.weightData;
    if (data === undefined && specs.length > 0) throw new Error('tfjs-layers format: weightSpecs are given but weightData is missing');
    const tensors = data === undefined ? {} : tf.io.decodeWeights(data, specs);
    try {
      for (const r of layer.weightRecords) {
        const t = tensors[r.name];
        if (t === undefined) throw new Error(`tfjs-layers format: no weight named '${r.name}' in the manifest (found: ${Object.keys(tensors).join(', ')})`);
        if (t.shape.join() !== r.variable.shape.join()) {
          throw new Error(`tfjs-layers format: weight '${r.name}' has shape [${t.shape.join(', ')}], the layer needs [${r.variable.shape.join(', ')}]`);
        }
        r.variable.assign(t);
      }
    } finally {
      tf.dispose(Object.values(tensors));
    }
  } catch (e) {
    layer.dispose();
    throw e;
  }
  return layer;
}

/**
 * Loads a tfjs-layers model (model.json + weights) into Sinew from a tfjs IOHandler or a URL that
 * tfjs can load (`tf.io` handlers: http(s), indexeddb, ...).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, loadTfjsLayersModel, sequential, toTfjsLayersArtifacts } from '@sinew/core';
 * // A URL such as 'https://example.com/model/model.json', or any tfjs IOHandler:
 * const handler = tf.io.fromMemory(await toTfjsLayersArtifacts(sequential({ layers: [dense({ units: 1, inputShape: [2] })] })));
 * const m = await loadTfjsLayersModel(handler);
 * ```
 */
export async function loadTfjsLayersModel(source: string | tf.io.IOHandler): Promise<Model> {
  let handler: tf.io.IOHandler;
  if (typeof source === 'string') {
    const found = tf.io.getLoadHandlers(source);
    if (found.length === 0) {
      if (/^https?:\/\//.test(source)) handler = tf.io.http(source);
      else throw new Error(`loadTfjsLayersModel('${source}'): no tfjs IOHandler for this URL`);
    } else {
      handler = found[0]!;
    }
  } else {
    handler = source;
  }
  if (typeof handler.load !== 'function') throw new Error('loadTfjsLayersModel: the IOHandler cannot load');
  return fromTfjsLayersArtifacts(await handler.load());
}

/**
 * Saves a model in tfjs-layers format through a tfjs IOHandler or URL (`tf.io` handlers).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { dense, saveTfjsLayersModel, sequential } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * await saveTfjsLayersModel(m, tf.io.withSaveHandler(async (artifacts) => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
 * ```
 */
export async function saveTfjsLayersModel(model: Model, destination: string | tf.io.IOHandler): Promise<tf.io.SaveResult> {
  let handler: tf.io.IOHandler;
  if (typeof destination === 'string') {
    const found = tf.io.getSaveHandlers(destination);
    if (found.length === 0) throw new Error(`saveTfjsLayersModel('${destination}'): no tfjs IOHandler for this URL`);
    handler = found[0]!;
  } else {
    handler = destination;
  }
  if (typeof handler.save !== 'function') throw new Error('saveTfjsLayersModel: the IOHandler cannot save');
  return handler.save(await toTfjsLayersArtifacts(model));
}
