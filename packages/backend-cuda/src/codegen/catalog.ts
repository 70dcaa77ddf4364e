import { col2imProgram, im2colProgram } from './conv.js';
import { depthwiseBackpropFilterProgram, depthwiseBackpropInputProgram, depthwiseProgram } from './depthwise.js';
import { BINARY_OPS, PRELU_OP, SELECT_OP, UNARY_FLOAT_OPS, batchNormOp, castProgram, elementwiseProgram, type CType } from './elementwise.js';
import { gatherProgram, gatherStridedProgram, oneHotProgram, padTileProgram, scatterStridedProgram, segmentSumProgram } from './indexing.js';
import { poolGradProgram, poolProgram } from './pool.js';
import type { KernelProgram } from './program.js';
import { reduceProgram, softmaxProgram, type ReduceOp } from './reduce.js';

/** Highest rank the catalog enumerates for rank-specialised kernels (the backend makes any rank on demand). */
export const CATALOG_MAX_RANK = 6;

const TYPES: CType[] = ['float', 'int'];

/**
 * Every kernel family in every variant the backend can generate (rank-specialised ones up to
 * {@link CATALOG_MAX_RANK}), so a test can compile them all with nvcc before any GPU sees them.
 *
 * @example
 * ```ts
 * import { allKernelPrograms } from '@sinew/backend-cuda';
 * console.log(allKernelPrograms().length);
 * ```
 */
export function allKernelPrograms(): KernelProgram[] {
  const out: KernelProgram[] = [];
  const ranks = Array.from({ length: CATALOG_MAX_RANK + 1 }, (_, r) => r);
  for (const [name, op] of Object.entries(UNARY_FLOAT_OPS)) {
    out.push(elementwiseProgram({ tag: `un_${name}`, op, inTypes: ['float'], outType: 'float', params: op.params ?? 0, rank: 0 }));
  }
  for (const [name, op] of Object.entries(BINARY_OPS)) {
    for (const t of op.types) {
      for (const rank of ranks) {
        out.push(elementwiseProgram({ tag: `bin_${name}`, op, inTypes: [t, t], outType: op.out ? 'int' : t, params: 0, rank }));
      }
    }
  }
  for (const rank of ranks) {
    out.push(elementwiseProgram({ tag: 'prelu', op: PRELU_OP, inTypes: ['float', 'float'], outType: 'float', params: 0, rank }));
    for (const t of TYPES) out.push(elementwiseProgram({ tag: 'select', op: SELECT_OP, inTypes: ['int', t, t], outType: t, params: 0, rank }));
    for (const [o, sc] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const operands = 3 + (o ? 1 : 0) + (sc ? 1 : 0);
      out.push(elementwiseProgram({ tag: `bn_${o ? 'o' : ''}${sc ? 's' : ''}`, op: batchNormOp(o, sc), inTypes: Array<CType>(operands).fill('float'), outType: 'float', params: 1, rank }));
    }
  }
  for (const from of TYPES) for (const to of ['float', 'int', 'bool'] as const) out.push(castProgram(from, to));
  const reduceOps: ReduceOp[] = ['Sum', 'Mean', 'Prod', 'Max', 'Min', 'All', 'Any', 'ArgMax', 'ArgMin'];
  for (const op of reduceOps) for (const t of TYPES) out.push(reduceProgram(op, t));
  out.push(softmaxProgram());
  for (const t of TYPES) {
    for (const rank of ranks) {
      out.push(gatherStridedProgram(t, rank), scatterStridedProgram(t, rank));
      if (rank > 0) out.push(padTileProgram(t, rank, 'pad'), padTileProgram(t, rank, 'tile'));
    }
    out.push(gatherProgram(t), oneHotProgram(t), segmentSumProgram(t));
  }
  out.push(depthwiseProgram(), depthwiseBackpropInputProgram(), depthwiseBackpropFilterProgram());
  out.push(im2colProgram(), col2imProgram(), poolProgram('max'), poolProgram('avg'), poolGradProgram('max'), poolGradProgram('avg'));
  return out;
}
