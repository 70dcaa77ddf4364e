import type { KernelArg } from '../driver/types.js';
import { BLOCK, PRELUDE, argValues, type HostMemory, type KernelProgram } from './program.js';

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
export function reduceProgram(op: ReduceOp, type: 'float' | 'int'): KernelProgram {
  const name = `sinew_reduce_${op}_${type[0]}`;
  if (op === 'ArgMax' || op === 'ArgMin') return argReduceProgram(name, op, type);
  const d = DEFS[op];
  const init = type === 'int' && (op === 'Max' || op === 'Min') ? (op === 'Max' ? '(-2147483647 - 1)' : '2147483647') : d.init;
  const finish = op === 'Mean' ? '(acc[0] / (float)size)' : 'acc[0]';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int rows, ${type}* __restrict__ out, const ${type}* __restrict__ in, int size) {
  __shared__ ${type} acc[${BLOCK}];
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    const ${type}* x = in + (long long)row * size;
    ${type} a = (${type})(${init});
    for (int j = threadIdx.x; j < size; j += blockDim.x) { ${type} v = x[j]; a = ${d.combine('a', 'v')}; }
    acc[threadIdx.x] = a;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) { ${type} p = acc[threadIdx.x]; ${type} q = acc[threadIdx.x + s]; acc[threadIdx.x] = ${d.combine('p', 'q')}; }
      __syncthreads();
    }
    if (threadIdx.x == 0) out[row] = (${type})(${finish});
    __syncthreads();
  }
}
`;
  const initJs = type === 'int' && (op === 'Max' || op === 'Min') ? (op === 'Max' ? -2147483648 : 2147483647) : d.initJs;
  return {
    name,
    source,
    launch: 'rows',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const [rows, outP, inP, size] = argValues(args) as [number, number, number, number];
      const out = type === 'float' ? mem.f32(outP) : mem.i32(outP);
      const x = type === 'float' ? mem.f32(inP) : mem.i32(inP);
      for (let r = 0; r < rows; r++) {
        let a = initJs;
        for (let j = 0; j < size; j++) a = d.combineJs(a, x[r * size + j]!);
        out[r] = op === 'Mean' ? a / size : a;
      }
    },
  };
}

function argReduceProgram(name: string, op: 'ArgMax' | 'ArgMin', type: 'float' | 'int'): KernelProgram {
  const better = op === 'ArgMax' ? '>' : '<';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int rows, int* __restrict__ out, const ${type}* __restrict__ in, int size) {
  __shared__ ${type} val[${BLOCK}];
  __shared__ int idx[${BLOCK}];
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    const ${type}* x = in + (long long)row * size;
    int bi = -1; ${type} bv = 0;
    for (int j = threadIdx.x; j < size; j += blockDim.x) {
      ${type} v = x[j];
      if (bi < 0 || v ${better} bv) { bv = v; bi = j; }
    }
    val[threadIdx.x] = bv; idx[threadIdx.x] = bi;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) {
        int oi = idx[threadIdx.x + s]; ${type} ov = val[threadIdx.x + s]; int mi = idx[threadIdx.x];
        if (oi >= 0 && (mi < 0 || ov ${better} val[threadIdx.x] || (ov == val[threadIdx.x] && oi < mi))) { val[threadIdx.x] = ov; idx[threadIdx.x] = oi; }
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) out[row] = idx[0] < 0 ? 0 : idx[0];
    __syncthreads();
  }
}
`;
  return {
    name,
    source,
    launch: 'rows',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const [rows, outP, inP, size] = argValues(args) as [number, number, number, number];
      const out = mem.i32(outP);
      const x = type === 'float' ? mem.f32(inP) : mem.i32(inP);
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
  };
}

/** Softmax over the last axis of a [rows, size] view. Arguments: rows, out, in, size. */
export function softmaxProgram(): KernelProgram {
  const name = 'sinew_softmax_f';
  const source = `${PRELUDE}
extern "C" __global__ void ${name}(int rows, float* __restrict__ out, const float* __restrict__ in, int size) {
  __shared__ float acc[${BLOCK}];
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    const float* x = in + (long long)row * size;
    float* y = out + (long long)row * size;
    float m = -__int_as_float(0x7f800000);
    for (int j = threadIdx.x; j < size; j += blockDim.x) m = fmaxf(m, x[j]);
    acc[threadIdx.x] = m;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) acc[threadIdx.x] = fmaxf(acc[threadIdx.x], acc[threadIdx.x + s]);
      __syncthreads();
    }
    m = acc[0];
    __syncthreads();
    float sum = 0.0f;
    for (int j = threadIdx.x; j < size; j += blockDim.x) sum += expf(x[j] - m);
    acc[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
      if (threadIdx.x < s) acc[threadIdx.x] += acc[threadIdx.x + s];
      __syncthreads();
    }
    sum = acc[0];
    for (int j = threadIdx.x; j < size; j += blockDim.x) y[j] = expf(x[j] - m) / sum;
    __syncthreads();
  }
}
`;
  return {
    name,
    source,
    launch: 'rows',
    reference(args: readonly KernelArg[], mem: HostMemory) {
      const [rows, outP, inP, size] = argValues(args) as [number, number, number, number];
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
  };
}
