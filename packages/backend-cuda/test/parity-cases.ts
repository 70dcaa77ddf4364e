/**
 * Ops that exercise every native CUDA kernel family, each compared with tfjs-backend-cpu by the
 * caller: on the mock driver in src/mock.test.ts, and on a real GPU by scripts/gpu-check.ts.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One parity case: an op run once on 'cpu' and once on 'cuda'. */
export interface ParityCase {
  family: string;
  name: string;
  run: () => tf.Tensor | tf.Tensor[];
}

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** Every parity case, grouped by family (unary, binary, cast, reduce, matmul, shape, conv). */
export function parityCases(): ParityCase[] {
  const cases: ParityCase[] = [];
  const add = (family: string, name: string, run: () => tf.Tensor | tf.Tensor[]) => cases.push({ family, name, run });

  const x = () => tf.tensor([-2.5, -1, -0.3, 0, 0.4, 1, 2.5, 7]);
  const unary = { abs: tf.abs, neg: tf.neg, exp: tf.exp, relu: tf.relu, relu6: tf.relu6, sigmoid: tf.sigmoid, tanh: tf.tanh, softplus: tf.softplus, elu: tf.elu, selu: tf.selu, sin: tf.sin, cos: tf.cos, floor: tf.floor, ceil: tf.ceil, round: tf.round, sign: tf.sign, square: tf.square, atan: tf.atan, expm1: tf.expm1 };
  for (const [n, f] of Object.entries(unary)) add('unary', n, () => f(x()));
  add('unary', 'sqrt', () => tf.sqrt(tf.abs(x())));
  add('unary', 'log', () => tf.log(tf.add(tf.abs(x()), 0.1)));
  add('unary', 'leakyRelu', () => tf.leakyRelu(x(), 0.1));
  add('unary', 'clipByValue', () => tf.clipByValue(x(), -1, 1.5));
  add('unary', 'step', () => tf.step(x(), 0.3));

  const a = () => tf.tensor([[1, -2, 3], [4, 5, -6]]);
  const b = () => tf.tensor([0.5, -1, 2]);
  const c = () => tf.tensor([[2], [-3]]);
  const binary = { add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, maximum: tf.maximum, minimum: tf.minimum, squaredDifference: tf.squaredDifference, equal: tf.equal, less: tf.less, greaterEqual: tf.greaterEqual, atan2: tf.atan2, mod: tf.mod, floorDiv: tf.floorDiv };
  for (const [n, f] of Object.entries(binary)) {
    add('binary', `${n} [2,3]x[3]`, () => f(a(), b()));
    add('binary', `${n} [2,1]x[3]`, () => f(c(), b()));
  }
  add('binary', 'pow', () => tf.pow(tf.abs(a()), b()));
  add('binary', 'add int32 broadcast', () => tf.add(tf.tensor([[1, 2]], [1, 2], 'int32'), tf.tensor([[3], [4]], [2, 1], 'int32')));
  add('binary', 'logicalAnd', () => tf.logicalAnd(tf.tensor([true, false, true], [3], 'bool'), tf.tensor([true, true, false], [3], 'bool')));
  add('binary', 'addN', () => tf.addN([a(), a(), tf.mul(a(), 2)]));
  add('binary', 'prelu', () => tf.prelu(a(), tf.tensor([0.1, 0.2, 0.3])));
  add('binary', 'where [3]', () => tf.where(tf.tensor([true, false, true], [3], 'bool'), a(), tf.neg(a())));
  add('binary', 'where [2,1]', () => tf.where(tf.tensor([[true], [false]], [2, 1], 'bool'), a(), tf.neg(a())));
  add('binary', 'large broadcast', () => tf.mul(tf.tensor(seq(3 * 5 * 7 * 11, (i) => Math.sin(i)), [3, 5, 7, 11]), tf.tensor(seq(7 * 1, (i) => i - 3), [7, 1])));

  add('cast', 'float->int32', () => tf.cast(tf.tensor([1.7, -1.7, 0]), 'int32'));
  add('cast', 'float->bool', () => tf.cast(tf.tensor([1.7, -1.7, 0]), 'bool'));
  add('cast', 'int32->float', () => tf.cast(tf.tensor([1, 0, 3], [3], 'int32'), 'float32'));
  add('cast', 'fill', () => tf.fill([2, 3], 4.5));
  add('cast', 'zerosLike', () => tf.zerosLike(tf.tensor([1, 2])));
  add('cast', 'onesLike int32', () => tf.onesLike(tf.tensor([1, 2], [2], 'int32')));

  const r = () => tf.tensor([[[1, 7, -3, 2], [5, 0, 2, 2]], [[-1, 4, 4, 9], [3, 3, -8, 6]]]);
  for (const axis of [0, 1, 2, [0, 2], [1, 2], undefined]) {
    const tag = JSON.stringify(axis ?? 'all');
    add('reduce', `sum ${tag}`, () => tf.sum(r(), axis as number));
    add('reduce', `mean keepDims ${tag}`, () => tf.mean(r(), axis as number, true));
    add('reduce', `max ${tag}`, () => tf.max(r(), axis as number));
    add('reduce', `min ${tag}`, () => tf.min(r(), axis as number));
    add('reduce', `prod ${tag}`, () => tf.prod(r(), axis as number));
  }
  for (const axis of [0, 1, 2]) {
    add('reduce', `argMax ${axis}`, () => tf.argMax(r(), axis));
    add('reduce', `argMin ${axis}`, () => tf.argMin(r(), axis));
  }
  add('reduce', 'sum int32', () => tf.sum(tf.tensor([1, 2, 3], [3], 'int32')));
  add('reduce', 'all', () => tf.all(tf.tensor([[true, false], [true, true]], [2, 2], 'bool'), 1));
  add('reduce', 'any', () => tf.any(tf.tensor([[true, false], [false, false]], [2, 2], 'bool'), 1));
  add('reduce', 'softmax', () => tf.softmax(r()));
  add('reduce', 'softmax wide rows', () => tf.softmax(tf.tensor(seq(3 * 1000, (i) => Math.sin(i) * 5), [3, 1000])));
  add('reduce', 'sum of 1000', () => tf.sum(tf.range(0, 1000)));
  add('reduce', 'mean over rows of 3000', () => tf.mean(tf.tensor(seq(2 * 3000, (i) => Math.cos(i)), [2, 3000]), 1));

  const ma = () => tf.tensor(seq(6, (i) => i - 2), [2, 3]);
  const mb = () => tf.tensor(seq(12, (i) => (i % 5) - 1.5), [3, 4]);
  add('matmul', 'NN', () => tf.matMul(ma(), mb()));
  add('matmul', 'TN', () => tf.matMul(tf.transpose(ma()), mb(), true, false));
  add('matmul', 'NT', () => tf.matMul(ma(), tf.transpose(mb()), false, true));
  add('matmul', 'TT', () => tf.matMul(tf.transpose(ma()), tf.transpose(mb()), true, true));
  const p = () => tf.tensor(seq(24, (i) => Math.sin(i)), [2, 3, 4]);
  const q = () => tf.tensor(seq(40, (i) => Math.cos(i)), [2, 4, 5]);
  add('matmul', 'batched', () => tf.matMul(p(), q()));
  add('matmul', 'batched, b broadcast', () => tf.matMul(p(), tf.tensor(seq(20, (i) => i / 7), [1, 4, 5])));
  add('matmul', '65x130 x 130x33', () => tf.matMul(tf.tensor(seq(65 * 130, (i) => Math.sin(i * 0.1)), [65, 130]), tf.tensor(seq(130 * 33, (i) => Math.cos(i * 0.2)), [130, 33])));
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    add('matmul', `fused ${activation}`, () => tf.fused.matMul({ a: ma(), b: mb(), bias: tf.tensor([1, -1, 0.5, 2]), activation }));
  }

  const s = () => tf.tensor(seq(24, (i) => i), [2, 3, 4]);
  add('shape', 'transpose 2,0,1', () => tf.transpose(s(), [2, 0, 1]));
  add('shape', 'transpose 1,2,0', () => tf.transpose(s(), [1, 2, 0]));
  add('shape', 'slice', () => tf.slice(s(), [1, 0, 1], [1, 2, 3]));
  add('shape', 'concat axis 1', () => tf.concat([s(), s()], 1));
  add('shape', 'concat axis 2 with empty', () => tf.concat([s(), tf.zeros([2, 3, 1]), s()], 2));
  add('shape', 'pad', () => tf.pad(s(), [[0, 1], [2, 0], [1, 1]], 7));
  add('shape', 'tile', () => tf.tile(s(), [2, 1, 3]));
  add('shape', 'gather axis 1', () => tf.gather(s(), tf.tensor([2, 0, 2], [3], 'int32'), 1));
  add('shape', 'gather 2-D indices', () => tf.gather(s(), tf.tensor([[1, 0]], [1, 2], 'int32'), 0));
  add('shape', 'oneHot int32', () => tf.oneHot(tf.tensor([0, 3, 1], [3], 'int32'), 4));
  add('shape', 'oneHot float32', () => tf.oneHot(tf.tensor([2, 1], [2], 'int32'), 3, 5, -1, 'float32'));
  add('shape', 'unsortedSegmentSum', () => tf.unsortedSegmentSum(tf.tensor([[1, 2], [3, 4], [5, 6]]), tf.tensor([1, 0, 1], [3], 'int32'), 3));
  add('shape', 'expandDims', () => tf.expandDims(s(), 1));
  add('shape', 'stack axis 1', () => tf.stack([s(), tf.neg(s()), s()], 1));
  add('shape', 'stack axis -1', () => tf.stack([s(), s()], -1));
  add('shape', 'unstack axis 2', () => tf.unstack(s(), 2));
  add('shape', 'unstack axis 0', () => tf.unstack(s(), 0));

  const cx = () => tf.tensor(seq(2 * 5 * 6 * 3, (i) => Math.sin(i * 0.7)), [2, 5, 6, 3]) as tf.Tensor4D;
  const cw = () => tf.tensor(seq(3 * 3 * 3 * 4, (i) => Math.cos(i * 0.3)), [3, 3, 3, 4]) as tf.Tensor4D;
  for (const [strides, pad, dil] of [[1, 'same', 1], [2, 'valid', 1], [[2, 1], 'same', 1], [1, 'valid', 2]] as const) {
    add('conv', `conv2d s${strides} ${pad} d${dil}`, () => tf.conv2d(cx(), cw(), strides as [number, number], pad, 'NHWC', dil));
  }
  add('conv', 'conv2d 1x1', () => tf.conv2d(cx(), tf.tensor(seq(6, (i) => i - 2), [1, 1, 3, 2]) as tf.Tensor4D, 1, 'valid'));
  for (const [strides, pad] of [[1, 'same'], [2, 'valid'], [2, 'same']] as const) {
    const outShape = tf.backend_util.computeConv2DInfo([2, 5, 6, 3], [3, 3, 3, 4], strides, 1, pad).outShape;
    const dy = () => tf.tensor(seq(tf.util.sizeFromShape(outShape), (i) => Math.sin(i)), outShape) as tf.Tensor4D;
    add('conv', `conv2dBackpropInput s${strides} ${pad}`, () => tf.conv2dTranspose(dy(), cw(), [2, 5, 6, 3], strides, pad));
    add('conv', `conv2dBackpropFilter s${strides} ${pad}`, () => tf.engine().runKernel('Conv2DBackpropFilter', { x: cx(), dy: dy() }, { strides, pad, dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }) as tf.Tensor);
  }
  for (const [size, strides, pad] of [[2, 2, 'valid'], [3, 1, 'same'], [3, 2, 'same']] as const) {
    add('conv', `maxPool ${size}/${strides} ${pad}`, () => tf.maxPool(cx(), size, strides, pad));
    add('conv', `avgPool ${size}/${strides} ${pad}`, () => tf.avgPool(cx(), size, strides, pad));
    const outShape = tf.backend_util.computePool2DInfo([2, 5, 6, 3], size, strides, 1, pad).outShape;
    const dy = () => tf.tensor(seq(tf.util.sizeFromShape(outShape), (i) => Math.cos(i)), outShape);
    add('conv', `maxPoolGrad ${size}/${strides} ${pad}`, () => tf.engine().runKernel('MaxPoolGrad', { dy: dy(), input: cx(), output: tf.maxPool(cx(), size, strides, pad) }, { filterSize: size, strides, pad }) as tf.Tensor);
    add('conv', `avgPoolGrad ${size}/${strides} ${pad}`, () => tf.engine().runKernel('AvgPoolGrad', { dy: dy(), input: cx() }, { filterSize: size, strides, pad }) as tf.Tensor);
  }
  const dw = () => tf.tensor(seq(3 * 3 * 3 * 2, (i) => Math.sin(i * 0.9)), [3, 3, 3, 2]) as tf.Tensor4D;
  for (const [strides, pad, dil] of [[1, 'same', 1], [2, 'valid', 1], [1, 'same', 2]] as const) {
    add('conv', `depthwiseConv2d s${strides} ${pad} d${dil}`, () => tf.depthwiseConv2d(cx(), dw(), strides, pad, 'NHWC', dil));
  }
  // Backprops at dilation 1 only: tfjs-backend-cpu 4.22 ignores dilations there (the shared conformance
  // suite checks dilated ones against a reference computed another way).
  for (const [strides, pad] of [[1, 'same'], [2, 'valid']] as const) {
    const outShape = tf.backend_util.computeConv2DInfo([2, 5, 6, 3], [3, 3, 3, 2], strides, 1, pad, undefined, true).outShape;
    const dy = () => tf.tensor(seq(tf.util.sizeFromShape(outShape), (i) => Math.cos(i * 0.5)), outShape);
    add('conv', `depthwiseBackpropInput s${strides} ${pad}`, () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: dw() }, { strides, pad, dilations: 1, inputShape: [2, 5, 6, 3] }) as tf.Tensor);
    add('conv', `depthwiseBackpropFilter s${strides} ${pad}`, () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: cx(), dy: dy() }, { strides, pad, dilations: 1, filterShape: [3, 3, 3, 2] }) as tf.Tensor);
  }
  for (const activation of ['linear', 'relu', 'elu'] as const) {
    add('conv', `fused conv2d + bias + ${activation}`, () => tf.fused.conv2d({ x: cx(), filter: cw(), strides: 1, pad: 'same', bias: tf.tensor([0.5, -1, 0, 2]), activation }));
  }
  const mean = () => tf.tensor([0.1, -0.2, 0.3]);
  const variance = () => tf.tensor([1, 0.5, 2]);
  add('unary', 'batchNorm x, mean, var', () => tf.batchNorm(cx(), mean(), variance()));
  add('unary', 'batchNorm with offset and scale', () => tf.batchNorm(cx(), mean(), variance(), tf.tensor([1, 2, 3]), tf.tensor([0.5, 1, -1]), 0.01));
  return cases;
}

/** Runs `c` on the active backend and returns plain values (inside tidy). */
export function evaluate(c: ParityCase): Array<{ shape: number[]; dtype: string; values: number[] }> {
  return tf.tidy(() => [c.run()].flat().map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as Float32Array) })));
}
