import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CubinStore } from './kernel-cache.js';

/**
 * The default cubin cache folder: $SINEW_CUDA_CACHE_DIR, else $XDG_CACHE_HOME/sinew/cuda, else
 * ~/.cache/sinew/cuda. Set SINEW_CUDA_CACHE_DIR=off to disable the disk cache.
 *
 * @example
 * ```ts
 * import { defaultCacheDir } from '@sinew/backend-cuda';
 * console.log(defaultCacheDir({ SINEW_CUDA_CACHE_DIR: '/tmp/cubins' })); // '/tmp/cubins'
 * ```
 */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const dir = env.SINEW_CUDA_CACHE_DIR;
  if (dir === 'off' || dir === '0') return undefined;
  if (dir) return dir;
  const base = env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'sinew', 'cuda');
}

/**
 * Cubins on disk, one file per key. Failures to read or write are ignored: the cache only saves
 * compile time, it must never break a run (read-only home folders, full disks).
 *
 * @example
 * ```ts
 * import { DiskCubinStore } from '@sinew/backend-cuda';
 * const store = new DiskCubinStore('/tmp/sinew-cubins');
 * store.set('k', new Uint8Array([1, 2]));
 * console.log(store.get('k')); // Uint8Array [1, 2]
 * ```
 */
export class DiskCubinStore implements CubinStore {
  constructor(readonly dir: string) {}
  get(key: string): Uint8Array | undefined {
    try {
      return new Uint8Array(readFileSync(join(this.dir, `${key}.cubin`)));
    } catch {
      return undefined;
    }
  }
  set(key: string, image: Uint8Array): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename, so a concurrent reader never sees half a file.
      const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
      writeFileSync(tmp, image);
      renameSync(tmp, join(this.dir, `${key}.cubin`));
    } catch {
      // ignored on purpose, see the class comment
    }
  }
}
