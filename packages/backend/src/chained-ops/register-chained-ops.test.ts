import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { chainedMethodNames, registerChainedOps } from '../index.js';

describe('tensor methods', () => {
  test('a plain Node process importing only tfjs-core has no tensor methods (the trap this fixes)', () => {
    const out = execFileSync(process.execPath, ['-e', "const tf=require('@tensorflow/tfjs-core');console.log(typeof tf.Tensor.prototype.reshape)"], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('undefined');
  });

  test('after importing @sinew/backend every method exists and matches its op', async () => {
    await tf.setBackend('cpu');
    const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
    for (const name of chainedMethodNames) expect(typeof proto[name], name).toBe('function');
    const x = tf.tensor2d([[1, -2, 3], [4, 5, -6]]);
    expect(x.reshape([3, 2]).shape).toEqual([3, 2]);
    expect(Array.from(x.argMax(-1).dataSync())).toEqual([2, 1]);
    expect(Array.from(x.abs().sum().dataSync())).toEqual([21]);
    expect(Array.from(x.add(1).dataSync())).toEqual([2, -1, 4, 5, 6, -5]);
    expect(x.concat(x, 0).shape).toEqual([4, 3]);
    expect(x.stack(x).shape).toEqual([2, 2, 3]);
    expect(x.asType('int32').dtype).toBe('int32');
    expect(x.flatten().shape).toEqual([6]);
    expect(Array.from(x.where(x.greater(0), tf.zerosLike(x)).dataSync())).toEqual([1, 0, 3, 4, 5, 0]);
    tf.disposeVariables();
  });

  test('registering again installs nothing and keeps existing methods', () => {
    const before = (tf.Tensor.prototype as unknown as Record<string, unknown>)['reshape'];
    expect(registerChainedOps()).toEqual([]);
    expect((tf.Tensor.prototype as unknown as Record<string, unknown>)['reshape']).toBe(before);
  });

  test('a disposed tensor says so instead of computing', () => {
    const x = tf.tensor1d([1, 2]);
    x.dispose();
    expect(() => x.add(1)).toThrow(/disposed/);
  });
});
