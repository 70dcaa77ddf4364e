// The shared conformance suite from @sinew/backend/testing, run on 'cuda' over the mock driver: the
// native kernels' JS references (the same index math as their CUDA sources) and the plumbing around
// them are compared with tfjs-backend-cpu, and gradients with finite differences. On a GPU machine,
// scripts/gpu-check.sh runs this same suite over the real driver (SINEW_CUDA_REAL=1).
import '@sinew/backend-cpu/register';
import { registerBackend } from '@sinew/backend';
import { runConformanceSuite } from '@sinew/backend/testing';
import { createCudaBackend } from './cuda-descriptor.node.js';
import { createMockLibraries } from './driver/mock-driver.js';

const real = process.env.SINEW_CUDA_REAL === '1';
registerBackend(real ? createCudaBackend() : createCudaBackend({ loadLibraries: async () => createMockLibraries() }));

runConformanceSuite({ backend: 'cuda', skip: {} });
