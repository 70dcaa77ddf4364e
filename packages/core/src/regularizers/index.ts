export { L1L2, l1, l2, l1l2, getRegularizer, serializeRegularizer, type Regularizer, type RegularizerIdentifier } from './regularizer.js';
