import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, type LayerArgs, type Tensors } from '../engine/layer.js';
import { L1L2 } from '../regularizers/regularizer.js';

/**
 * Identity on its input that adds `l1·sum|x| + l2·sum x²` of its output to the training loss
 * (through `regularizationLoss()`).
 *
 * @example
 * ```ts
 * activityRegularization({ l1: 1e-4 });
 * ```
 */
export class ActivityRegularization extends Layer {
  static override readonly className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;
  constructor(args: Omit<LayerArgs, 'activityRegularizer'> & { l1?: number; l2?: number } = {}) {
    super({ ...args, activityRegularizer: new L1L2({ l1: args.l1 ?? 0, l2: args.l2 ?? 0 }) });
    this.l1 = args.l1 ?? 0;
    this.l2 = args.l2 ?? 0;
  }
  call(inputs: Tensors): tf.Tensor {
    return tf.clone(singleInput(this, inputs));
  }
  override getConfig(): Record<string, any> {
    const c = super.getConfig();
    delete c.activityRegularizer;
    return { ...c, l1: this.l1, l2: this.l2 };
  }
}

/** Creates an {@link ActivityRegularization}. @example `activityRegularization({ l2: 1e-3 })` */
export const activityRegularization = (args: Omit<LayerArgs, 'activityRegularizer'> & { l1?: number; l2?: number } = {}): ActivityRegularization =>
  new ActivityRegularization(args);
