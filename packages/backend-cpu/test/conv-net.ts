// A small 2-layer conv net built from tfjs-core ops (no layers package), shared by the tests that train
// it on wasm and compare with cpu. Weights and data come from a seeded generator, so every backend
// starts from the same numbers.
import * as tf from '@tensorflow/tfjs-core';

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function values(rand: () => number, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

/** Shapes: x [4, 8, 8, 2] -> conv 3x3x2x4 same + relu -> conv 3x3x4x6 stride 2 valid -> dense 54x3 -> softmax CE. */
export interface ConvNet {
  variables: tf.Variable[];
  x: tf.Tensor4D;
  labels: tf.Tensor2D;
  loss: () => tf.Scalar;
  dispose: () => void;
}

export function makeConvNet(seed = 7): ConvNet {
  const rand = seeded(seed);
  // Made in tidy: the source tensors go, the variables (and x, labels, returned) stay.
  const [w1, b1, w2, w3, x, labels] = tf.tidy(() => [
    tf.variable(tf.tensor4d(values(rand, 3 * 3 * 2 * 4, 0.5), [3, 3, 2, 4])),
    tf.variable(tf.tensor1d(values(rand, 4, 0.1))),
    tf.variable(tf.tensor4d(values(rand, 3 * 3 * 4 * 6, 0.3), [3, 3, 4, 6])),
    tf.variable(tf.tensor2d(values(rand, 54 * 3, 0.2), [54, 3])),
    tf.tensor4d(values(rand, 4 * 8 * 8 * 2, 1), [4, 8, 8, 2]),
    tf.cast(tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3), 'float32'),
  ]) as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Tensor4D, tf.Tensor2D];
  const loss = (): tf.Scalar =>
    tf.tidy(() => {
      const h1 = tf.relu(tf.add(tf.conv2d(x, w1 as unknown as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
      const h2 = tf.conv2d(h1, w2 as unknown as tf.Tensor4D, 2, 'valid');
      const logits = tf.matMul(tf.reshape(h2, [4, 54]), w3 as unknown as tf.Tensor2D);
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    });
  return {
    variables: [w1, b1, w2, w3],
    x,
    labels,
    loss,
    dispose: () => tf.dispose([w1, b1, w2, w3, x, labels]),
  };
}
