import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, type LayerArgs, type Tensors } from '../engine/layer.js';
import { nextSeed, seedStream } from '../random/seed.js';
import { checkRate } from './dropout.js';

/**
 * Seeds of a noise layer's successive draws: a fresh global seed each call, or, with a layer `seed`, the
 * reproducible stream `seedStream(seed, 0), seedStream(seed, 1), ...`.
 */
class NoiseSeeds {
  private calls = 0;
  constructor(private readonly seed: number | undefined) {}
  next(): number {
    return this.seed === undefined ? nextSeed() : seedStream(this.seed, this.calls++);
  }
}

/** A saved config's `seed: null` (no seed) back to the constructor's `undefined`. */
function restoreSeed(config: Record<string, any>): Record<string, any> {
  return { ...config, seed: config.seed ?? undefined };
}

/**
 * Multiplicative noise `x * N(1, rate / (1 - rate))` in training; identity at inference.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gaussianDropout } from '@sinew/core';
 * const x = tf.ones([2, 3]);
 * gaussianDropout({ rate: 0.1 }).apply(x, { training: true }); // noisy; without training: x unchanged
 * ```
 */
export class GaussianDropout extends Layer {
  static override readonly className = 'GaussianDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly draws: NoiseSeeds;
  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super(args);
    checkRate('GaussianDropout', args?.rate);
    this.rate = args.rate;
    this.seed = args.seed;
    this.draws = new NoiseSeeds(args.seed);
  }
  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    if (!training || this.rate === 0) return tf.clone(x);
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return tf.mul(x, tf.randomNormal(x.shape, 1, stddev, 'float32', this.draws.next()));
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this(restoreSeed(config));
  }
}

/**
 * Additive noise `x + N(0, stddev)` in training; identity at inference.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { gaussianNoise } from '@sinew/core';
 * const x = tf.ones([2, 3]);
 * gaussianNoise({ stddev: 0.1 }).apply(x, { training: true }); // noisy; without training: x unchanged
 * ```
 */
export class GaussianNoise extends Layer {
  static override readonly className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed: number | undefined;
  private readonly draws: NoiseSeeds;
  constructor(args: LayerArgs & { stddev: number; seed?: number }) {
    super(args);
    if (typeof args?.stddev !== 'number' || !(args.stddev >= 0)) {
      throw new Error(`GaussianNoise: stddev must be a number >= 0. Received: stddev=${args?.stddev}`);
    }
    this.stddev = args.stddev;
    this.seed = args.seed;
    this.draws = new NoiseSeeds(args.seed);
  }
  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    if (!training || this.stddev === 0) return tf.clone(x);
    return tf.add(x, tf.randomNormal(x.shape, 0, this.stddev, 'float32', this.draws.next()));
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed ?? null };
  }
  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this(restoreSeed(config));
  }
}

/**
 * Alpha dropout (Klambauer et al., 2017), for SELU networks: dropped units are set to SELU's
 * negative saturation and an affine correction keeps mean and variance. Identity at inference.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { alphaDropout } from '@sinew/core';
 * const x = tf.ones([2, 3]);
 * alphaDropout({ rate: 0.1 }).apply(x, { training: true }); // noisy; without training: x unchanged
 * ```
 */
export class AlphaDropout extends Layer {
  static override readonly className = 'AlphaDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly draws: NoiseSeeds;
  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    super(args);
    checkRate('AlphaDropout', args?.rate);
    this.rate = args.rate;
    this.seed = args.seed;
    this.draws = new NoiseSeeds(args.seed);
  }
  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    if (!training || this.rate === 0) return tf.clone(x);
    const alphaP = -1.6732632423543772 * 1.0507009873554805;
    const p = this.rate;
    const a = 1 / Math.sqrt((1 - p) * (1 + p * alphaP * alphaP));
    const b = -a * alphaP * p;
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', this.draws.next()), p), 'float32');
    const y = tf.add(tf.mul(x, keep), tf.mul(alphaP, tf.sub(1, keep)));
    return tf.add(tf.mul(a, y), b);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this(restoreSeed(config));
  }
}

/** Creates a {@link GaussianDropout}. @example `gaussianDropout({ rate: 0.2 })` */
export const gaussianDropout = (args: LayerArgs & { rate: number; seed?: number }): GaussianDropout => new GaussianDropout(args);
/** Creates a {@link GaussianNoise}. @example `gaussianNoise({ stddev: 0.1 })` */
export const gaussianNoise = (args: LayerArgs & { stddev: number; seed?: number }): GaussianNoise => new GaussianNoise(args);
/** Creates an {@link AlphaDropout}. @example `alphaDropout({ rate: 0.1 })` */
export const alphaDropout = (args: LayerArgs & { rate: number; seed?: number }): AlphaDropout => new AlphaDropout(args);
