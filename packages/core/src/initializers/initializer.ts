import * as tf from '@tensorflow/tfjs-core';
import { nextSeed } from '../random/seed.js';

/** A serialized object: a registered class name and its JSON config. */
export interface SerializedObject {
  className: string;
  config: Record<string, unknown>;
}

/**
 * The base of every initializer: `apply(shape)` returns a new float32 tensor (the caller owns it).
 * Random initializers draw their seed from Sinew's generator (`setSeed`) unless given `seed`.
 *
 * @example
 * ```ts
 * import { initializers } from '@sinew/core';
 * const w = initializers.glorotUniform().apply([3, 4]);
 * ```
 */
export abstract class Initializer {
  /** The class name written to saved files. */
  abstract readonly className: string;
  /** A new tensor of the given shape. */
  abstract apply(shape: number[]): tf.Tensor;
  /** The JSON arguments that recreate this initializer. */
  getConfig(): Record<string, unknown> {
    return {};
  }
}

function seedOf(seed: number | undefined): number {
  return seed ?? nextSeed();
}

/**
 * Fan-in and fan-out as Keras computes them: a dense kernel `[in, out]` gives (in, out); a conv kernel
 * `[...spatial, in, out]` multiplies both by the receptive field size.
 *
 * @example
 * ```ts
 * computeFans([3, 3, 8, 16]); // [72, 144]
 * ```
 */
export function computeFans(shape: number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2]! * receptive, shape[shape.length - 1]! * receptive];
}

/** All zeros. @example `initializers.zeros().apply([2])` */
export class Zeros extends Initializer {
  readonly className = 'Zeros';
  apply(shape: number[]): tf.Tensor {
    return tf.zeros(shape);
  }
}

/** All ones. @example `initializers.ones().apply([2])` */
export class Ones extends Initializer {
  readonly className = 'Ones';
  apply(shape: number[]): tf.Tensor {
    return tf.ones(shape);
  }
}

/** A constant `value`. @example `initializers.constant({ value: 0.1 }).apply([3])` */
export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor({ value = 0 }: { value?: number } = {}) {
    super();
    if (!Number.isFinite(value)) throw new Error(`Constant: value must be a finite number. Received: value=${value}`);
    this.value = value;
  }
  apply(shape: number[]): tf.Tensor {
    return tf.fill(shape, this.value);
  }
  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** Uniform samples in [minval, maxval) (Keras defaults -0.05, 0.05). @example `initializers.randomUniform({ minval: -1, maxval: 1 })` */
export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | undefined;
  constructor({ minval = -0.05, maxval = 0.05, seed }: { minval?: number; maxval?: number; seed?: number } = {}) {
    super();
    if (!(maxval > minval)) throw new Error(`RandomUniform: maxval must exceed minval. Received: minval=${minval}, maxval=${maxval}`);
    this.minval = minval;
    this.maxval = maxval;
    this.seed = seed;
  }
  apply(shape: number[]): tf.Tensor {
    return tf.randomUniform(shape, this.minval, this.maxval, 'float32', seedOf(this.seed));
  }
  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

/** Normal samples (Keras defaults mean 0, stddev 0.05). @example `initializers.randomNormal({ stddev: 0.01 })` */
export class RandomNormal extends Initializer {
  readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | undefined;
  constructor({ mean = 0, stddev = 0.05, seed }: { mean?: number; stddev?: number; seed?: number } = {}) {
    super();
    if (!(stddev >= 0)) throw new Error(`${this.className}: stddev must be >= 0. Received: stddev=${stddev}`);
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }
  apply(shape: number[]): tf.Tensor {
    return tf.randomNormal(shape, this.mean, this.stddev, 'float32', seedOf(this.seed));
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal samples redrawn beyond two standard deviations. @example `initializers.truncatedNormal({ stddev: 0.02 })` */
export class TruncatedNormal extends RandomNormal {
  override readonly className: string = 'TruncatedNormal';
  override apply(shape: number[]): tf.Tensor {
    return tf.truncatedNormal(shape, this.mean, this.stddev, 'float32', seedOf(this.seed));
  }
}

/** Arguments of {@link VarianceScaling}. */
export interface VarianceScalingArgs {
  scale?: number;
  mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  distribution?: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
  seed?: number;
}

/**
 * Samples with variance `scale / n`, n the fan-in, fan-out or their average (Keras's VarianceScaling).
 * Truncated normals use stddev `sqrt(scale/n) / 0.8796...` so that the truncated variance is right.
 *
 * @example
 * ```ts
 * initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }).apply([4, 4]);
 * ```
 */
export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: 'fanIn' | 'fanOut' | 'fanAvg';
  readonly distribution: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
  readonly seed: number | undefined;
  constructor({ scale = 1, mode = 'fanIn', distribution = 'truncatedNormal', seed }: VarianceScalingArgs = {}) {
    super();
    if (!(scale > 0)) throw new Error(`VarianceScaling: scale must be positive. Received: scale=${scale}`);
    if (!['fanIn', 'fanOut', 'fanAvg'].includes(mode)) throw new Error(`VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg'. Received: mode=${mode}`);
    if (!['truncatedNormal', 'untruncatedNormal', 'uniform'].includes(distribution)) {
      throw new Error(`VarianceScaling: distribution must be 'truncatedNormal', 'untruncatedNormal' or 'uniform'. Received: distribution=${distribution}`);
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = distribution;
    this.seed = seed;
  }
  apply(shape: number[]): tf.Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = seedOf(this.seed);
    if (this.distribution === 'truncatedNormal') {
      return tf.truncatedNormal(shape, 0, Math.sqrt(scale) / 0.8796256610342398, 'float32', seed);
    }
    if (this.distribution === 'untruncatedNormal') return tf.randomNormal(shape, 0, Math.sqrt(scale), 'float32', seed);
    const limit = Math.sqrt(3 * scale);
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }
  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

type SeedArgs = { seed?: number };
function preset(className: string, scale: number, mode: VarianceScalingArgs['mode'], distribution: VarianceScalingArgs['distribution']) {
  return class extends VarianceScaling {
    override readonly className = className;
    constructor({ seed }: SeedArgs = {}) {
      super({ scale, mode, distribution, seed });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed ?? null };
    }
  };
}

/** Glorot (Xavier) uniform: limit `sqrt(6 / (fanIn + fanOut))`; the default kernel initializer. @example `initializers.glorotUniform({ seed: 1 })` */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Glorot (Xavier) normal, truncated. @example `initializers.glorotNormal()` */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** He uniform: limit `sqrt(6 / fanIn)`, for ReLU networks. @example `initializers.heUniform()` */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** He normal, truncated, stddev `sqrt(2 / fanIn)`. @example `initializers.heNormal()` */
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** LeCun uniform: limit `sqrt(3 / fanIn)`. @example `initializers.lecunUniform()` */
export const LecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');
/** LeCun normal, truncated, stddev `sqrt(1 / fanIn)` (for SELU). @example `initializers.lecunNormal()` */
export const LecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');

/**
 * A (semi-)orthogonal matrix times `gain` (Saxe et al., 2014), from the QR decomposition of a
 * normal sample; shapes of rank > 2 are flattened to `[prod(shape[:-1]), shape[-1]]`.
 *
 * @example
 * ```ts
 * const q = initializers.orthogonal({ seed: 3 }).apply([4, 4]); // qᵀq = I
 * ```
 */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | undefined;
  constructor({ gain = 1, seed }: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = gain;
    this.seed = seed;
  }
  apply(shape: number[]): tf.Tensor {
    if (shape.length < 2) throw new Error(`Orthogonal: shape must have rank >= 2. Received: shape=[${shape.join(', ')}]`);
    const cols = shape[shape.length - 1]!;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    return tf.tidy(() => {
      let a = tf.randomNormal([Math.max(rows, cols), Math.min(rows, cols)], 0, 1, 'float32', seedOf(this.seed)) as tf.Tensor2D;
      const [q, r] = tf.linalg.qr(a);
      // Multiplying by sign(diag(r)) makes the distribution uniform over orthogonal matrices.
      const d = tf.sign(tf.sum(tf.mul(r, tf.eye(r.shape[0], r.shape[1])), 0));
      a = tf.mul(q, d) as tf.Tensor2D;
      if (rows < cols) a = tf.transpose(a);
      return tf.reshape(tf.mul(this.gain, a), shape);
    });
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

/** `gain` times the identity matrix (2-D shapes only). @example `initializers.identity().apply([3, 3])` */
export class Identity extends Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor({ gain = 1 }: { gain?: number } = {}) {
    super();
    this.gain = gain;
  }
  apply(shape: number[]): tf.Tensor {
    if (shape.length !== 2) throw new Error(`Identity: shape must be 2-D. Received: shape=[${shape.join(', ')}]`);
    return tf.tidy(() => tf.mul(this.gain, tf.eye(shape[0]!, shape[1]!)));
  }
  override getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}
