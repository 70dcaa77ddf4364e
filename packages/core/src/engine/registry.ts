import type { Layer, LayerClass } from './layer.js';
import { Dense } from '../layers/dense.js';
import { Activation } from '../layers/activation.js';
import { Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D } from '../layers/dropout.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from '../layers/noise.js';
import { Flatten, Identity, Permute, RepeatVector, Reshape } from '../layers/reshaping.js';
import { BatchNormalization } from '../layers/batch-normalization.js';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract } from '../layers/merge.js';
import { Lambda } from '../layers/lambda.js';
import { ActivityRegularization } from '../layers/activity-regularization.js';
import { InputLayer } from './input-layer.js';

const custom = new Map<string, LayerClass>();

// A function, not a constant: the layer modules import the engine, so the classes are only
// guaranteed to exist once everything has loaded.
function builtins(): LayerClass[] {
  return [
    Dense, Activation, Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, AlphaDropout, GaussianDropout,
    GaussianNoise, Flatten, Identity, Permute, RepeatVector, Reshape, BatchNormalization, LayerNormalization, Add,
    Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract, Lambda, ActivityRegularization, InputLayer,
  ] as unknown as LayerClass[];
}

/**
 * Makes a custom layer class loadable: saved files name layers by `className`, and loading finds
 * the class here (no code is ever read from a file).
 *
 * @example
 * ```ts
 * class MyLayer extends Layer { static override readonly className = 'MyLayer'; ... }
 * registerLayer(MyLayer);
 * ```
 */
export function registerLayer(cls: LayerClass & (abstract new (...args: any[]) => Layer)): void {
  const name = cls.className;
  if (typeof name !== 'string' || name === 'Layer' || name.length === 0) {
    throw new Error(`registerLayer: the class must declare its own static className (got '${String(name)}')`);
  }
  const builtin = builtins().find((c) => c.className === name);
  if (builtin !== undefined && builtin !== (cls as unknown)) throw new Error(`registerLayer: '${name}' is a built-in layer name; choose another className`);
  custom.set(name, cls);
}

/**
 * The layer class registered under `className` (built-ins, then `registerLayer`ed classes).
 *
 * @throws naming the unknown class and how to register it.
 * @example
 * ```ts
 * import { getLayerClass } from '@sinew/core';
 * const DenseClass = getLayerClass('Dense');
 * ```
 */
export function getLayerClass(className: string): LayerClass {
  const found = builtins().find((c) => c.className === className) ?? custom.get(className);
  if (found === undefined) {
    throw new Error(`Unknown layer class '${className}': register custom layers with registerLayer(cls) before loading`);
  }
  return found;
}
