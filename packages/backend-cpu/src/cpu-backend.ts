import * as tf from '@tensorflow/tfjs-core';
import type { Backend, BackendDescription } from '@sinew/backend';

let quietFactoryInstalled = false;

/**
 * 'cpu': tfjs-backend-cpu, plain JavaScript. Slow, but the reference every other backend is checked
 * against, and it runs anywhere.
 *
 * @example
 * ```ts
 * import { cpuBackend } from '@sinew/backend-cpu';
 * console.log(await cpuBackend.isSupported()); // { available: true }
 * await cpuBackend.init();
 * console.log(cpuBackend.describe().device);
 * ```
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
    const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
    if (!quietFactoryInstalled && tf.engine().registryFactory['cpu'] && !tf.engine().registry['cpu']) {
      // tfjs-backend-cpu greets its first write in Node with advice to install tfjs-node, which is not
      // the advice for Sinew users (`sinew doctor` lists the faster backends). Same backend, no greeting.
      tf.removeBackend('cpu');
      tf.registerBackend('cpu', () => Object.assign(new MathBackendCPU(), { firstUse: false }), 1);
      quietFactoryInstalled = true;
    }
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
