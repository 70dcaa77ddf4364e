import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription } from '@sinew/backend';

/**
 * 'cpu': tfjs-backend-cpu, plain JavaScript. Slow, but the reference every other backend is checked
 * against, and it runs anywhere.
 */
export const cpuBackend: Backend = {
  name: 'cpu',
  priority: 10,
  environments: ['node', 'browser', 'worker'],
  async isSupported() {
    return { available: true };
  },
  async init() {
    // Imported here, not at module top, so that importing this package registers nothing with tfjs.
    await import('@tensorflow/tfjs-backend-cpu');
  },
  describe(): BackendDescription {
    return {
      name: 'cpu',
      device: 'JavaScript (tfjs-backend-cpu reference kernels)',
      floatPrecision: 32,
      software: false,
      memory: { usedBytes: tf.findBackend('cpu') ? tf.memory().numBytes : 0 },
      capabilities: { reference: true, threads: 1 },
    };
  },
};
