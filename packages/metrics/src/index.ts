/**
 * @sinew/metrics: classification, regression and text metrics, each as a one-shot function and a
 * streaming class (update / result / reset / merge) that `fit` uses.
 */
export type { MetricInput, StreamingMetric } from './streaming-metric.js';
export { Mean, mean } from './mean.js';
export {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  topKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  type BinaryAccuracyOptions,
  type TopKOptions,
} from './accuracy.js';
export {
  ConfusionMatrix,
  confusionMatrix,
  type ConfusionMatrixOptions,
  type ConfusionNormalize,
  type LabelOptions,
} from './confusion-matrix.js';
export {
  Precision,
  Recall,
  Specificity,
  FBetaScore,
  F1Score,
  precision,
  recall,
  specificity,
  fbetaScore,
  f1Score,
  type Average,
  type PrecisionRecallOptions,
  type FBetaOptions,
} from './precision-recall.js';
export { BalancedAccuracy, balancedAccuracy, type BalancedAccuracyOptions } from './balanced-accuracy.js';
export { MatthewsCorrelation, matthewsCorrcoef } from './matthews-corrcoef.js';
export { CohenKappa, cohenKappa, type CohenKappaOptions, type KappaWeights } from './cohen-kappa.js';
export { AUC, auc, rocAuc, averagePrecision, type Curve, type RankingOptions } from './auc.js';
export { CalibrationError, calibrationError, expectedCalibrationError, type CalibrationErrorOptions } from './calibration-error.js';
export {
  MeanSquaredError,
  RootMeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  R2Score,
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
} from './regression.js';
export {
  tokenize13a,
  tokenizeIntl,
  tokenizeChar,
  getBleuTokenizer,
  type BleuTokenizerName,
  type Tokenizer,
} from './text/tokenizers.js';
export {
  BLEU,
  corpusBleu,
  sentenceBleu,
  computeBleu,
  SACREBLEU_VERSION,
  type BleuOptions,
  type BleuScore,
  type BleuReferences,
  type BleuSmoothMethod,
} from './text/bleu.js';
export {
  NltkBleu,
  nltkCorpusBleu,
  nltkSentenceBleu,
  nltkBrevityPenalty,
  type NltkBleuOptions,
  type NltkSmoothing,
  type Tokens,
} from './text/nltk-bleu.js';
export { CHRF, corpusChrf, sentenceChrf, type ChrfOptions } from './text/chrf.js';
export { Perplexity, perplexity, type PerplexityOptions } from './text/perplexity.js';
export { WordErrorRate, CharErrorRate, wordErrorRate, charErrorRate, editDistance } from './text/error-rate.js';
export { getMetric, knownMetricNames } from './get-metric.js';
