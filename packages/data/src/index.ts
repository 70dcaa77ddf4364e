// @sinew/data: the input pipeline, bundled data sets and loaders, and text tools. Browser-safe;
// the Node-only loaders (files on disk, npm data packages) are in index.node.ts ('@sinew/data/node').
export { Random, randomSeed, type Seed } from './random/random.js';

export { Dataset, type BatchOptions, type ShuffleOptions } from './pipeline/dataset.js';
export type { Batched, NumericArray, NumericTypedArray } from './pipeline/element.js';
export { split, splitIndices, type SplitIndices, type SplitOptions } from './pipeline/split.js';

export { MinMaxScaler } from './preprocessing/min-max-scaler.js';
export { StandardScaler } from './preprocessing/standard-scaler.js';
export type { FeatureRows } from './preprocessing/feature-stats.js';
export { oneHot } from './preprocessing/one-hot.js';

export {
  classCounts,
  labeledDataset,
  labeledTensors,
  type LabeledData,
  type LabeledOptions,
} from './datasets/labeled-data.js';
export { loadDigits } from './datasets/digits.js';
export { loadIris } from './datasets/iris.js';
export {
  FASHION_MNIST_CLASS_NAMES,
  labeledDataFromIdx,
  loadMnistFromUrl,
  MNIST_FILE_NAMES,
  mnistFromIdx,
  type MnistData,
  type MnistFileNames,
  type MnistUrlOptions,
  type MnistVariant,
} from './datasets/mnist.js';
export { decodeIdx, gunzip, isGzip, parseIdx, type IdxArray, type IdxDtype } from './idx/parse-idx.js';

export { CharTokenizer } from './text/char-tokenizer.js';
export { KERAS_FILTERS, WordTokenizer } from './text/word-tokenizer.js';
export { Vocabulary, type SpecialTokens, type VocabularyBuildOptions } from './text/vocabulary.js';
export { padSequences, type PadOptions } from './text/pad-sequences.js';
export { slidingWindows, type SlidingWindowOptions } from './text/sliding-windows.js';
export { mobyDickExcerpt, mobyDickFromChapters, type MobyDickChapter } from './text/moby-dick.js';

export type { TaskOptions } from './sequence-tasks/common.js';
export { binaryAdditionTask } from './sequence-tasks/binary-addition.js';
export { runningTotalComparisonTask } from './sequence-tasks/running-total-comparison.js';
export { parityTask } from './sequence-tasks/parity.js';
export { copyTask } from './sequence-tasks/copy-task.js';
export { DATE_FORMATS, dateTranslationTask, formatDate, type DateFormat } from './sequence-tasks/date-translation.js';
