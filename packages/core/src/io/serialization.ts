import type { Layer, LayerJSON } from '../engine/layer.js';
import { Model } from '../engine/model.js';
import { Sequential } from '../engine/sequential.js';
import { InputLayer } from '../engine/input-layer.js';
import { getLayerClass } from '../engine/registry.js';
import type { Shape, SymbolicTensor } from '../engine/symbolic-tensor.js';

/** A reference to a tensor in a serialized graph: [layer name, node index, output index]. */
type TensorRef = [string, number, number];

interface GraphLayerJSON extends LayerJSON {
  name: string;
  /** One entry per call of the layer inside the model: the tensors it was called on. */
  inboundNodes: { inputs: TensorRef[]; single: boolean; training?: boolean }[];
}

function nodeIndexIn(model: Model, layer: Layer, node: unknown): number {
  return model.graphNodes.filter((n) => n.layer === layer).indexOf(node as never);
}

/**
 * The JSON topology of a layer or model (no weights): `{ className, config }`, with nested layers
 * for Sequential and the graph (Keras-style inbound nodes) for functional models.
 *
 * @example
 * ```ts
 * const json = serializeLayer(sequential({ layers: [dense({ units: 2, inputShape: [3] })] }));
 * ```
 */
export function serializeLayer(layer: Layer): LayerJSON {
  if (layer instanceof Sequential) {
    return {
      className: 'Sequential',
      config: {
        ...layer.getConfig(),
        buildInputShape: layer.built ? layer.builtInputShape : null,
        layers: layer.layers.map(serializeLayer),
      },
    };
  }
  if (layer instanceof Model && layer.isFunctional) {
    const m = layer;
    const ref = (t: SymbolicTensor): TensorRef => [t.sourceLayer.name, nodeIndexIn(m, t.sourceLayer, t.node), t.outputIndex];
    const layers: GraphLayerJSON[] = m.layers.map((l) => ({
      ...serializeLayer(l),
      name: l.name,
      inboundNodes: m.graphNodes
        .filter((n) => n.layer === l && n.inputs.length > 0)
        .map((n) => ({ inputs: n.inputs.map(ref), single: n.singleInput, ...(n.callArgs.training === undefined ? {} : { training: n.callArgs.training }) })),
    }));
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name)) throw new Error(`Model '${m.name}': two layers are named '${l.name}'; layer names must be unique to save a model`);
      names.add(l.name);
    }
    return {
      className: 'Functional',
      config: {
        ...m.getConfig(),
        layers,
        inputLayers: m.inputs.map(ref),
        outputLayers: m.outputs.map(ref),
        singleInput: !Array.isArray(m.builtInputShape?.[0]),
        singleOutput: !Array.isArray(m.lastOutputShape?.[0]),
      },
    };
  }
  if (layer instanceof Model) {
    throw new Error(`Model '${layer.name}' is a subclassed model: its topology is code, which files never contain. Save its weights with getWeights(), or make it a registered layer class with getConfig/fromConfig`);
  }
  return { className: layer.className, config: layer.getConfig() };
}

function check(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(`Invalid model topology: ${msg}`);
}

/**
 * Recreates a layer or model from {@link serializeLayer}'s JSON, resolving classes through the
 * registry (`registerLayer`). Never evaluates code.
 *
 * @example
 * ```ts
 * import { dense, deserializeLayer, sequential, serializeLayer } from '@sinew/core';
 * const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(m)))); // same topology, fresh weights
 * ```
 */
export function deserializeLayer(json: LayerJSON): Layer {
  check(json !== null && typeof json === 'object', 'a layer entry is not an object');
  check(typeof json.className === 'string', 'a layer entry has no className');
  check(json.config !== null && typeof json.config === 'object', `layer of class '${json.className}' has no config object`);
  const config = json.config;
  if (json.className === 'Sequential') {
    check(Array.isArray(config.layers), 'Sequential config.layers must be a list');
    const seq = new Sequential({ name: config.name, trainable: config.trainable });
    for (const l of config.layers as LayerJSON[]) seq.add(deserializeLayer(l));
    if (!seq.built && Array.isArray(config.buildInputShape)) seq.buildWith(config.buildInputShape as Shape);
    return seq;
  }
  if (json.className === 'Functional' || json.className === 'Model') {
    check(Array.isArray(config.layers), 'Functional config.layers must be a list');
    const entries = config.layers as GraphLayerJSON[];
    const created = new Map<string, Layer>();
    const outputs = new Map<string, SymbolicTensor[][]>();
    for (const e of entries) {
      check(typeof e.name === 'string', 'a graph layer has no name');
      const l = e.className === 'InputLayer' ? null : deserializeLayer(e);
      if (l !== null) created.set(e.name, l);
    }
    // Replay every call in an order where its inputs exist (the saved order usually is one).
    const pending: { entry: GraphLayerJSON; node: GraphLayerJSON['inboundNodes'][number] }[] = [];
    for (const e of entries) {
      if (e.className === 'InputLayer') {
        const il = InputLayer.fromConfig({ ...e.config, name: e.name });
        created.set(e.name, il);
        outputs.set(e.name, [[il.output]]);
      } else {
        check(Array.isArray(e.inboundNodes), `layer '${e.name}' has no inboundNodes list`);
        for (const n of e.inboundNodes) pending.push({ entry: e, node: n });
      }
    }
    const lookup = (r: TensorRef): SymbolicTensor | undefined => outputs.get(r[0])?.[r[1]]?.[r[2]];
    while (pending.length > 0) {
      const i = pending.findIndex((p) => p.node.inputs.every((r) => lookup(r) !== undefined));
      check(i >= 0, `cannot resolve the inputs of layer '${pending[0]!.entry.name}' (unknown layers or a cycle)`);
      const { entry, node } = pending.splice(i, 1)[0]!;
      const ins = node.inputs.map((r) => lookup(r)!);
      const layer = created.get(entry.name)!;
      const out = layer.apply(node.single ? ins[0]! : ins, node.training === undefined ? {} : { training: node.training });
      const list = outputs.get(entry.name) ?? [];
      list.push((Array.isArray(out) ? out : [out]) as SymbolicTensor[]);
      outputs.set(entry.name, list);
    }
    const resolve = (refs: unknown, what: string): SymbolicTensor[] => {
      check(Array.isArray(refs), `${what} must be a list`);
      return (refs as TensorRef[]).map((r) => {
        const t = lookup(r);
        check(t !== undefined, `${what} refers to unknown tensor ${JSON.stringify(r)}`);
        return t;
      });
    };
    const ins = resolve(config.inputLayers, 'inputLayers');
    const outs = resolve(config.outputLayers, 'outputLayers');
    return new Model({
      name: config.name,
      trainable: config.trainable,
      inputs: config.singleInput === false || ins.length > 1 ? ins : ins[0]!,
      outputs: config.singleOutput === false || outs.length > 1 ? outs : outs[0]!,
    });
  }
  const cls = getLayerClass(json.className);
  return cls.fromConfig(config);
}
