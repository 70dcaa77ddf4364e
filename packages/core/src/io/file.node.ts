import { promises as fsp } from 'node:fs';
import * as nodePath from 'node:path';
import { registerIOScheme } from './handlers.js';

/** The file operations an atomic write needs (injectable, so tests can fail a write midway). */
export interface AtomicFs {
  open(path: string, flags: string): Promise<{
    write(data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

const realFs: AtomicFs = {
  open: (p, flags) => fsp.open(p, flags),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
};

/**
 * Writes bytes to `path` atomically: into a temporary file in the same directory, fsync, then
 * rename over the target. A failure or crash at any point leaves the previous file untouched
 * (rename is atomic within one file system) and removes the temporary file when it can.
 *
 * @example
 * ```ts
 * import { mkdtemp, rm } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { dense, sequential, writeFileAtomic } from '@sinew/core';
 * const { bytes } = await sequential({ layers: [dense({ units: 1, inputShape: [2] })] }).save('memory://');
 * const dir = await mkdtemp(join(tmpdir(), 'sinew-'));
 * await writeFileAtomic(join(dir, 'model.sinew'), bytes!);
 * await rm(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, fs: AtomicFs = realFs): Promise<void> {
  const dir = nodePath.dirname(path);
  const tmp = nodePath.join(dir, `.${nodePath.basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  let handle: Awaited<ReturnType<AtomicFs['open']>> | null = null;
  try {
    handle = await fs.open(tmp, 'wx');
    let offset = 0;
    // 1 MiB chunks: write() may write fewer bytes than asked.
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, Math.min(bytes.length - offset, 1 << 20));
      if (bytesWritten <= 0) throw new Error(`save('${path}'): the write made no progress`);
      offset += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(tmp, path);
  } catch (e) {
    if (handle !== null) await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw new Error(`save('${path}') failed; the previous file, if any, is unchanged: ${(e as Error).message}`, { cause: e });
  }
}

/** Reads a model file from disk. @example `const bytes = await readModelFile('./model.sinew')` */
export async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fsp.readFile(path));
  } catch (e) {
    throw new Error(`loadModel('${path}'): cannot read the file: ${(e as Error).message}`, { cause: e });
  }
}

/** Registers the 'file://' scheme (and plain paths). The Node entry of @sinew/core calls it on import. @example `registerFileScheme()` */
export function registerFileScheme(): void {
  registerIOScheme('file', {
    save: (path, bytes) => writeFileAtomic(path, bytes),
    load: (path) => readModelFile(path),
  });
}
