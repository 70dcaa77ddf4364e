import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { preflight, setBackend } from '@sinew/backend';
import { makeConvNet } from '../../test/conv-net.js';
import '../register.js';
import { registerTrainingKernels, unregisterTrainingKernels, WASM_TRAINING_KERNELS } from './register-training-kernels.js';

describe('training kernels for wasm', () => {
  beforeAll(async () => {
    // preflight runs the step on its reference backend, 'cpu', which must be started too.
    await setBackend('cpu');
  });
  afterAll(() => {
    registerTrainingKernels('wasm');
  });

  test('init registers every one, and registering again adds nothing', async () => {
    await setBackend('wasm');
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
    expect(registerTrainingKernels('wasm')).toEqual([]);
  });

  test('preflight names Conv2DBackpropFilter missing on bare tfjs-backend-wasm, and nothing on ours', async () => {
    await setBackend('wasm');
    const net = makeConvNet();
    const step = () => tf.variableGrads(net.loss, net.variables);
    try {
      unregisterTrainingKernels(WASM_TRAINING_KERNELS, 'wasm');
      expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
      // tfjs's own (wrong) MaxPoolGrad is back where we had replaced it.
      expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBeDefined();
      const bare = await preflight(step, 'wasm');
      expect(bare.missingKernels).toContain('Conv2DBackpropFilter');

      expect([...registerTrainingKernels('wasm')].sort()).toEqual([...WASM_TRAINING_KERNELS].sort());
      const ours = await preflight(step, 'wasm');
      expect(ours.missingKernels).toEqual([]);
    } finally {
      registerTrainingKernels('wasm');
      net.dispose();
    }
  });

  test('a bare tfjs-backend-wasm cannot run the conv net step; ours can', async () => {
    await setBackend('wasm');
    const net = makeConvNet();
    const step = () => tf.dispose(tf.variableGrads(net.loss, net.variables).grads);
    try {
      unregisterTrainingKernels(['Conv2DBackpropFilter'], 'wasm');
      expect(step).toThrow(/Conv2DBackpropFilter/);
      registerTrainingKernels('wasm');
      expect(step).not.toThrow();
    } finally {
      registerTrainingKernels('wasm');
      net.dispose();
    }
  });
});
