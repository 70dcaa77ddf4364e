import * as I from './initializer.js';

/** All zeros. @example `initializers.zeros()` */
export const zeros = (): I.Initializer => new I.Zeros();
/** All ones. @example `initializers.ones()` */
export const ones = (): I.Initializer => new I.Ones();
/** A constant. @example `initializers.constant({ value: 0.5 })` */
export const constant = (args: { value?: number } = {}): I.Initializer => new I.Constant(args);
/** Uniform in [minval, maxval). @example `initializers.randomUniform({ minval: 0, maxval: 1 })` */
export const randomUniform = (args: ConstructorParameters<typeof I.RandomUniform>[0] = {}): I.Initializer => new I.RandomUniform(args);
/** Normal. @example `initializers.randomNormal({ stddev: 0.1 })` */
export const randomNormal = (args: ConstructorParameters<typeof I.RandomNormal>[0] = {}): I.Initializer => new I.RandomNormal(args);
/** Truncated normal. @example `initializers.truncatedNormal({ stddev: 0.1 })` */
export const truncatedNormal = (args: ConstructorParameters<typeof I.TruncatedNormal>[0] = {}): I.Initializer => new I.TruncatedNormal(args);
/** Variance scaling. @example `initializers.varianceScaling({ scale: 2 })` */
export const varianceScaling = (args: I.VarianceScalingArgs = {}): I.Initializer => new I.VarianceScaling(args);
/** Glorot uniform. @example `initializers.glorotUniform({ seed: 1 })` */
export const glorotUniform = (args: { seed?: number } = {}): I.Initializer => new I.GlorotUniform(args);
/** Glorot normal. @example `initializers.glorotNormal()` */
export const glorotNormal = (args: { seed?: number } = {}): I.Initializer => new I.GlorotNormal(args);
/** He uniform. @example `initializers.heUniform()` */
export const heUniform = (args: { seed?: number } = {}): I.Initializer => new I.HeUniform(args);
/** He normal. @example `initializers.heNormal()` */
export const heNormal = (args: { seed?: number } = {}): I.Initializer => new I.HeNormal(args);
/** LeCun uniform. @example `initializers.lecunUniform()` */
export const lecunUniform = (args: { seed?: number } = {}): I.Initializer => new I.LecunUniform(args);
/** LeCun normal. @example `initializers.lecunNormal()` */
export const lecunNormal = (args: { seed?: number } = {}): I.Initializer => new I.LecunNormal(args);
/** Orthogonal. @example `initializers.orthogonal({ gain: 1 })` */
export const orthogonal = (args: { gain?: number; seed?: number } = {}): I.Initializer => new I.Orthogonal(args);
/** Identity matrix. @example `initializers.identity()` */
export const identity = (args: { gain?: number } = {}): I.Initializer => new I.Identity(args);
