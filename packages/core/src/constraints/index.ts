export {
  Constraint,
  MaxNorm,
  UnitNorm,
  NonNeg,
  MinMaxNorm,
  maxNorm,
  unitNorm,
  nonNeg,
  minMaxNorm,
  getConstraint,
  serializeConstraint,
  type ConstraintIdentifier,
} from './constraint.js';
