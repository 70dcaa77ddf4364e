import type { StreamingMetric } from './streaming-metric.js';
import {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './accuracy.js';
import { F1Score, FBetaScore, Precision, Recall, Specificity } from './precision-recall.js';
import { AUC } from './auc.js';
import { BalancedAccuracy } from './balanced-accuracy.js';
import { MatthewsCorrelation } from './matthews-corrcoef.js';
import { CohenKappa } from './cohen-kappa.js';
import { CalibrationError } from './calibration-error.js';
import {
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredError,
  R2Score,
  RootMeanSquaredError,
} from './regression.js';
import { Perplexity } from './text/perplexity.js';

type Factory = (options: Record<string, unknown>) => StreamingMetric<number>;

// Keys are normalised (lowercase, no '_' or '-'), so 'binary_accuracy' and 'binaryAccuracy' meet.
const FACTORIES: Record<string, [canonical: string, make: Factory]> = {};

function register(names: string[], make: Factory): void {
  for (const n of names) FACTORIES[normalise(n)] = [names[0]!, make];
}

function normalise(id: string): string {
  return id.toLowerCase().replace(/[_-]/g, '');
}

register(['binaryAccuracy', 'binary_accuracy'], (o) => new BinaryAccuracy(o));
register(['categoricalAccuracy', 'categorical_accuracy'], (o) => new CategoricalAccuracy((o.name as string) ?? undefined));
register(['sparseCategoricalAccuracy', 'sparse_categorical_accuracy'], (o) => new SparseCategoricalAccuracy((o.name as string) ?? undefined));
register(['topKCategoricalAccuracy', 'top_k_categorical_accuracy', 'topK'], (o) => new TopKCategoricalAccuracy(o));
register(['sparseTopKCategoricalAccuracy', 'sparse_top_k_categorical_accuracy'], (o) => new SparseTopKCategoricalAccuracy(o));
register(['precision'], (o) => new Precision(o));
register(['recall', 'sensitivity'], (o) => new Recall(o));
register(['specificity'], (o) => new Specificity(o));
register(['f1Score', 'f1_score', 'f1'], (o) => new F1Score(o));
register(['fbetaScore', 'fbeta_score', 'fbeta'], (o) => new FBetaScore(o));
register(['auc', 'rocAuc', 'roc_auc', 'auroc'], (o) => new AUC({ ...o, curve: 'ROC' }));
register(['averagePrecision', 'average_precision', 'prAuc', 'pr_auc'], (o) => new AUC({ ...o, curve: 'PR' }));
register(['balancedAccuracy', 'balanced_accuracy'], (o) => new BalancedAccuracy(o));
register(['matthewsCorrcoef', 'matthews_corrcoef', 'mcc'], (o) => new MatthewsCorrelation(o));
register(['cohenKappa', 'cohen_kappa', 'kappa'], (o) => new CohenKappa(o));
register(['calibrationError', 'calibration_error', 'ece', 'expectedCalibrationError'], (o) => new CalibrationError(o));
register(['meanSquaredError', 'mean_squared_error', 'mse'], (o) => new MeanSquaredError((o.name as string) ?? undefined));
register(['rootMeanSquaredError', 'root_mean_squared_error', 'rmse'], (o) => new RootMeanSquaredError((o.name as string) ?? undefined));
register(['meanAbsoluteError', 'mean_absolute_error', 'mae'], (o) => new MeanAbsoluteError((o.name as string) ?? undefined));
register(['meanAbsolutePercentageError', 'mean_absolute_percentage_error', 'mape'], (o) => new MeanAbsolutePercentageError((o.name as string) ?? undefined));
register(['r2Score', 'r2_score', 'r2'], (o) => new R2Score((o.name as string) ?? undefined));
register(['perplexity'], (o) => new Perplexity(o));

/**
 * The canonical names {@link getMetric} knows (each also accepted in snake_case).
 *
 * @example
 * ```ts
 * knownMetricNames().includes('binaryAccuracy'); // true
 * ```
 */
export function knownMetricNames(): string[] {
  return [...new Set(Object.values(FACTORIES).map(([c]) => c))].sort();
}

/**
 * Resolves a Keras-style metric identifier ('binaryAccuracy' or 'binary_accuracy', 'precision',
 * 'auc', 'mse', 'mae', ...) to a fresh streaming metric; `options` go to its constructor. Matching
 * ignores case, '_' and '-'. 'accuracy' is not resolved here: which accuracy it means depends on the
 * loss and label format, so `fit` maps it first (as Keras does).
 *
 * @example
 * ```ts
 * const m = getMetric('sparse_categorical_accuracy');
 * m.update([1], [[0.2, 0.8]]);
 * m.result(); // 1
 * getMetric('precision', { numClasses: 3, average: 'macro' }).name; // 'precision'
 * ```
 */
export function getMetric(identifier: string, options: Record<string, unknown> = {}): StreamingMetric<number> {
  const key = normalise(String(identifier));
  if (key === 'accuracy' || key === 'acc') {
    throw new Error(
      `getMetric: '${identifier}' is ambiguous; resolve it from the loss to 'binaryAccuracy', 'categoricalAccuracy' ` +
        `or 'sparseCategoricalAccuracy' first`,
    );
  }
  // Own keys only: 'constructor' must not find Object.prototype's.
  const hit = Object.hasOwn(FACTORIES, key) ? FACTORIES[key] : undefined;
  if (!hit) {
    throw new Error(`getMetric: unknown metric '${identifier}'. Known metrics: ${knownMetricNames().join(', ')} (snake_case also accepted)`);
  }
  return hit[1](options);
}
