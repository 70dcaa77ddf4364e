import { IRIS_CLASS_NAMES, IRIS_FEATURES, IRIS_LABELS } from './iris-data.js';
import type { LabeledData } from './labeled-data.js';

/**
 * Fisher's Iris data (150 flowers, 50 of each of 3 species, 4 measurements in cm), embedded in the
 * package; the copy scikit-learn ships, which is the same as R's (the UCI copy has two wrong points).
 *
 * Shapes: `features` `[150 * 4]` (float32: sepal length, sepal width, petal length, petal width),
 * `featureShape` `[4]`, `labels` `[150]` (0 setosa, 1 versicolor, 2 virginica).
 *
 * @example
 * ```ts
 * import { loadIris } from '@sinew/data';
 * const iris = loadIris();
 * console.log(iris.numExamples, iris.classNames); // 150 ['setosa', 'versicolor', 'virginica']
 * ```
 */
export function loadIris(): LabeledData {
  return {
    name: 'iris',
    features: Float32Array.from(IRIS_FEATURES),
    featureShape: [4],
    labels: Int32Array.from(IRIS_LABELS, (c) => Number(c)),
    numExamples: IRIS_LABELS.length,
    classNames: IRIS_CLASS_NAMES,
    featureNames: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
  };
}
