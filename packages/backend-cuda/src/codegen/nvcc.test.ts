import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { allKernelPrograms } from './catalog.js';

/** nvcc from $NVCC, the PATH, or the usual toolkit folders; undefined when none is installed. */
function findNvcc(): string | undefined {
  const candidates = [process.env.NVCC, 'nvcc', '/usr/local/cuda/bin/nvcc'].filter((c): c is string => !!c);
  for (const c of candidates) {
    try {
      execFileSync(c, ['--version'], { stdio: 'pipe' });
      return c;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const nvcc = findNvcc();
const programs = allKernelPrograms();

describe('every generated kernel compiles with nvcc', () => {
  test('the catalog has unique kernel names, each defined in its source', () => {
    const names = programs.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of programs) expect(p.source).toContain(`extern "C" __global__ void ${p.name}(`);
  });

  // One translation unit per architecture holding every kernel: nvcc starts once, not ~400 times,
  // which keeps this fast on a 2-core CI machine. Each kernel's text goes in unchanged, inside its own
  // namespace (so per-kernel helper functions cannot clash; extern "C" keeps the symbol names), and
  // the cubin must define every kernel. Warnings are errors.
  for (const arch of ['sm_90', 'sm_80']) {
    test.skipIf(!nvcc)(`${programs.length} kernels -> cubin for ${arch}${nvcc ? '' : ' (skipped: nvcc not found; set NVCC or install the CUDA toolkit)'}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'sinew-nvcc-'));
      try {
        const unit = programs.map((p, i) => `namespace sinew_k${i} {\n${p.source}\n}\n`).join('\n');
        const cu = join(dir, 'kernels.cu');
        writeFileSync(cu, unit);
        const cubin = join(dir, `kernels.${arch}.cubin`);
        try {
          execFileSync(nvcc!, ['-cubin', `-arch=${arch}`, '-std=c++17', '-Werror', 'all-warnings', '-o', cubin, cu], { stdio: 'pipe' });
        } catch (err) {
          const e = err as { stderr?: Buffer };
          throw new Error(`nvcc failed for ${arch}:\n${e.stderr?.toString() ?? String(err)}`);
        }
        const image = readFileSync(cubin).toString('latin1');
        const missing = programs.filter((p) => !image.includes(p.name)).map((p) => p.name);
        expect(missing).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 300_000);
  }
});
