import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkCase } from './check-case.js';
import type { ConformanceCase } from './conformance-case.js';
import { prepareCase } from './run-case.js';

const check = (c: ConformanceCase) => checkCase(prepareCase(c), { backend: 'cpu', reference: 'cpu' });

describe('checkCase', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('passes a correct case', async () => {
    const c: ConformanceCase = { name: 'ok/matmul', kernels: ['BatchMatMul'], inputs: [{ shape: [2, 3] }, { shape: [3, 2] }], fn: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) };
    expect(await check(c)).toEqual([]);
  });

  test('catches a wrong gradient by finite differences', async () => {
    // d(x²)/dx is 2x; this gradient says x.
    const halfGradSquare = tf.customGrad(((x: tf.Tensor) => ({ value: tf.square(x), gradFunc: (dy: tf.Tensor) => tf.mul(dy, x) })) as unknown as Parameters<typeof tf.customGrad>[0]);
    const c: ConformanceCase = { name: 'bad/half-gradient', kernels: ['Square'], inputs: [{ shape: [4] }], fn: (x) => halfGradSquare(x!) as tf.Tensor };
    const failures = await check(c);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/gradient of input 0 vs finite differences/);
  });

  test('catches a leaked tensor', async () => {
    let kept: tf.Tensor | undefined;
    const c: ConformanceCase = {
      name: 'bad/leak',
      kernels: ['Relu'],
      inputs: [{ shape: [3], init: 'awayFromZero' }],
      fn: (x) => {
        kept ??= tf.keep(tf.ones([2]));
        return tf.relu(x!);
      },
      grad: false,
    };
    await expect(check(c)).rejects.toThrow(/leaked 1 tensor/);
    kept?.dispose();
  });

  test('catches a declared kernel that never runs', async () => {
    const c: ConformanceCase = { name: 'bad/kernels', kernels: ['Conv2D'], inputs: [{ shape: [3] }], fn: (x) => tf.exp(x!), grad: false };
    expect((await check(c))[0]).toMatch(/declared kernel\(s\) Conv2D did not run on 'cpu' \(ran: Exp\)/);
  });
});
