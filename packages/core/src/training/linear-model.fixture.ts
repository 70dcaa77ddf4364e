import * as tf from '@tensorflow/tfjs-core';
import type { FitTarget } from './fit-target.js';
import type { Tensors } from './trainable.js';

/**
 * A hand-written linear model `y = x W + b` implementing FitTarget: tests the training loop
 * without the engine, and shows that custom models only need the contract.
 */
export class LinearModel implements FitTarget {
  readonly name = 'linear';
  stopTraining = false;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  l2 = 0;
  constraintCalls = 0;
  saved: string[] = [];

  constructor(kernel: number[][], bias: number[]) {
    const k = tf.tensor2d(kernel);
    const b = tf.tensor1d(bias);
    this.kernel = tf.variable(k, true);
    this.bias = tf.variable(b, true);
    tf.dispose([k, b]);
  }
  apply(inputs: Tensors): Tensors {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.add(tf.matMul(x as tf.Tensor2D, this.kernel), this.bias);
  }
  get trainableVariables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }
  regularizationLoss(): tf.Scalar | null {
    return this.l2 > 0 ? (tf.mul(this.l2, tf.sum(tf.square(this.kernel))) as tf.Scalar) : null;
  }
  applyConstraints(): void {
    this.constraintCalls++;
  }
  getWeights(): tf.Tensor[] {
    return [this.kernel.clone(), this.bias.clone()];
  }
  setWeights(w: tf.Tensor[]): void {
    this.kernel.assign(w[0] as tf.Tensor);
    this.bias.assign(w[1] as tf.Tensor);
  }
  async save(destination: string): Promise<unknown> {
    this.saved.push(destination);
    return { destination };
  }
  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
  }
}
