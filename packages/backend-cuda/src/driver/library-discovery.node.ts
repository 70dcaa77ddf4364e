import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The three libraries the backend needs. */
export type CudaLibraryName = 'cuda' | 'nvrtc' | 'cublas';

/**
 * File names tried per library, newest CUDA first.
 *
 * @example
 * ```ts
 * import { SONAMES } from '@sinew/backend-cuda';
 * console.log(SONAMES.nvrtc); // ['libnvrtc.so.13', 'libnvrtc.so.12', 'libnvrtc.so']
 * ```
 */
export const SONAMES: Record<CudaLibraryName, string[]> = {
  cuda: ['libcuda.so.1', 'libcuda.so'],
  nvrtc: ['libnvrtc.so.13', 'libnvrtc.so.12', 'libnvrtc.so'],
  cublas: ['libcublas.so.13', 'libcublas.so.12', 'libcublas.so'],
};

/**
 * Per-library environment overrides (a full path to the .so file).
 *
 * @example
 * ```ts
 * import { LIBRARY_ENV } from '@sinew/backend-cuda';
 * console.log(LIBRARY_ENV.cublas); // the variable that points at a libcublas .so file
 * ```
 */
export const LIBRARY_ENV: Record<CudaLibraryName, string> = {
  cuda: 'SINEW_LIBCUDA',
  nvrtc: 'SINEW_LIBNVRTC',
  cublas: 'SINEW_LIBCUBLAS',
};

/** One candidate: a full path, or a bare soname left to the dynamic loader's own search. */
export interface LibraryCandidate {
  /** What to pass to dlopen. */
  path: string;
  /** Where it came from, for error messages. */
  source: string;
}

function globDirs(parent: string, match: (name: string) => boolean): string[] {
  try {
    return readdirSync(parent)
      .filter(match)
      .sort()
      .reverse()
      .map((n) => join(parent, n));
  } catch {
    return [];
  }
}

/** Python site-packages folders where pip puts NVIDIA's wheels (PyTorch's CUDA libraries live there). */
export function pythonSitePackages(env: Record<string, string | undefined>): string[] {
  const roots: string[] = [];
  const libDirs = (prefix: string) => globDirs(join(prefix, 'lib'), (n) => /^python3(\.\d+)?$/.test(n)).flatMap((d) => [join(d, 'site-packages'), join(d, 'dist-packages')]);
  if (env.VIRTUAL_ENV) roots.push(...libDirs(env.VIRTUAL_ENV));
  if (env.CONDA_PREFIX) roots.push(...libDirs(env.CONDA_PREFIX));
  const home = env.HOME || homedir();
  if (home) roots.push(...libDirs(join(home, '.local')));
  roots.push(...libDirs('/usr/local'), ...libDirs('/usr'), '/usr/lib/python3/dist-packages', ...libDirs('/opt/conda'));
  for (const opt of globDirs('/opt', () => true)) roots.push(...libDirs(join(opt, '.venv')), ...libDirs(join(opt, 'venv')));
  return [...new Set(roots)].filter((r) => existsSync(join(r, 'nvidia')));
}

/**
 * Folders searched, in order, after the environment overrides and the dynamic loader's own search:
 * $CUDA_HOME/$CUDA_PATH, /usr/local/cuda and /usr/local/cuda-* (lib64 and targets/x86_64-linux/lib),
 * the driver's usual homes (/usr/lib/x86_64-linux-gnu, WSL2's /usr/lib/wsl/lib, containers'
 * /usr/local/nvidia/lib64), and the `nvidia/<component>/lib` folders of Python installs.
 *
 * @example
 * ```ts
 * import { searchDirectories } from '@sinew/backend-cuda';
 * console.log(searchDirectories({ CUDA_HOME: '/opt/cuda' })[0]); // '/opt/cuda/lib64'
 * ```
 */
export function searchDirectories(env: Record<string, string | undefined> = process.env): string[] {
  const dirs: string[] = [];
  const toolkit = (root: string) => [join(root, 'lib64'), join(root, 'targets', 'x86_64-linux', 'lib'), join(root, 'lib')];
  for (const v of [env.CUDA_HOME, env.CUDA_PATH]) if (v) dirs.push(...toolkit(v));
  dirs.push(...toolkit('/usr/local/cuda'));
  for (const d of globDirs('/usr/local', (n) => /^cuda-\d/.test(n))) dirs.push(...toolkit(d));
  dirs.push('/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib/wsl/lib', '/usr/local/nvidia/lib64', '/usr/local/nvidia/lib');
  for (const site of pythonSitePackages(env)) {
    for (const comp of globDirs(join(site, 'nvidia'), () => true)) dirs.push(join(comp, 'lib'));
  }
  return [...new Set(dirs)];
}

/**
 * Every place a library may be loaded from, in the order they are tried: the per-library override
 * (SINEW_LIBCUDA, SINEW_LIBNVRTC, SINEW_LIBCUBLAS), then SINEW_CUDA_LIB_DIR (colon-separated folders),
 * then each soname through the dynamic loader (LD_LIBRARY_PATH, ldconfig), then {@link searchDirectories}.
 *
 * @example
 * ```ts
 * import { libraryCandidates } from '@sinew/backend-cuda';
 * for (const c of libraryCandidates('cublas')) console.log(c.path, 'from', c.source);
 * ```
 */
export function libraryCandidates(lib: CudaLibraryName, env: Record<string, string | undefined> = process.env): LibraryCandidate[] {
  const out: LibraryCandidate[] = [];
  const override = env[LIBRARY_ENV[lib]];
  if (override) out.push({ path: override, source: `$${LIBRARY_ENV[lib]}` });
  for (const dir of (env.SINEW_CUDA_LIB_DIR ?? '').split(':').filter(Boolean)) {
    for (const so of SONAMES[lib]) out.push({ path: join(dir, so), source: `$SINEW_CUDA_LIB_DIR (${dir})` });
  }
  for (const so of SONAMES[lib]) out.push({ path: so, source: 'the dynamic loader search (LD_LIBRARY_PATH, ldconfig)' });
  for (const dir of searchDirectories(env)) {
    for (const so of SONAMES[lib]) {
      const p = join(dir, so);
      if (existsSync(p)) out.push({ path: p, source: dir });
    }
  }
  return out;
}

/** Says which names of a library were not found (and which override failed), for the "unavailable" reason. */
export function describeSearch(lib: CudaLibraryName, env: Record<string, string | undefined> = process.env): string {
  const parts = [`${SONAMES[lib].join(' / ')} not found`];
  if (env[LIBRARY_ENV[lib]]) parts.push(`$${LIBRARY_ENV[lib]}=${env[LIBRARY_ENV[lib]]} did not load`);
  return parts.join('; ');
}

/** Every place searched, in order, in words. */
export function describePlaces(env: Record<string, string | undefined> = process.env): string {
  return `${env.SINEW_CUDA_LIB_DIR ? `$SINEW_CUDA_LIB_DIR (${env.SINEW_CUDA_LIB_DIR}), ` : ''}the dynamic loader path (LD_LIBRARY_PATH, ldconfig), ${searchDirectories(env).join(', ')}`;
}
