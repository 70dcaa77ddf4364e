import type * as tf from '@tensorflow/tfjs-core';
import { getActivation, type ActivationIdentifier } from '../activations/get-activation.js';
import type { ActivationFn } from '../activations/activations.js';
import { Layer, singleInput, type LayerArgs, type Tensors } from '../engine/layer.js';
import { activationConfig } from './dense.js';

/** Arguments of {@link Activation}. */
export interface ActivationArgs extends LayerArgs {
  activation: ActivationIdentifier | ActivationFn;
}

/**
 * Applies an activation function; the output has the input's shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { activation } from '@sinew/core';
 * const y = activation({ activation: 'relu' }).apply(tf.tensor2d([[-1, 2]])); // [[0, 2]]
 * ```
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  readonly activation: ActivationFn;
  constructor(args: ActivationArgs) {
    super(args);
    if (args?.activation === undefined) throw new Error('Activation: activation is required. Received: activation=undefined');
    this.activation = getActivation(args.activation);
  }
  call(inputs: Tensors): tf.Tensor {
    return this.activation(singleInput(this, inputs));
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), activation: activationConfig(this.label, this.activation) };
  }
}

/** Creates an {@link Activation} layer. @example `activation({ activation: 'tanh' })` */
export function activation(args: ActivationArgs): Activation {
  return new Activation(args);
}
