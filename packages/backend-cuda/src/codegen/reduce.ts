import { BLOCK, kernelProgram, treeReduceC, typedView, type CType, type KernelProgram } from './program.js';

/** Reductions over the last axis of a [rows, size] view, one block per row. */
export type ReduceOp = 'Sum' | 'Mean' | 'Prod' | 'Max' | 'Min' | 'All' | 'Any' | 'ArgMax' | 'ArgMin';

interface ReduceDef {
  init: string;
  initJs: number;
  /** C: combines `a` with `b` into `a`. */
  combine: (a: string, b: string) => string;
  combineJs: (a: number, b: number) => number;
}

const DEFS: Record<Exclude<ReduceOp, 'ArgMax' | 'ArgMin'>, ReduceDef> = {
  Sum: { init: '0', initJs: 0, combine: (a, b) => `${a} + ${b}`, combineJs: (a, b) => a + b },
  Mean: { init: '0', initJs: 0, combine: (a, b) => `${a} + ${b}`, combineJs: (a, b) => a + b },
  Prod: { init: '1', initJs: 1, combine: (a, b) => `${a} * ${b}`, combineJs: (a, b) => a * b },
  Max: {
    init: '-__int_as_float(0x7f800000)',
    initJs: -Infinity,
    combine: (a, b) => `((${b} > ${a} || ${b} != ${b}) ? ${b} : ${a})`,
    combineJs: (a, b) => (b > a || Number.isNaN(b) ? b : a),
  },
  Min: {
    init: '__int_as_float(0x7f800000)',
    initJs: Infinity,
    combine: (a, b) => `((${b} < ${a} || ${b} != ${b}) ? ${b} : ${a})`,
    combineJs: (a, b) => (b < a || Number.isNaN(b) ? b : a),
  },
  All: { init: '1', initJs: 1, combine: (a, b) => `((${a} != 0 && ${b} != 0) ? 1 : 0)`, combineJs: (a, b) => (a !== 0 && b !== 0 ? 1 : 0) },
  Any: { init: '0', initJs: 0, combine: (a, b) => `((${a} != 0 || ${b} != 0) ? 1 : 0)`, combineJs: (a, b) => (a !== 0 || b !== 0 ? 1 : 0) },
};

/**
 * A row reduction. Arguments: rows, out, in, size. `type` is the element type of input and output
 * (ArgMax/ArgMin always write int).
 */
export function reduceProgram(op: ReduceOp, type: CType): KernelProgram {
  const name = `sinew_reduce_${op}_${type[0]}`;
  if (op === 'ArgMax' || op === 'ArgMin') return argReduceProgram(name, op, type);
  const d = DEFS[op];
  const init = type === 'int' && (op === 'Max' || op === 'Min') ? (op === 'Max' ? '(-2147483647 - 1)' : '2147483647') : d.init;
  const finish = op === 'Mean' ? '(acc[0] / (float)size)' : 'acc[0]';
  const initJs = type === 'int' && (op === 'Max' || op === 'Min') ? (op === 'Max' ? -2147483648 : 2147483647) : d.initJs;
  return kernelProgram({
    name,
    launch: 'rows',
    params: `int rows, ${type}* __restrict__ out, const ${type}* __restrict__ in, int size`,
    body: `__shared__ ${type} acc[${BLOCK}];
  SINEW_ROWS(row, rows) {
    const ${type}* x = in + (long long)row * size;
    ${type} a = (${type})(${init});
    for (int j = threadIdx.x; j < size; j += blockDim.x) { ${type} v = x[j]; a = ${d.combine('a', 'v')}; }
    acc[threadIdx.x] = a;
    ${treeReduceC(`{ ${type} p = acc[threadIdx.x]; ${type} q = acc[threadIdx.x + s]; acc[threadIdx.x] = ${d.combine('p', 'q')}; }`)}
    if (threadIdx.x == 0) out[row] = (${type})(${finish});
    __syncthreads();
  }`,
    reference(args, mem) {
      const [rows, outP, inP, size] = args as [number, number, number, number];
      const out = typedView(mem, type, outP);
      const x = typedView(mem, type, inP);
      for (let r = 0; r < rows; r++) {
        let a = initJs;
        for (let j = 0; j < size; j++) a = d.combineJs(a, x[r * size + j]!);
        out[r] = op === 'Mean' ? a / size : a;
      }
    },
  });
}

function argReduceProgram(name: string, op: 'ArgMax' | 'ArgMin', type: CType): KernelProgram {
  const better = op === 'ArgMax' ? '>' : '<';
  return kernelProgram({
    name,
    launch: 'rows',
    params: `int rows, int* __restrict__ out, const ${type}* __restrict__ in, int size`,
    body: `__shared__ ${type} val[${BLOCK}];
  __shared__ int idx[${BLOCK}];
  SINEW_ROWS(row, rows) {
    const ${type}* x = in + (long long)row * size;
    int bi = -1; ${type} bv = 0;
    for (int j = threadIdx.x; j < size; j += blockDim.x) {
      ${type} v = x[j];
      if (bi < 0 || v ${better} bv) { bv = v; bi = j; }
    }
    val[threadIdx.x] = bv; idx[threadIdx.x] = bi;
    ${treeReduceC(`{
        int oi = idx[threadIdx.x + s]; ${type} ov = val[threadIdx.x + s]; int mi = idx[threadIdx.x];
        if (oi >= 0 && (mi < 0 || ov ${better} val[threadIdx.x] || (ov == val[threadIdx.x] && oi < mi))) { val[threadIdx.x] = ov; idx[threadIdx.x] = oi; }
      }`)}
    if (threadIdx.x == 0) out[row] = idx[0] < 0 ? 0 : idx[0];
    __syncthreads();
  }`,
    reference(args, mem) {
      const [rows, outP, inP, size] = args as [number, number, number, number];
      const out = mem.i32(outP);
      const x = typedView(mem, type, inP);
      for (let r = 0; r < rows; r++) {
        let bi = 0;
        for (let j = 1; j < size; j++) {
          const v = x[r * size + j]!;
          const bv = x[r * size + bi]!;
          if (op === 'ArgMax' ? v > bv : v < bv) bi = j;
        }
        out[r] = bi;
      }
    },
  });
}

/** Softmax over the last axis of a [rows, size] view. Arguments: rows, out, in, size. */
export function softmaxProgram(): KernelProgram {
  return kernelProgram({
    name: 'sinew_softmax_f',
    launch: 'rows',
    params: `int rows, float* __restrict__ out, const float* __restrict__ in, int size`,
    body: `__shared__ float acc[${BLOCK}];
  SINEW_ROWS(row, rows) {
    const float* x = in + (long long)row * size;
    float* y = out + (long long)row * size;
    float m = -__int_as_float(0x7f800000);
    for (int j = threadIdx.x; j < size; j += blockDim.x) m = fmaxf(m, x[j]);
    acc[threadIdx.x] = m;
    ${treeReduceC('acc[threadIdx.x] = fmaxf(acc[threadIdx.x], acc[threadIdx.x + s]);')}
    m = acc[0];
    __syncthreads();
    float sum = 0.0f;
    for (int j = threadIdx.x; j < size; j += blockDim.x) sum += expf(x[j] - m);
    acc[threadIdx.x] = sum;
    ${treeReduceC('acc[threadIdx.x] += acc[threadIdx.x + s];')}
    sum = acc[0];
    for (int j = threadIdx.x; j < size; j += blockDim.x) y[j] = expf(x[j] - m) / sum;
    __syncthreads();
  }`,
    reference(args, mem) {
      const [rows, outP, inP, size] = args as [number, number, number, number];
      const y = mem.f32(outP);
      const x = mem.f32(inP);
      for (let r = 0; r < rows; r++) {
        let m = -Infinity;
        for (let j = 0; j < size; j++) m = Math.max(m, x[r * size + j]!);
        let s = 0;
        for (let j = 0; j < size; j++) s += Math.exp(x[r * size + j]! - m);
        for (let j = 0; j < size; j++) y[r * size + j] = Math.exp(x[r * size + j]! - m) / s;
      }
    },
  });
}
