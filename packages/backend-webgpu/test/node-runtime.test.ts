// WebGPU in Node: whether 'webgpu' reports itself available, and why not, in fresh processes with the
// environment varied (no ICD, no dawn.node), and whether a process ends by itself after dispose.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const icd = process.env.VK_ICD_FILENAMES;
const hasIcd = icd != null && icd.split(':').every((p) => existsSync(p));
const ldPath = (process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
function systemHasVulkanLoader(): boolean {
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}
const systemLoader = process.platform === 'linux' && systemHasVulkanLoader();
const hasLoader = systemLoader || ldPath.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));

interface ChildResult {
  code: number | null;
  lines: Record<string, any>[];
  stderr: string;
  ms: number;
}

function runChild(mode: string, env: Record<string, string | undefined>, extraNodeArgs: string[] = []): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...extraNodeArgs, '--conditions=@sinew/source', '--import', 'tsx', 'test/fixtures/child-probe.ts', mode],
      { cwd: packageDir, env: { ...process.env, ...env }, timeout: 90_000 },
      (err, stdout, stderr) => {
        const lines = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, any>);
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, lines, stderr, ms: Date.now() - started });
      },
    );
  });
}

describe('webgpu in Node (dawn.node)', () => {
  test.skipIf(!hasIcd)('with the SwiftShader ICD: available, marked software, and the process exits by itself after dispose', async () => {
    const r = await runChild('train-and-dispose', {});
    expect(r.code, r.stderr).toBe(0);
    const [probe, run, after] = r.lines;
    expect(probe?.probe).toMatchObject({ name: 'webgpu', available: true });
    expect(probe?.probe.reason).toMatch(/software adapter \(google swiftshader/);
    expect(run).toMatchObject({ software: true, matmul: [7, 10, 15, 22] });
    expect(run?.device).toMatch(/swiftshader.*dawn\.node/i);
    expect(after).toEqual({ disposed: { navigatorGpu: false, tfBackend: false } });
  });

  test.skipIf(!hasLoader || process.platform !== 'linux')('with VK_ICD_FILENAMES naming a missing file: unavailable, and the reason names the file', async () => {
    const r = await runChild('probe', { VK_ICD_FILENAMES: '/nonexistent/sinew-icd.json' });
    expect(r.code, r.stderr).toBe(0);
    const [probe, set] = r.lines;
    expect(probe?.probe.available).toBe(false);
    expect(probe?.probe.reason).toMatch(/no Vulkan ICD: VK_ICD_FILENAMES names a missing file \(\/nonexistent\/sinew-icd\.json\)/);
    expect(set?.setBackend).toMatch(/setBackend\('webgpu'\): backend is unavailable: .*no Vulkan ICD/);
  });

  // The usual case on a machine without a GPU: nobody pointed Vulkan at SwiftShader. (Node's execFile
  // leaves out variables whose value is undefined.) A machine with a real Vulkan GPU finds it instead.
  test.skipIf(!hasLoader || process.platform !== 'linux')('with VK_ICD_FILENAMES unset: a real GPU, or unavailable with a reason that says how to get SwiftShader', async () => {
    const r = await runChild('probe', { VK_ICD_FILENAMES: undefined, VK_DRIVER_FILES: undefined });
    expect(r.code, r.stderr).toBe(0);
    const probe = r.lines[0]?.probe as { available: boolean; reason?: string } | undefined;
    if (probe?.available) {
      expect(probe.reason ?? '').not.toMatch(/swiftshader/i);
    } else {
      expect(probe?.reason).toMatch(/dawn\.node found no WebGPU adapter: .*(no Vulkan ICD|offered no usable device).*VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/);
      expect(r.lines[1]?.setBackend).toMatch(/setBackend\('webgpu'\): backend is unavailable: dawn\.node found no WebGPU adapter/);
    }
  });

  test.runIf(process.platform === 'linux' && !systemLoader)('without a Vulkan loader (no libvulkan1, no LD_LIBRARY_PATH): unavailable, and the reason names libvulkan.so.1', async () => {
    const r = await runChild('probe', { LD_LIBRARY_PATH: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0]?.probe).toMatchObject({ available: false, reason: expect.stringMatching(/Vulkan loader libvulkan\.so\.1 is missing.*apt-get install libvulkan1/) });
  });

  test("without the optional package 'webgpu': unavailable, and the reason says to install it", async () => {
    const r = await runChild('probe', {}, ['--import', './test/fixtures/hide-webgpu.mjs']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines[0]?.probe).toMatchObject({ available: false, reason: expect.stringMatching(/dawn\.node is not installed.*'webgpu'/) });
  });
});
