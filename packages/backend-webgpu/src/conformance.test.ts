// The conformance table of '@sinew/backend/testing' on 'webgpu', against 'cpu' and finite differences.
// The shared runner awaits every read, which WebGPU needs (it has no blocking readback in Node).
import * as tf from '@tensorflow/tfjs-core';
import { listBackends } from '@sinew/backend';
import { describe, test } from 'vitest';
import '@sinew/backend-cpu/register';
import './register.js';
import { webgpuBackend } from './index.js';
import { runConformanceSuite } from '@sinew/backend/testing';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

if (row?.available) {
  await webgpuBackend.init();
  // tfjs-backend-webgpu runs ops whose inputs are tiny and still on the CPU with tfjs-backend-cpu's
  // kernels (a speed heuristic); off here, so that every case exercises the WGSL kernels themselves.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  // No skips: every case passes. Two finite-difference coordinates per input instead of six keep the run
  // near a minute on SwiftShader; every gradient is also compared element by element with 'cpu'.
  runConformanceSuite({ backend: 'webgpu', reference: 'cpu', skip: {}, finiteDifferenceSamples: 2 });
} else {
  describe('conformance: webgpu', () => {
    test.skip(`skipped: webgpu is unavailable here: ${row?.reason}`, () => {});
  });
}
