import { afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';

/** Runs the calling test file on backend `name` (e.g. 'wasm'), restoring the previous backend afterwards. */
export function useBackend(name: string): void {
  let prior = '';
  beforeAll(async () => {
    prior = tf.getBackend();
    await setBackend(name);
  });
  afterAll(async () => {
    if (prior) await setBackend(prior);
  });
}
