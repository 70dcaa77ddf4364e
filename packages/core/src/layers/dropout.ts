import * as tf from '@tensorflow/tfjs-core';
import { Layer, singleInput, type LayerArgs, type Tensors } from '../engine/layer.js';
import { nextSeed, seedStream } from '../random/seed.js';

/** Arguments of {@link Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of inputs to drop, in [0, 1). */
  rate: number;
  /** Mask shape; 1 in an axis shares the mask along it (null takes the input's size). */
  noiseShape?: (number | null)[];
  /** Fixed seed for this layer's masks; by default drawn from `setSeed`'s generator. */
  seed?: number;
}

/** Validates a rate argument in [0, 1). */
export function checkRate(layer: string, rate: number, name = 'rate'): void {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new Error(`${layer}: ${name} must be a number in [0, 1). Received: ${name}=${rate}`);
}

/**
 * Inverted dropout: in training, zeroes a fraction `rate` of the inputs and scales the rest by
 * `1 / (1 - rate)`; at inference it is the identity. Masks come from the seeded generator.
 *
 * @example
 * ```ts
 * const y = dropout({ rate: 0.5 }).apply(tf.ones([2, 4]), { training: true });
 * ```
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | undefined;
  /** Training calls made with the layer's own seed: each gets the next seed of its stream. */
  private seededCalls = 0;
  constructor(args: DropoutArgs) {
    super(args);
    checkRate(this.className, args?.rate);
    this.rate = args.rate;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed;
  }
  /** The mask shape for an input (subclasses share masks along axes). */
  protected maskShape(x: tf.Tensor): number[] {
    if (this.noiseShape === null) return x.shape;
    return this.noiseShape.map((d, i) => d ?? x.shape[i]!);
  }
  call(inputs: Tensors, { training }: { training: boolean }): tf.Tensor {
    const x = singleInput(this, inputs);
    if (!training || this.rate === 0) return tf.clone(x);
    const keep = 1 - this.rate;
    const u = tf.randomUniform(this.maskShape(x), 0, 1, 'float32', this.seed === undefined ? nextSeed() : seedStream(this.seed, this.seededCalls++));
    const mask = tf.div(tf.cast(tf.greaterEqual(u, this.rate), 'float32'), keep);
    return tf.mul(x, mask);
  }
  override getConfig(): Record<string, any> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed ?? null };
  }
  static override fromConfig<T extends Layer>(this: new (args: any) => T, config: Record<string, any>): T {
    return new this({ ...config, seed: config.seed ?? undefined, noiseShape: config.noiseShape ?? undefined });
  }
}

/** Creates a {@link Dropout} layer. @example `dropout({ rate: 0.2 })` */
export function dropout(args: DropoutArgs): Dropout {
  return new Dropout(args);
}

/**
 * Drops whole feature maps (channels last): one mask value per sample and channel, shared over
 * the spatial axes. Rank 3 inputs for 1D, 4 for 2D, 5 for 3D.
 *
 * @example
 * ```ts
 * spatialDropout2d({ rate: 0.1 }).apply(tf.ones([1, 8, 8, 3]), { training: true });
 * ```
 */
export class SpatialDropout1D extends Dropout {
  static override readonly className: string = 'SpatialDropout1D';
  protected readonly spatialRank: number = 1;
  constructor(args: Omit<DropoutArgs, 'noiseShape'>) {
    super(args);
    this.inputSpec = { ndim: this.spatialRank + 2 };
  }
  protected override maskShape(x: tf.Tensor): number[] {
    if (x.rank !== this.spatialRank + 2) {
      throw new Error(`${this.label}: expected input of rank ${this.spatialRank + 2}, received shape [${x.shape.join(', ')}]`);
    }
    return [x.shape[0]!, ...new Array<number>(this.spatialRank).fill(1), x.shape[x.rank - 1]!];
  }
  override getConfig(): Record<string, any> {
    const c = super.getConfig();
    delete c.noiseShape;
    return c;
  }
}

/** Spatial dropout for `[batch, height, width, channels]`. @example `spatialDropout2d({ rate: 0.2 })` */
export class SpatialDropout2D extends SpatialDropout1D {
  static override readonly className: string = 'SpatialDropout2D';
  protected override readonly spatialRank: number = 2;
  constructor(args: Omit<DropoutArgs, 'noiseShape'>) {
    super(args);
    this.inputSpec = { ndim: 4 };
  }
}

/** Spatial dropout for `[batch, d1, d2, d3, channels]`. @example `spatialDropout3d({ rate: 0.2 })` */
export class SpatialDropout3D extends SpatialDropout1D {
  static override readonly className: string = 'SpatialDropout3D';
  protected override readonly spatialRank: number = 3;
  constructor(args: Omit<DropoutArgs, 'noiseShape'>) {
    super(args);
    this.inputSpec = { ndim: 5 };
  }
}

/** Creates a {@link SpatialDropout1D}. @example `spatialDropout1d({ rate: 0.2 })` */
export const spatialDropout1d = (args: Omit<DropoutArgs, 'noiseShape'>): SpatialDropout1D => new SpatialDropout1D(args);
/** Creates a {@link SpatialDropout2D}. @example `spatialDropout2d({ rate: 0.2 })` */
export const spatialDropout2d = (args: Omit<DropoutArgs, 'noiseShape'>): SpatialDropout2D => new SpatialDropout2D(args);
/** Creates a {@link SpatialDropout3D}. @example `spatialDropout3d({ rate: 0.2 })` */
export const spatialDropout3d = (args: Omit<DropoutArgs, 'noiseShape'>): SpatialDropout3D => new SpatialDropout3D(args);
