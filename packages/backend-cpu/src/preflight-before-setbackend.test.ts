// Its own file, so its process has started no backend: preflight must start what it needs itself.
import { expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { preflight } from '@sinew/backend';
import './register.js';

test('preflight works before any setBackend, starting the Sinew backends it compares', async () => {
  expect(tf.findBackendFactory('wasm')).toBeNull();
  const report = await preflight(() => {
    const x = tf.randomNormal<tf.Rank.R4>([2, 6, 6, 1]);
    const w = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 1, 2]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.conv2d(x, w, 1, 'same')), [w]);
    tf.dispose(grads);
  }, 'wasm');
  expect(report.kernelsUsed).toContain('Conv2DBackpropFilter');
  expect(report.missingKernels).toEqual([]);
  expect(report.ok).toBe(true);
});
