export { webgpuBackend, getWebGPUState, type WebGPUState } from './webgpu-backend.js';
export { describeAdapter, formatAdapter, type AdapterDescription, type AdapterInfoLike } from './adapter-description.js';
export { requestWebGPUDevice, requestedLimits, type WebGPUDeviceSetup, type RequestDeviceOptions } from './request-device.js';
