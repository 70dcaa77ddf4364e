import * as tf from '@tensorflow/tfjs-core';

/** An activation: an elementwise (or, for softmax, per-axis) differentiable function of a tensor. */
export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Identity: `linear(x) = x`. @example `activations.linear(tf.tensor([1, -1]))` */
export function linear(x: tf.Tensor): tf.Tensor {
  return tf.clone(x);
}

/**
 * Rectified linear unit `max(x, 0)`; with options, Keras's `relu(x, negative_slope, max_value, threshold)`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { activations } from '@sinew/core';
 * activations.relu(tf.tensor([-1, 2])).print(); // [0, 2]
 * ```
 */
export function relu(
  x: tf.Tensor,
  { negativeSlope = 0, maxValue, threshold = 0 }: { negativeSlope?: number; maxValue?: number; threshold?: number } = {},
): tf.Tensor {
  if (negativeSlope === 0 && maxValue === undefined && threshold === 0) return tf.relu(x);
  return tf.tidy(() => {
    let y: tf.Tensor = threshold === 0 ? tf.relu(x) : tf.where(tf.greaterEqual(x, threshold), x, tf.zerosLike(x));
    if (maxValue !== undefined) y = tf.minimum(y, maxValue);
    if (negativeSlope !== 0) {
      y = tf.add(y, tf.mul(negativeSlope, tf.where(tf.less(x, threshold), tf.sub(x, threshold), tf.zerosLike(x))));
    }
    return y;
  });
}

/** `min(max(x, 0), 6)`. @example `activations.relu6(tf.tensor([-1, 7]))` */
export function relu6(x: tf.Tensor): tf.Tensor {
  return tf.relu6(x);
}

/** Leaky ReLU `x < 0 ? alpha * x : x`, alpha 0.2 by default as in Keras 3. @example `activations.leakyRelu(x, 0.1)` */
export function leakyRelu(x: tf.Tensor, alpha = 0.2): tf.Tensor {
  return tf.leakyRelu(x, alpha);
}

/** Exponential linear unit `x > 0 ? x : alpha * (exp(x) - 1)`. @example `activations.elu(tf.tensor([-1, 1]))` */
export function elu(x: tf.Tensor, alpha = 1): tf.Tensor {
  if (alpha === 1) return tf.elu(x);
  return tf.tidy(() => tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1))));
}

/** Scaled ELU with the constants of Klambauer et al. (2017). @example `activations.selu(tf.tensor([-1, 1]))` */
export function selu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() =>
    tf.mul(SELU_SCALE, tf.where(tf.greater(x, 0), x, tf.mul(SELU_ALPHA, tf.sub(tf.exp(tf.minimum(x, 0)), 1)))),
  );
}

/**
 * Gaussian error linear unit. Exact `x * Φ(x) = 0.5x(1 + erf(x/√2))` by default; with
 * `approximate: true`, the tanh form `0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))` (Keras's default).
 *
 * @example
 * ```ts
 * activations.gelu(tf.tensor([0.5]), { approximate: true });
 * ```
 */
export function gelu(x: tf.Tensor, { approximate = false }: { approximate?: boolean } = {}): tf.Tensor {
  return tf.tidy(() => {
    if (approximate) {
      const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
    }
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
  });
}

/** Logistic sigmoid `1 / (1 + exp(-x))`. @example `activations.sigmoid(tf.tensor([0]))` */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.sigmoid(x);
}

/**
 * Piecewise-linear sigmoid. Keras 3's formula `clip(x / 6 + 0.5, 0, 1)` by default; `variant: 'tfjs'`
 * gives tfjs-layers' and Keras 2's `clip(0.2x + 0.5, 0, 1)` (the default recurrent activation in tfjs).
 *
 * @example
 * ```ts
 * activations.hardSigmoid(tf.tensor([1]));                    // 0.6667
 * activations.hardSigmoid(tf.tensor([1]), { variant: 'tfjs' }); // 0.7
 * ```
 */
export function hardSigmoid(x: tf.Tensor, { variant = 'keras3' }: { variant?: 'keras3' | 'tfjs' } = {}): tf.Tensor {
  return tf.tidy(() =>
    variant === 'tfjs'
      ? tf.clipByValue(tf.add(tf.mul(0.2, x), 0.5), 0, 1)
      : tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1),
  );
}

/** Hyperbolic tangent. @example `activations.tanh(tf.tensor([0.5]))` */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.tanh(x);
}

/**
 * Softmax along `axis` (default the last).
 *
 * @example
 * ```ts
 * activations.softmax(tf.tensor2d([[1, 2, 3]])).print();
 * ```
 */
export function softmax(x: tf.Tensor, axis = -1): tf.Tensor {
  const rank = x.rank;
  const ax = axis < 0 ? axis + rank : axis;
  if (ax === rank - 1) return tf.softmax(x);
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, ax, true));
    const e = tf.exp(shifted);
    return tf.div(e, tf.sum(e, ax, true));
  });
}

/** Log-softmax along `axis` (default the last), computed stably. @example `activations.logSoftmax(logits)` */
export function logSoftmax(x: tf.Tensor, axis = -1): tf.Tensor {
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, axis, true));
    return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
  });
}

/** `log(1 + exp(x))`, stable for large |x|. @example `activations.softplus(tf.tensor([100]))` */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.softplus(x);
}

/** `x / (1 + |x|)`. @example `activations.softsign(tf.tensor([3]))` */
export function softsign(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(x, tf.add(1, tf.abs(x))));
}

/** Swish / SiLU `x * sigmoid(x)`. @example `activations.swish(tf.tensor([1]))` */
export function swish(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** Alias of {@link swish} (PyTorch's name). @example `activations.silu(tf.tensor([1]))` */
export const silu = swish;

/** Mish `x * tanh(softplus(x))` (Misra, 2019). @example `activations.mish(tf.tensor([1]))` */
export function mish(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));
}

/** Exponential `exp(x)`. @example `activations.exponential(tf.tensor([1]))` */
export function exponential(x: tf.Tensor): tf.Tensor {
  return tf.exp(x);
}

/**
 * Binary threshold unit (Heaviside step): 1 where `x >= threshold` (default 0), else 0. Its gradient is
 * zero almost everywhere, so it suits hand-built perceptrons and logic networks rather than
 * gradient training.
 *
 * @example
 * ```ts
 * activations.step(tf.tensor([-0.5, 0, 2])).print(); // [0, 1, 1]
 * ```
 */
export function step(x: tf.Tensor, threshold = 0): tf.Tensor {
  return tf.tidy(() => {
    // customGrad with a zero gradient: a comparison op has no registered gradient in tfjs.
    const f = tf.customGrad(((t: tf.Tensor) => {
      return { value: tf.cast(tf.greaterEqual(t, threshold), 'float32'), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
    }) as any);
    return f(x);
  });
}
