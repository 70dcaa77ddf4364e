import * as tf from '@tensorflow/tfjs-core';
import { Model, Sequential, dense, flatten, model as functionalModel, predictModel, sequential, type Layer } from '@sinew/core';

/** Options of {@link featureExtractor}. */
export interface FeatureExtractorOptions {
  /** Freeze the extracted layers (default true): their weights leave `trainableVariables`. */
  freeze?: boolean;
}

/**
 * Cuts a trained model at a named layer: a model from the same inputs to that layer's output. The
 * layers are shared with the original (no copy), so freezing freezes them there too, and
 * disposing one model frees the weights of both; dispose only the one you keep using last.
 *
 * Works for Sequential models (the layers up to and including `layerName`) and functional ones
 * (the graph from the inputs to `layerName`'s output).
 *
 * @throws naming the model's layers when `layerName` is not one of them.
 * @example
 * ```ts
 * import { dense, sequential } from '@sinew/core';
 * import { featureExtractor } from '@sinew/vision';
 * const net = sequential({ layers: [dense({ units: 8, activation: 'relu', inputShape: [4], name: 'hidden' }), dense({ units: 3 })] });
 * const features = featureExtractor(net, 'hidden'); // [batch, 4] -> [batch, 8], frozen
 * ```
 */
export function featureExtractor(source: Model, layerName: string, options: FeatureExtractorOptions = {}): Model {
  const target = source.getLayer(layerName);
  let out: Model;
  if (source instanceof Sequential) {
    const layers = source.layers;
    out = sequential({ name: `${source.name}_to_${layerName}`, layers: layers.slice(0, layers.indexOf(target) + 1) });
  } else if (source.isFunctional) {
    const node = source.graphNodes.find((n) => n.layer === target && n.outputs.length > 0);
    if (node === undefined) throw new Error(`featureExtractor: layer '${layerName}' of model '${source.name}' is not called in its graph`);
    out = functionalModel({ name: `${source.name}_to_${layerName}`, inputs: source.inputs.length === 1 ? source.inputs[0]! : source.inputs, outputs: node.outputs.length === 1 ? node.outputs[0]! : node.outputs });
  } else {
    throw new Error(`featureExtractor: model '${source.name}' is subclassed; cut Sequential or functional models, or call its layers yourself`);
  }
  if (options.freeze ?? true) freeze(out);
  return out;
}

/**
 * Freezes a layer or model (and every layer inside it): its weights stop training.
 *
 * @example
 * ```ts
 * import { dense, sequential } from '@sinew/core';
 * import { freeze } from '@sinew/vision';
 * const base = sequential({ layers: [dense({ units: 4, inputShape: [3] })] });
 * freeze(base); // base.trainableVariables is now []
 * ```
 */
export function freeze<T extends Layer>(layer: T): T {
  layer.trainable = false;
  return layer;
}

/**
 * Runs `extractor` in inference mode over `x` in batches and returns the features, flattened to
 * `[n, features]` unless `flatten` is false. The caller owns (disposes) the result.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { sequential } from '@sinew/core';
 * import { conv2d, extractFeatures } from '@sinew/vision';
 * const extractor = sequential({ layers: [conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1] })] });
 * const f = extractFeatures(extractor, tf.zeros([100, 8, 8, 1]), { batchSize: 64 }); // [100, 144]
 * ```
 */
export function extractFeatures(extractor: Layer, x: tf.Tensor, options: { batchSize?: number; flatten?: boolean } = {}): tf.Tensor2D | tf.Tensor {
  const y = predictModel(extractor as never, x, { batchSize: options.batchSize ?? 64 }) as tf.Tensor;
  if (options.flatten === false || y.rank === 2) return y;
  const flat = tf.reshape(y, [y.shape[0]!, -1]);
  y.dispose();
  return flat;
}

/** Options of {@link transferModel}. */
export interface TransferModelOptions {
  /** Classes of the new softmax head. */
  numClasses: number;
  /** Units of an optional hidden ReLU layer in the head (default none). */
  hiddenUnits?: number;
  /** Keep the base frozen (default true). */
  freezeBase?: boolean;
}

/**
 * A new classifier: the model cut at `layerName` (frozen), flattened, then a small trainable head
 * (optional hidden ReLU layer and a softmax of `numClasses`). Compile and fit it on the new classes.
 *
 * @example
 * ```ts
 * import { dense, flatten, sequential } from '@sinew/core';
 * import { conv2d, transferModel } from '@sinew/vision';
 * const trained = sequential({
 *   layers: [conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], name: 'features' }), flatten(), dense({ units: 10 })],
 * });
 * const clf = transferModel(trained, 'features', { numClasses: 5 });
 * clf.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
 * ```
 */
export function transferModel(source: Model, layerName: string, options: TransferModelOptions): Sequential {
  if (!Number.isInteger(options?.numClasses) || options.numClasses < 2) throw new Error(`transferModel: numClasses must be an integer >= 2. Received: numClasses=${options?.numClasses}`);
  const base = featureExtractor(source, layerName, { freeze: options.freezeBase ?? true });
  const head: Layer[] = [flatten()];
  if (options.hiddenUnits !== undefined) head.push(dense({ units: options.hiddenUnits, activation: 'relu' }));
  head.push(dense({ units: options.numClasses, activation: 'softmax' }));
  const clf = sequential({ layers: [base, ...head] });
  // Build the head now, so that its variables exist before fit() looks for them.
  const shape = source.builtInputShape ?? source.inputs[0]?.shape ?? null;
  if (shape !== null && !Array.isArray(shape[0])) clf.buildWith(shape as (number | null)[]);
  return clf;
}
