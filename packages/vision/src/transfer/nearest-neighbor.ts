import * as tf from '@tensorflow/tfjs-core';

/** Arguments of {@link NearestNeighborClassifier}. */
export interface NearestNeighborArgs {
  /** Neighbours that vote (default 1). */
  k?: number;
  /** 'euclidean' (default) or 'cosine' (1 − cosine similarity). */
  metric?: 'euclidean' | 'cosine';
}

/**
 * k-nearest-neighbour classification in a feature space: few-shot learning of new classes from a
 * handful of labelled examples (the support set), with no training. Votes are majority, ties go to
 * the class of the nearest neighbour among the tied.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { NearestNeighborClassifier } from '@sinew/vision';
 * const knn = new NearestNeighborClassifier({ k: 1 });
 * knn.fit(tf.tensor2d([[0, 0], [5, 5]]), [0, 1]);
 * knn.predict(tf.tensor2d([[1, 0], [4, 6]])); // Int32Array [0, 1]
 * ```
 */
export class NearestNeighborClassifier {
  readonly k: number;
  readonly metric: 'euclidean' | 'cosine';
  private support: tf.Tensor2D | null = null;
  private labels: Int32Array = new Int32Array(0);

  constructor(args: NearestNeighborArgs = {}) {
    this.k = args.k ?? 1;
    this.metric = args.metric ?? 'euclidean';
    if (!Number.isInteger(this.k) || this.k < 1) throw new Error(`NearestNeighborClassifier: k must be a positive integer. Received: k=${args.k}`);
    if (this.metric !== 'euclidean' && this.metric !== 'cosine') throw new Error(`NearestNeighborClassifier: metric must be 'euclidean' or 'cosine'. Received: metric=${JSON.stringify(args.metric)}`);
  }

  /** Stores the support set: features `[n, d]` and one integer label each. The features are copied. */
  fit(features: tf.Tensor, labels: ArrayLike<number> | tf.Tensor): this {
    if (features.rank !== 2) throw new Error(`NearestNeighborClassifier.fit: features must be [n, d], received shape [${features.shape.join(', ')}]`);
    const lab = labels instanceof tf.Tensor ? Int32Array.from(labels.dataSync()) : Int32Array.from(labels);
    if (lab.length !== features.shape[0]) throw new Error(`NearestNeighborClassifier.fit: ${features.shape[0]} feature rows but ${lab.length} labels`);
    if (lab.length < this.k) throw new Error(`NearestNeighborClassifier.fit: k=${this.k} needs at least ${this.k} examples, received ${lab.length}`);
    this.support?.dispose();
    this.support = tf.tidy(() => tf.keep(this.prepare(tf.cast(features, 'float32') as tf.Tensor2D)));
    this.labels = lab;
    return this;
  }

  private prepare(x: tf.Tensor2D): tf.Tensor2D {
    if (this.metric === 'euclidean') return tf.clone(x);
    return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12));
  }

  /** Distances `[m, n]` from each query row to each support row. */
  distances(features: tf.Tensor): tf.Tensor2D {
    const s = this.support;
    if (s === null) throw new Error('NearestNeighborClassifier: call fit(features, labels) before predict');
    if (features.rank !== 2 || features.shape[1] !== s.shape[1]) throw new Error(`NearestNeighborClassifier: queries must be [m, ${s.shape[1]}], received shape [${features.shape.join(', ')}]`);
    return tf.tidy(() => {
      const q = this.prepare(tf.cast(features, 'float32') as tf.Tensor2D);
      const dot = tf.matMul(q, s, false, true);
      if (this.metric === 'cosine') return tf.sub(1, dot) as tf.Tensor2D;
      const qq = tf.sum(tf.square(q), 1, true);
      const ss = tf.reshape(tf.sum(tf.square(s), 1), [1, -1]);
      return tf.maximum(tf.add(tf.sub(qq, tf.mul(2, dot)), ss), 0) as tf.Tensor2D;
    });
  }

  /** The predicted class of each query row `[m, d]`. */
  predict(features: tf.Tensor): Int32Array {
    const d = this.distances(features);
    const { indices } = tf.tidy(() => {
      const r = tf.topk(tf.neg(d), this.k);
      return { indices: tf.keep(r.indices) };
    });
    const idx = indices.dataSync();
    d.dispose();
    indices.dispose();
    const m = features.shape[0]!;
    const out = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const votes = new Map<number, number>();
      let best = -1;
      let bestVotes = 0;
      // Neighbours come nearest first, so the first class to reach the top count wins ties.
      for (let j = 0; j < this.k; j++) votes.set(this.labels[idx[i * this.k + j]!]!, (votes.get(this.labels[idx[i * this.k + j]!]!) ?? 0) + 1);
      for (let j = 0; j < this.k; j++) {
        const c = this.labels[idx[i * this.k + j]!]!;
        if (votes.get(c)! > bestVotes) {
          best = c;
          bestVotes = votes.get(c)!;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Frees the stored support set. */
  dispose(): void {
    this.support?.dispose();
    this.support = null;
  }
}
