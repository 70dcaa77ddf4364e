import { existsSync, readFileSync } from 'node:fs';
import { sinewVitestConfig } from '../../tooling/vitest.shared.js';

// WebGPU in Node runs on dawn.node over Vulkan. On machines without a GPU the tests use SwiftShader
// from Debian's chromium package (.ci/run installs it). Test workers are forked after this file runs,
// so what is set here reaches dawn.node's loader there.
const chromium = '/usr/lib/chromium';
if (process.env.VK_ICD_FILENAMES == null && existsSync(`${chromium}/vk_swiftshader_icd.json`)) {
  process.env.VK_ICD_FILENAMES = `${chromium}/vk_swiftshader_icd.json`;
}
function systemHasVulkanLoader(): boolean {
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}
if (process.platform === 'linux' && !systemHasVulkanLoader() && existsSync(`${chromium}/libvulkan.so.1`)) {
  // Without Debian's libvulkan1, chromium's own copy of the Vulkan loader serves.
  process.env.LD_LIBRARY_PATH = [chromium, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}

export default sinewVitestConfig({ testTimeout: 120_000 });
