import { decodeIdx, type IdxArray } from '../idx/parse-idx.js';
import type { LabeledData } from './labeled-data.js';

/** Which IDX image set: LeCun's handwritten digits or Zalando's Fashion-MNIST (same format and sizes). */
export type MnistVariant = 'mnist' | 'fashion-mnist';

/** The four files of MNIST and Fashion-MNIST, by their standard names (without `.gz`). */
export const MNIST_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The four files of a set, as a map from role to file name. */
export type MnistFileNames = { -readonly [K in keyof typeof MNIST_FILE_NAMES]: string };

/** Class names of Fashion-MNIST, in label order. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

const DIGIT_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Train and test parts of MNIST or Fashion-MNIST; images `[n, 28, 28]` as uint8 0..255. */
export interface MnistData {
  readonly train: LabeledData;
  readonly test: LabeledData;
}

/**
 * Pairs an IDX image file with its IDX label file, checking that they belong together: images of
 * rank 3 and type uint8, labels of rank 1 and type uint8, the same count, and labels below the
 * number of classes. Errors name both files and the numbers.
 *
 * @example
 * ```ts
 * import { labeledDataFromIdx, parseIdx } from '@sinew/data';
 * const images = parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 255, 0]));
 * const labels = parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]));
 * const data = labeledDataFromIdx(images, labels, { name: 'tiny' });
 * console.log(data.numExamples, data.featureShape, data.labels[0]); // 1 [2, 2] 7
 * ```
 */
export function labeledDataFromIdx(
  images: IdxArray,
  labels: IdxArray,
  options: { name: string; imagesFile?: string; labelsFile?: string; classNames?: readonly string[] },
): LabeledData {
  const { name, imagesFile = 'images', labelsFile = 'labels', classNames = DIGIT_NAMES } = options;
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new Error(`${name}: '${imagesFile}' should hold uint8 images of shape [n, rows, cols], found ${images.dtype} of shape [${images.shape}]; are the image and label files swapped?`);
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new Error(`${name}: '${labelsFile}' should hold uint8 labels of shape [n], found ${labels.dtype} of shape [${labels.shape}]; are the image and label files swapped?`);
  }
  const [n, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== n) {
    throw new Error(`${name}: '${imagesFile}' has ${n} images but '${labelsFile}' has ${labels.shape[0]} labels; the files do not belong together`);
  }
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < n; i++) {
    if (labelData[i]! >= classNames.length) {
      throw new Error(`${name}: '${labelsFile}' label ${i} is ${labelData[i]}, expected < ${classNames.length}`);
    }
  }
  return {
    name,
    features: images.data as Uint8Array,
    featureShape: [rows, cols],
    labels: labelData,
    numExamples: n,
    classNames,
  };
}

/**
 * Builds MNIST / Fashion-MNIST from its four parsed IDX files (see `labeledDataFromIdx`).
 *
 * @example
 * ```ts
 * import { decodeIdx, mnistFromIdx } from '@sinew/data';
 * // The four files' bytes come from fetch, a file input or disk; here, one 1x1 image per part.
 * const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 200]);
 * const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 9]);
 * const data = mnistFromIdx(
 *   {
 *     trainImages: await decodeIdx(images),
 *     trainLabels: await decodeIdx(labels),
 *     testImages: await decodeIdx(images),
 *     testLabels: await decodeIdx(labels),
 *   },
 *   'fashion-mnist',
 * );
 * console.log(data.train.classNames[data.train.labels[0]!]); // 'Ankle boot'
 * ```
 */
export function mnistFromIdx(
  files: { [K in keyof MnistFileNames]: IdxArray },
  variant: MnistVariant = 'mnist',
  fileNames: MnistFileNames = MNIST_FILE_NAMES,
): MnistData {
  const classNames = variant === 'mnist' ? DIGIT_NAMES : FASHION_MNIST_CLASS_NAMES;
  return {
    train: labeledDataFromIdx(files.trainImages, files.trainLabels, {
      name: `${variant}-train`,
      imagesFile: fileNames.trainImages,
      labelsFile: fileNames.trainLabels,
      classNames,
    }),
    test: labeledDataFromIdx(files.testImages, files.testLabels, {
      name: `${variant}-test`,
      imagesFile: fileNames.testImages,
      labelsFile: fileNames.testLabels,
      classNames,
    }),
  };
}

/** Options of `loadMnistFromUrl`. */
export interface MnistUrlOptions {
  variant?: MnistVariant;
  /** File names under the base URL; default the standard names plus `.gz`. */
  fileNames?: MnistFileNames;
  /** The fetch to use (a custom one for auth or caching); default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * Loads MNIST or Fashion-MNIST in the browser (or anywhere with `fetch`) from a base URL that you
 * host: the four IDX files, gzipped or not (detected from the bytes). Sinew downloads nothing by
 * itself; this fetches only the URL you give.
 *
 * @example
 * ```ts
 * import { loadMnistFromUrl } from '@sinew/data';
 * const mnist = await loadMnistFromUrl('/data/mnist/'); // serves train-images-idx3-ubyte.gz etc.
 * console.log(mnist.train.numExamples); // 60000
 * ```
 */
export async function loadMnistFromUrl(baseUrl: string, options: MnistUrlOptions = {}): Promise<MnistData> {
  const { variant = 'mnist', fetch: fetchFn = globalThis.fetch } = options;
  const fileNames =
    options.fileNames ??
    (Object.fromEntries(Object.entries(MNIST_FILE_NAMES).map(([k, v]) => [k, `${v}.gz`])) as MnistFileNames);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const entries = await Promise.all(
    (Object.keys(MNIST_FILE_NAMES) as Array<keyof MnistFileNames>).map(async (key) => {
      const url = base + fileNames[key];
      const response = await fetchFn(url);
      if (!response.ok) throw new Error(`${variant}: fetching '${url}' failed with HTTP ${response.status} ${response.statusText}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return [key, await decodeIdx(bytes, url)] as const;
    }),
  );
  return mnistFromIdx(Object.fromEntries(entries) as { [K in keyof MnistFileNames]: IdxArray }, variant, fileNames);
}
