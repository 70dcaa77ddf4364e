import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { f32, savedAt, single, unbroadcast } from './util.js';
import { unaryFromInput } from './unary.js';

const mask = (b: Tensor): Tensor => tf.cast(b, 'float32');

/** Gradients of the activation kernels. */
export const activationGradients: GradConfig[] = [
  unaryFromInput('Tanh', (x, dy) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x))))),
  unaryFromInput('Sigmoid', (x, dy) => {
    const y = tf.sigmoid(x);
    return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
  }),
  // softplus(x) = ln(1 + eˣ), whose derivative is the logistic sigmoid.
  unaryFromInput('Softplus', (x, dy) => tf.mul(dy, tf.sigmoid(x))),
  unaryFromInput('Relu', (x, dy) => tf.mul(dy, mask(tf.greater(x, 0)))),
  unaryFromInput('Relu6', (x, dy) => tf.mul(dy, mask(tf.logicalAnd(tf.greater(x, 0), tf.less(x, 6))))),
  // elu(x) = x for x > 0, eˣ - 1 otherwise.
  unaryFromInput('Elu', (x, dy) => tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(x)))),
  // selu(x) = λx for x > 0, λα(eˣ - 1) otherwise.
  unaryFromInput('Selu', (x, dy) =>
    tf.mul(
      dy,
      tf.where(
        tf.greater(x, 0),
        tf.fill(x.shape, tf.backend_util.SELU_SCALE),
        tf.mul(tf.backend_util.SELU_SCALEALPHA, tf.exp(x)),
      ),
    ),
  ),
  {
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'LeakyRelu') as [Tensor];
      const alpha = (attrs as { alpha: number }).alpha;
      return {
        x: () => {
          const g = f32(single(dy));
          return tf.where(tf.greater(x, 0), g, tf.mul(g, alpha));
        },
      };
    },
  },
  {
    // prelu(x, α) = x for x > 0, α·x otherwise; α broadcasts against x.
    kernelName: 'Prelu',
    inputsToSave: ['x', 'alpha'],
    gradFunc: (dy, saved) => {
      const [x, alpha] = savedAt(saved, 2, 'Prelu') as [Tensor, Tensor];
      const g = f32(single(dy));
      return {
        x: () => tf.where(tf.greater(x, 0), g, tf.mul(g, alpha)),
        alpha: () => unbroadcast(tf.where(tf.greater(x, 0), tf.zerosLike(g), tf.mul(g, x)), alpha.shape),
      };
    },
  },
  {
    // y = softmax(x): dx = y ⊙ (dy - Σ(dy ⊙ y)) along the softmax axis.
    // Recomputed from the logits, not saved: see unaryFromInput on second-order gradients.
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => {
      const [logits] = savedAt(saved, 1, 'Softmax') as [Tensor];
      const dim = (attrs as { dim: number }).dim;
      return {
        logits: () => {
          const y = tf.softmax(logits, dim);
          const g = f32(single(dy));
          return tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true)));
        },
      };
    },
  },
  {
    // y = log softmax(x): dx = dy - softmax(x) · Σ dy. tfjs 4.22 composes logSoftmax from other kernels;
    // this covers a backend or graph that dispatches the kernel itself.
    kernelName: 'LogSoftmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => {
      const [logits] = savedAt(saved, 1, 'LogSoftmax') as [Tensor];
      const axis = (attrs as { axis: number }).axis;
      return {
        logits: () => {
          const g = f32(single(dy));
          return tf.sub(g, tf.mul(tf.sum(g, axis, true), tf.softmax(logits, axis)));
        },
      };
    },
  },
];
