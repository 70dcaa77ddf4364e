// The conformance table of '@sinew/backend/testing' on 'webgpu', against 'cpu' and finite differences.
//
// It runs through test/support/async-conformance.ts, not the shared runConformanceSuite: the shared
// runner reads results with dataSync(), and WebGPU has no blocking readback (in Node, tfjs-backend-webgpu's
// synchronous path cannot work at all). Once the shared runner awaits data(), replace the call below with
// runConformanceSuite({ backend: 'webgpu', reference: 'cpu', skip: {}, finiteDifferenceSamples: 2 }).
import * as tf from '@tensorflow/tfjs-core';
import { listBackends } from '@sinew/backend';
import { describe, test } from 'vitest';
import '@sinew/backend-cpu/register';
import './register.js';
import { webgpuBackend } from './index.js';
import { runAsyncConformanceSuite } from '../test/support/async-conformance.js';

const row = (await listBackends()).find((r) => r.name === 'webgpu');

if (row?.available) {
  await webgpuBackend.init();
  // tfjs-backend-webgpu runs ops whose inputs are tiny and still on the CPU with tfjs-backend-cpu's
  // kernels (a speed heuristic); off here, so that every case exercises the WGSL kernels themselves.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  // No skips: every case passes. Two finite-difference coordinates per input instead of six keep the run
  // near a minute on SwiftShader; every gradient is also compared element by element with 'cpu'.
  runAsyncConformanceSuite({ backend: 'webgpu', reference: 'cpu', skip: {}, fdSamples: 2 });
} else {
  describe('conformance: webgpu', () => {
    test.skip(`skipped: webgpu is unavailable here: ${row?.reason}`, () => {});
  });
}
