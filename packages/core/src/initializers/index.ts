export {
  Initializer,
  computeFans,
  Zeros,
  Ones,
  Constant,
  RandomUniform,
  RandomNormal,
  TruncatedNormal,
  VarianceScaling,
  GlorotUniform,
  GlorotNormal,
  HeUniform,
  HeNormal,
  LecunUniform,
  LecunNormal,
  Orthogonal,
  Identity as IdentityInitializer,
  type VarianceScalingArgs,
  type SerializedObject,
} from './initializer.js';
export { getInitializer, serializeInitializer, type InitializerIdentifier } from './get-initializer.js';
export * as initializers from './factories.js';
