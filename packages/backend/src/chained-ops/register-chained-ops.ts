/**
 * Tensor methods (`x.reshape(...)`, `x.add(y)`, `x.argMax(-1)`) for every runtime.
 *
 * tfjs-core declares these methods in its types, but installs them from side-effect modules that
 * its Node entry (dist/tf-core.node.js) leaves out: in Node, `x.reshape` is undefined at run time
 * although it typechecks. Sinew installs its own, each a thin call of the public op with the tensor
 * as first argument, wherever a method is still missing, so tfjs's own (in a bundler) stay in place.
 */
import * as tf from '@tensorflow/tfjs-core';
// Types only (erased at run time): tfjs's declarations of the methods, so `x.reshape()` typechecks
// for everyone whose program includes @sinew/backend.
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

type AnyFn = (...args: any[]) => any;
const ops = tf as unknown as Record<string, AnyFn>;

/** Methods that are the op of the same name applied to `this` first. */
const sameNameOps = [
  'abs', 'acos', 'acosh', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'asinh', 'atan', 'atan2', 'atanh',
  'avgPool', 'batchToSpaceND', 'broadcastTo', 'cast', 'ceil', 'clipByValue', 'conv1d', 'conv2d',
  'conv2dTranspose', 'cos', 'cosh', 'cumprod', 'cumsum', 'depthToSpace', 'depthwiseConv2d', 'dilation2d', 'div',
  'divNoNan', 'dot', 'elu', 'equal', 'erf', 'euclideanNorm', 'exp', 'expandDims', 'expm1', 'floor', 'floorDiv',
  'gather', 'greater', 'greaterEqual', 'isFinite', 'isInf', 'isNaN', 'leakyRelu', 'less', 'lessEqual',
  'localResponseNormalization', 'log', 'log1p', 'logSigmoid', 'logSoftmax', 'logSumExp', 'logicalAnd',
  'logicalNot', 'logicalOr', 'logicalXor', 'matMul', 'max', 'maxPool', 'maximum', 'mean', 'min', 'minimum',
  'mirrorPad', 'mod', 'mul', 'neg', 'norm', 'notEqual', 'oneHot', 'onesLike', 'pad', 'pool', 'pow', 'prelu',
  'prod', 'reciprocal', 'relu', 'relu6', 'reshape', 'reverse', 'round', 'rsqrt', 'selu', 'separableConv2d',
  'sigmoid', 'sign', 'sin', 'sinh', 'slice', 'softmax', 'softplus', 'spaceToBatchND', 'split', 'sqrt', 'square',
  'squaredDifference', 'squeeze', 'step', 'stridedSlice', 'sub', 'sum', 'tan', 'tanh', 'tile', 'topk',
  'transpose', 'unique', 'unsortedSegmentSum', 'unstack', 'zerosLike',
] as const;

/** Methods whose meaning is not "the op of the same name on this". */
const specialMethods: Record<string, (this: tf.Tensor, ...args: any[]) => unknown> = {
  asType(dtype: tf.DataType) {
    return tf.cast(this, dtype);
  },
  toFloat() {
    return tf.cast(this, 'float32');
  },
  toInt() {
    return tf.cast(this, 'int32');
  },
  toBool() {
    return tf.cast(this, 'bool');
  },
  asScalar() {
    return tf.reshape(this, []);
  },
  as1D() {
    return tf.reshape(this, [this.size]);
  },
  as2D(rows: number, columns: number) {
    return tf.reshape(this, [rows, columns]);
  },
  as3D(rows: number, columns: number, depth: number) {
    return tf.reshape(this, [rows, columns, depth]);
  },
  as4D(rows: number, columns: number, depth: number, depth2: number) {
    return tf.reshape(this, [rows, columns, depth, depth2]);
  },
  as5D(rows: number, columns: number, depth: number, depth2: number, depth3: number) {
    return tf.reshape(this, [rows, columns, depth, depth2, depth3]);
  },
  flatten() {
    return tf.reshape(this, [this.size]);
  },
  reshapeAs(other: tf.Tensor) {
    return tf.reshape(this, other.shape);
  },
  concat(others: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.concat([this, ...(Array.isArray(others) ? others : [others])], axis);
  },
  stack(others: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.stack([this, ...(Array.isArray(others) ? others : [others])], axis);
  },
  where(condition: tf.Tensor, other: tf.Tensor) {
    return tf.where(condition, this, other);
  },
  batchNorm(mean: tf.Tensor, variance: tf.Tensor, offset?: tf.Tensor, scale?: tf.Tensor, varianceEpsilon?: number) {
    return tf.batchNorm(this, mean, variance, offset, scale, varianceEpsilon);
  },
  resizeBilinear(size: [number, number], alignCorners?: boolean) {
    return tf.image.resizeBilinear(this as tf.Tensor3D, size, alignCorners);
  },
  resizeNearestNeighbor(size: [number, number], alignCorners?: boolean) {
    return tf.image.resizeNearestNeighbor(this as tf.Tensor3D, size, alignCorners);
  },
  fft() {
    return tf.spectral.fft(this);
  },
  ifft() {
    return tf.spectral.ifft(this);
  },
  rfft() {
    return tf.spectral.rfft(this);
  },
  irfft() {
    return tf.spectral.irfft(this);
  },
};

/**
 * Names of the tensor methods Sinew provides where tfjs did not install them.
 *
 * @example
 * ```ts
 * import { chainedMethodNames } from '@sinew/backend';
 * console.log(chainedMethodNames.includes('reshape')); // true
 * ```
 */
export const chainedMethodNames: readonly string[] = [...sameNameOps, ...Object.keys(specialMethods)];

/**
 * Installs every missing tensor method; returns the names it installed. Safe to call repeatedly.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { registerChainedOps } from '@sinew/backend';
 * registerChainedOps(); // importing '@sinew/backend' already did: returns [] then
 * const y = tf.ones([4]).reshape([2, 2]).add(1); // [[2, 2], [2, 2]]
 * ```
 */
export function registerChainedOps(): string[] {
  const proto = tf.Tensor.prototype as unknown as Record<string, AnyFn>;
  const installed: string[] = [];
  const install = (name: string, body: AnyFn) => {
    if (typeof proto[name] === 'function') return;
    proto[name] = function (this: tf.Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return body.apply(this, args);
    };
    installed.push(name);
  };
  for (const name of sameNameOps) {
    const op = ops[name];
    if (typeof op !== 'function') continue;
    install(name, function (this: tf.Tensor, ...args: unknown[]) {
      return op(this, ...args);
    });
  }
  for (const [name, body] of Object.entries(specialMethods)) install(name, body);
  return installed;
}
