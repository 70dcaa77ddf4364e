/**
 * The synthetic sequence-classification task the recurrent benchmarks (LSTM, GRU) train on, and the
 * tfjs-layers peer model they time Sinew against, so both benchmarks set up the same race.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The shape of the task: `n` sequences of `steps` × `features`, labelled with one of `classes`. */
export interface SequenceTask {
  n: number;
  steps: number;
  features: number;
  classes: number;
}

/**
 * Class = which of the first `classes` features has the largest sum over the sequence.
 * Returns x [n, steps, features] (uniform in [-1, 1), seed 3) and one-hot y [n, classes].
 */
export function makeSequenceData({ n, steps, features, classes }: SequenceTask): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([n, steps, features], -1, 1, 'float32', 3) as tf.Tensor3D;
    const labels = tf.argMax(tf.sum(tf.slice(x, [0, 0, 0], [n, steps, classes]), 1), 1);
    return { x, y: tf.oneHot(labels, classes).toFloat() as tf.Tensor2D };
  });
}

/**
 * tfjs-layers' peer of the recurrent classifiers: `kind`(units) over [steps, features], then
 * Dense(classes, softmax), with the sigmoid recurrent activation (tfjs defaults to hard sigmoid),
 * starting from `weightsOf`'s weights, compiled with Adam 1e-3 and categorical cross-entropy.
 */
export function tfjsRnnClassifier(
  kind: 'lstm' | 'gru',
  { steps, features, classes }: SequenceTask,
  units: number,
  weightsOf: { getWeights(): tf.Tensor[] },
): tfl.Sequential {
  const theirs = tfl.sequential({
    layers: [
      tfl.layers[kind]({ units, inputShape: [steps, features], recurrentActivation: 'sigmoid' }),
      tfl.layers.dense({ units: classes, activation: 'softmax' }),
    ],
  });
  const w = weightsOf.getWeights();
  theirs.setWeights(w);
  tf.dispose(w);
  theirs.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return theirs;
}
