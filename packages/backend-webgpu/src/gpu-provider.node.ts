/**
 * `navigator.gpu` for Node, from dawn.node (the optional npm package `webgpu`). It installs the WebGPU
 * globals tfjs-backend-webgpu reads (`navigator.gpu`, `GPUBufferUsage`, `GPUMapMode`, ...) and, when
 * no adapter appears, inspects the Vulkan setup to say what is missing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GpuAcquisition } from './gpu-provider.js';

export type { GpuAcquisition } from './gpu-provider.js';

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let installed: { gpu: GPU; addedNavigator: boolean } | null = null;
let pending: Promise<GpuAcquisition> | null = null;

/**
 * Loads dawn.node, creates one `GPU` instance per process and installs it as `navigator.gpu`
 * (tfjs-backend-webgpu reads that global). Never throws: a missing package or binary is a reason.
 *
 * @example
 * ```ts
 * const found = await acquireGpu();
 * console.log(found.gpu ? 'dawn.node loaded' : found.reason);
 * ```
 */
export function acquireGpu(): Promise<GpuAcquisition> {
  if (installed) return Promise.resolve({ gpu: installed.gpu, runtime: 'dawn.node' });
  pending ??= load().finally(() => {
    pending = null;
  });
  return pending;
}

async function load(): Promise<GpuAcquisition> {
  let dawn: DawnModule;
  try {
    // A variable specifier keeps bundlers from following it; the package is optional.
    const specifier = 'webgpu';
    dawn = (await import(specifier)) as DawnModule;
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/Cannot find (package|module) 'webgpu'/.test(message)) {
      return {
        gpu: null,
        reason: "dawn.node is not installed: WebGPU in Node needs the optional package 'webgpu' (npm install webgpu)",
      };
    }
    return { gpu: null, reason: `dawn.node (package 'webgpu') failed to load on ${process.platform}-${process.arch}: ${message}` };
  }
  let gpu: GPU;
  try {
    gpu = dawn.create([]);
  } catch (err) {
    return { gpu: null, reason: `dawn.node could not create a WebGPU instance: ${(err as Error).message}` };
  }
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in g)) g[name] = value;
  }
  let addedNavigator = false;
  const nav = g.navigator as Record<string, unknown> | undefined;
  if (nav == null) {
    Object.defineProperty(g, 'navigator', { value: { gpu }, configurable: true, writable: true });
    addedNavigator = true;
  } else {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
  }
  installed = { gpu, addedNavigator };
  return { gpu, runtime: 'dawn.node' };
}

/**
 * Removes the `navigator.gpu` this module installed and drops the dawn.node instance, so that the
 * process can exit once the device is destroyed. The next `acquireGpu` creates a fresh instance.
 */
export function releaseGpu(): void {
  if (!installed) return;
  const g = globalThis as Record<string, unknown>;
  if (installed.addedNavigator) {
    delete g.navigator;
  } else {
    delete (g.navigator as Record<string, unknown> | undefined)?.gpu;
  }
  installed = null;
}

const loaderDirs = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];
const icdDirs = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

function hasVulkanLoader(): boolean {
  const fromEnv = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  if ([...fromEnv, ...loaderDirs].some((dir) => existsSync(join(dir, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

function listIcds(): string[] {
  const out: string[] = [];
  for (const dir of icdDirs) {
    try {
      out.push(...readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f)));
    } catch {
      // an absent directory is the common case
    }
  }
  return out;
}

const swiftshaderHint = "for software rendering install Debian's chromium package and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json";

/**
 * Why dawn.node found no adapter: on Linux, the Vulkan loader or driver (ICD) that is missing.
 *
 * @example
 * ```ts
 * console.log(await explainNoAdapter()); // e.g. "no Vulkan driver (ICD) ... set VK_ICD_FILENAMES=..."
 * ```
 */
export async function explainNoAdapter(): Promise<string> {
  const prefix = 'dawn.node found no WebGPU adapter';
  if (process.platform !== 'linux') {
    return `${prefix} on ${process.platform}: check the GPU driver (${process.platform === 'darwin' ? 'Metal' : 'Direct3D 12'})`;
  }
  if (!hasVulkanLoader()) {
    const chromiumLoader = existsSync('/usr/lib/chromium/libvulkan.so.1')
      ? ', or start Node with LD_LIBRARY_PATH=/usr/lib/chromium (chromium ships one)'
      : '';
    return `${prefix}: the Vulkan loader libvulkan.so.1 is missing: install it (Debian/Ubuntu: apt-get install libvulkan1)${chromiumLoader}`;
  }
  const icdVar = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES;
  if (icdVar) {
    const missing = icdVar.split(':').filter((p) => p && !existsSync(p));
    if (missing.length > 0) {
      return `${prefix}: no Vulkan ICD: VK_ICD_FILENAMES names a missing file (${missing.join(', ')}); ${swiftshaderHint}`;
    }
    return `${prefix}: the Vulkan ICD in VK_ICD_FILENAMES (${icdVar}) offered no usable device`;
  }
  if (listIcds().length === 0) {
    return `${prefix}: no Vulkan ICD: no driver in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d; install your GPU's Vulkan driver, or ${swiftshaderHint}`;
  }
  return `${prefix}: the installed Vulkan drivers (${listIcds().join(', ')}) offered no usable device; ${swiftshaderHint}`;
}
