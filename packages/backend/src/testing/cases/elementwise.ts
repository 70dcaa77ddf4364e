import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, InputSpec } from '../conformance-case.js';

const x23: InputSpec = { shape: [2, 3] };

function unary(name: string, kernel: string, fn: (x: tf.Tensor) => tf.Tensor, init: InputSpec['init'] = 'uniform'): ConformanceCase {
  return { name, kernels: [kernel], inputs: [{ shape: [3, 4], init }], fn: (x) => fn(x!) };
}

/** Activations and elementwise math (broadcasting binary ops, unary ops), forward and gradient. */
export const elementwiseCases: ConformanceCase[] = [
  unary('activation/relu', 'Relu', tf.relu, 'awayFromZero'),
  unary('activation/relu6', 'Relu6', (x) => tf.relu6(tf.mul(x, 4)), 'awayFromZero'),
  unary('activation/leaky-relu', 'LeakyRelu', (x) => tf.leakyRelu(x, 0.2), 'awayFromZero'),
  unary('activation/elu', 'Elu', tf.elu, 'awayFromZero'),
  unary('activation/selu', 'Selu', tf.selu, 'awayFromZero'),
  unary('activation/sigmoid', 'Sigmoid', tf.sigmoid),
  unary('activation/tanh', 'Tanh', tf.tanh),
  unary('activation/softplus', 'Softplus', tf.softplus),
  {
    name: 'activation/prelu',
    kernels: ['Prelu'],
    inputs: [{ shape: [3, 4], init: 'awayFromZero' }, { shape: [4], init: 'positive' }],
    fn: (x, a) => tf.prelu(x!, tf.mul(a!, 0.1)),
  },
  {
    name: 'activation/hard-sigmoid',
    kernels: ['ClipByValue'],
    inputs: [{ shape: [3, 4], init: 'awayFromZero' }],
    fn: (x) => tf.clipByValue(tf.add(tf.mul(x!, 0.2), 0.5), 0, 1),
  },
  unary('math/exp', 'Exp', tf.exp),
  unary('math/log', 'Log', tf.log, 'positive'),
  unary('math/log1p', 'Log1p', tf.log1p, 'positive'),
  unary('math/sqrt', 'Sqrt', tf.sqrt, 'positive'),
  unary('math/rsqrt', 'Rsqrt', tf.rsqrt, 'positive'),
  unary('math/square', 'Square', tf.square),
  unary('math/reciprocal', 'Reciprocal', tf.reciprocal, 'positive'),
  unary('math/abs', 'Abs', tf.abs, 'awayFromZero'),
  unary('math/neg', 'Neg', tf.neg),
  unary('math/erf', 'Erf', tf.erf),
  unary('math/pow-scalar', 'Pow', (x) => tf.pow(x, tf.scalar(3)), 'uniform'),
  { name: 'math/pow', kernels: ['Pow'], inputs: [{ shape: [2, 3], init: 'positive' }, { shape: [2, 3] }], fn: (a, b) => tf.pow(a!, b!) },
  { name: 'math/add-broadcast', kernels: ['Add'], inputs: [x23, { shape: [3] }], fn: (a, b) => tf.add(a!, b!) },
  { name: 'math/sub-broadcast', kernels: ['Sub'], inputs: [{ shape: [2, 1] }, x23], fn: (a, b) => tf.sub(a!, b!) },
  { name: 'math/mul-broadcast', kernels: ['Multiply'], inputs: [x23, { shape: [1, 3] }], fn: (a, b) => tf.mul(a!, b!) },
  { name: 'math/div-broadcast', kernels: ['RealDiv'], inputs: [x23, { shape: [3], init: 'positive' }], fn: (a, b) => tf.div(a!, b!) },
  { name: 'math/add-n', kernels: ['AddN'], inputs: [x23, x23, x23], fn: (a, b, c) => tf.addN([a!, b!, c!]) },
  {
    // b = a + d with |d| ≥ 0.2: the two never tie, so finite differences see one branch.
    name: 'math/maximum',
    kernels: ['Maximum'],
    inputs: [x23, { shape: [2, 3], init: 'awayFromZero' }],
    fn: (a, d) => tf.maximum(a!, tf.add(a!, d!)),
  },
  { name: 'math/minimum', kernels: ['Minimum'], inputs: [x23, { shape: [2, 3], init: 'awayFromZero' }], fn: (a, d) => tf.minimum(a!, tf.sub(a!, d!)) },
  { name: 'math/squared-difference', kernels: ['SquaredDifference'], inputs: [x23, x23], fn: (a, b) => tf.squaredDifference(a!, b!) },
  {
    name: 'math/where-select',
    kernels: ['Select', 'Greater'],
    inputs: [x23, x23, { shape: [2, 3], init: 'awayFromZero', grad: false }],
    fn: (a, b, c) => tf.where(tf.greater(c!, 0), a!, b!),
  },
  { name: 'reduce/sum-all', kernels: ['Sum'], inputs: [{ shape: [2, 3] }], fn: (x) => tf.sum(x!) },
  { name: 'reduce/sum-axis', kernels: ['Sum'], inputs: [{ shape: [2, 3, 4] }], fn: (x) => tf.sum(x!, 1) },
  { name: 'reduce/mean-keepdims', kernels: ['Mean'], inputs: [{ shape: [2, 3, 4] }], fn: (x) => tf.mean(x!, -1, true) },
  { name: 'reduce/max-axis', kernels: ['Max'], inputs: [{ shape: [3, 4], init: 'distinct' }], fn: (x) => tf.max(x!, 1) },
  { name: 'reduce/min-axis', kernels: ['Min'], inputs: [{ shape: [3, 4], init: 'distinct' }], fn: (x) => tf.min(x!, 0) },
  { name: 'reduce/prod', kernels: ['Prod'], inputs: [{ shape: [3, 4], init: 'positive' }], fn: (x) => tf.prod(x!, 1) },
  { name: 'reduce/cumsum', kernels: ['Cumsum'], inputs: [{ shape: [3, 4] }], fn: (x) => tf.cumsum(x!, 1) },
  { name: 'cast/float-int-float', kernels: ['Cast'], inputs: [{ shape: [2, 3], init: { values: [1.2, -2.7, 3.5, 0.1, 9.9, -0.6] } }], fn: (x) => tf.cast(tf.cast(x!, 'int32'), 'float32'), grad: false },
];
