import { intParams, kernelProgram, offsetCode, offsetOf, typedView, type CType, type KernelProgram } from './program.js';

export type { CType };

/** One elementwise operation: its C expression and its JS twin over inputs `v` and float params `p`. */
export interface ElementwiseOp {
  c: (v: string[], p: string[]) => string;
  js: (v: number[], p: number[]) => number;
}

function f(c: (x: string) => string, js: (x: number) => number): ElementwiseOp {
  return { c: (v) => c(v[0]!), js: (v) => js(v[0]!) };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Float unary operations, keyed by tfjs kernel name. */
export const UNARY_FLOAT_OPS: Record<string, ElementwiseOp & { params?: number }> = {
  Abs: f((x) => `fabsf(${x})`, Math.abs),
  Neg: f((x) => `(-${x})`, (x) => -x),
  Exp: f((x) => `expf(${x})`, Math.exp),
  Expm1: f((x) => `expm1f(${x})`, Math.expm1),
  Log: f((x) => `logf(${x})`, Math.log),
  Log1p: f((x) => `log1pf(${x})`, Math.log1p),
  Sqrt: f((x) => `sqrtf(${x})`, Math.sqrt),
  Rsqrt: f((x) => `rsqrtf(${x})`, (x) => 1 / Math.sqrt(x)),
  Square: f((x) => `(${x} * ${x})`, (x) => x * x),
  Reciprocal: f((x) => `(1.0f / ${x})`, (x) => 1 / x),
  Relu: f((x) => `(${x} < 0.0f ? 0.0f : ${x})`, (x) => (x < 0 ? 0 : x)),
  Relu6: f((x) => `(${x} < 0.0f ? 0.0f : (${x} > 6.0f ? 6.0f : ${x}))`, (x) => (x < 0 ? 0 : x > 6 ? 6 : x)),
  Sigmoid: f((x) => `(1.0f / (1.0f + expf(-${x})))`, (x) => 1 / (1 + Math.exp(-x))),
  Tanh: f((x) => `tanhf(${x})`, Math.tanh),
  Softplus: f(
    (x) => `(${x} > 20.0f ? ${x} : (${x} < -20.0f ? expf(${x}) : log1pf(expf(${x}))))`,
    (x) => (x > 20 ? x : x < -20 ? Math.exp(x) : Math.log1p(Math.exp(x))),
  ),
  Elu: f((x) => `(${x} >= 0.0f ? ${x} : expm1f(${x}))`, (x) => (x >= 0 ? x : Math.expm1(x))),
  Selu: f(
    (x) => `(${x} >= 0.0f ? 1.0507009873554805f * ${x} : 1.7580993408473766f * expm1f(${x}))`,
    (x) => (x >= 0 ? 1.0507009873554805 * x : 1.7580993408473766 * Math.expm1(x)),
  ),
  Sin: f((x) => `sinf(${x})`, Math.sin),
  Cos: f((x) => `cosf(${x})`, Math.cos),
  Tan: f((x) => `tanf(${x})`, Math.tan),
  Asin: f((x) => `asinf(${x})`, Math.asin),
  Acos: f((x) => `acosf(${x})`, Math.acos),
  Atan: f((x) => `atanf(${x})`, Math.atan),
  Sinh: f((x) => `sinhf(${x})`, Math.sinh),
  Cosh: f((x) => `coshf(${x})`, Math.cosh),
  Asinh: f((x) => `asinhf(${x})`, Math.asinh),
  Acosh: f((x) => `acoshf(${x})`, Math.acosh),
  Atanh: f((x) => `atanhf(${x})`, Math.atanh),
  Floor: f((x) => `floorf(${x})`, Math.floor),
  Ceil: f((x) => `ceilf(${x})`, Math.ceil),
  Round: f((x) => `rintf(${x})`, roundHalfEven),
  Sign: f((x) => `(${x} > 0.0f ? 1.0f : (${x} < 0.0f ? -1.0f : 0.0f))`, (x) => (x > 0 ? 1 : x < 0 ? -1 : 0)),
  LeakyRelu: { c: (v, p) => `(${v[0]} < 0.0f ? ${p[0]} * ${v[0]} : ${v[0]})`, js: ([x], [a]) => (x! < 0 ? a! * x! : x!), params: 1 },
  Step: { c: (v, p) => `(${v[0]} != ${v[0]} ? ${v[0]} : (${v[0]} > 0.0f ? 1.0f : ${p[0]}))`, js: ([x], [a]) => (Number.isNaN(x) ? x! : x! > 0 ? 1 : a!), params: 1 },
  ClipByValue: {
    c: (v, p) => `(${v[0]} < ${p[0]} ? ${p[0]} : (${v[0]} > ${p[1]} ? ${p[1]} : ${v[0]}))`,
    js: ([x], [lo, hi]) => (x! < lo! ? lo! : x! > hi! ? hi! : x!),
    params: 2,
  },
};

function b(c: (a: string, b: string) => string, js: (a: number, b: number) => number): ElementwiseOp {
  return { c: (v) => c(v[0]!, v[1]!), js: (v) => js(v[0]!, v[1]!) };
}

function jsMod(a: number, m: number): number {
  const r = a % m;
  return (a < 0 && m < 0) || (a >= 0 && m >= 0) ? r : (r + m) % m;
}

/** Binary operations, keyed by tfjs kernel name, with the input types they run natively on. */
export const BINARY_OPS: Record<string, ElementwiseOp & { types: CType[]; out?: 'bool' | 'int32' }> = {
  Add: { ...b((x, y) => `(${x} + ${y})`, (x, y) => x + y), types: ['float', 'int'] },
  Sub: { ...b((x, y) => `(${x} - ${y})`, (x, y) => x - y), types: ['float', 'int'] },
  Multiply: { ...b((x, y) => `(${x} * ${y})`, (x, y) => x * y), types: ['float', 'int'] },
  RealDiv: { ...b((x, y) => `(${x} / ${y})`, (x, y) => x / y), types: ['float'] },
  Maximum: { ...b((x, y) => `((${x} > ${y} || ${x} != ${x}) ? ${x} : ${y})`, (x, y) => (x > y || Number.isNaN(x) ? x : y)), types: ['float', 'int'] },
  Minimum: { ...b((x, y) => `((${x} < ${y} || ${x} != ${x}) ? ${x} : ${y})`, (x, y) => (x < y || Number.isNaN(x) ? x : y)), types: ['float', 'int'] },
  Pow: { ...b((x, y) => `powf(${x}, ${y})`, Math.pow), types: ['float'] },
  SquaredDifference: { ...b((x, y) => `((${x} - ${y}) * (${x} - ${y}))`, (x, y) => (x - y) * (x - y)), types: ['float'] },
  FloorDiv: { ...b((x, y) => `floorf(${x} / ${y})`, (x, y) => Math.floor(x / y)), types: ['float'], out: 'int32' },
  Mod: {
    ...b((x, y) => `((${x} < 0.0f) == (${y} < 0.0f) ? fmodf(${x}, ${y}) : fmodf(fmodf(${x}, ${y}) + ${y}, ${y}))`, jsMod),
    types: ['float'],
  },
  Atan2: { ...b((x, y) => `atan2f(${x}, ${y})`, Math.atan2), types: ['float'] },
  Equal: { ...b((x, y) => `(${x} == ${y} ? 1 : 0)`, (x, y) => (x === y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  NotEqual: { ...b((x, y) => `(${x} != ${y} ? 1 : 0)`, (x, y) => (x !== y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  Less: { ...b((x, y) => `(${x} < ${y} ? 1 : 0)`, (x, y) => (x < y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  LessEqual: { ...b((x, y) => `(${x} <= ${y} ? 1 : 0)`, (x, y) => (x <= y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  Greater: { ...b((x, y) => `(${x} > ${y} ? 1 : 0)`, (x, y) => (x > y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  GreaterEqual: { ...b((x, y) => `(${x} >= ${y} ? 1 : 0)`, (x, y) => (x >= y ? 1 : 0)), types: ['float', 'int'], out: 'bool' },
  LogicalAnd: { ...b((x, y) => `((${x} != 0 && ${y} != 0) ? 1 : 0)`, (x, y) => (x !== 0 && y !== 0 ? 1 : 0)), types: ['int'], out: 'bool' },
  LogicalOr: { ...b((x, y) => `((${x} != 0 || ${y} != 0) ? 1 : 0)`, (x, y) => (x !== 0 || y !== 0 ? 1 : 0)), types: ['int'], out: 'bool' },
};

/** Prelu: x < 0 ? alpha * x : x (inputs x, alpha). */
export const PRELU_OP: ElementwiseOp = {
  c: (v) => `(${v[0]} < 0.0f ? ${v[1]} * ${v[0]} : ${v[0]})`,
  js: ([x, a]) => (x! < 0 ? a! * x! : x!),
};

/** Select: condition != 0 ? t : e (inputs condition, t, e). */
export const SELECT_OP: ElementwiseOp = { c: (v) => `(${v[0]} != 0 ? ${v[1]} : ${v[2]})`, js: ([c, t, e]) => (c !== 0 ? t! : e!) };

/** The batch-norm expression for the inputs present: x, mean, variance, then offset and/or scale. */
export function batchNormOp(hasOffset: boolean, hasScale: boolean): ElementwiseOp {
  const scaleAt = hasOffset ? 4 : 3;
  return {
    c: (v, p) => `((${v[0]} - ${v[1]})${hasScale ? ` * ${v[scaleAt]}` : ''} / sqrtf(${v[2]} + ${p[0]})${hasOffset ? ` + ${v[3]}` : ''})`,
    js: (v, p) => ((v[0]! - v[1]!) * (hasScale ? v[scaleAt]! : 1)) / Math.sqrt(v[2]! + p[0]!) + (hasOffset ? v[3]! : 0),
  };
}

/** What an elementwise kernel is specialised on. */
export interface ElementwiseSpec {
  /** A name fragment unique to the operation, e.g. 'un_Relu'. */
  tag: string;
  op: ElementwiseOp;
  inTypes: CType[];
  outType: CType;
  /** Number of float parameters after the strides. */
  params: number;
  /**
   * 0 when every input has the output's shape (flat indexing); otherwise the output rank, and each
   * input is read through broadcast strides.
   */
  rank: number;
}

/**
 * An elementwise kernel over N inputs with broadcasting.
 * Arguments: n, out, in_0..in_{N-1}, [shape_0..shape_{R-1}, strides of each input], params.
 */
export function elementwiseProgram(spec: ElementwiseSpec): KernelProgram {
  const { tag, op, inTypes, outType, params, rank } = spec;
  const sig = inTypes.map((t) => t[0]).join('') + outType[0];
  const inParams = inTypes.map((t, k) => `const ${t}* __restrict__ in${k}`).join(', ');
  const shapeParams = rank > 0 ? ', ' + intParams('s', rank) + ', ' + inTypes.map((_, k) => intParams(`t${k}_`, rank)).join(', ') : '';
  const floatParams = Array.from({ length: params }, (_, k) => `, float p${k}`).join('');
  const loads = inTypes
    .map((_, k) => (rank > 0 ? `${offsetCode(`o${k}`, 'i', 's', `t${k}_`, rank)} ${inTypes[k]} v${k} = in${k}[o${k}];` : `${inTypes[k]} v${k} = in${k}[i];`))
    .join('\n    ');
  const expr = op.c(inTypes.map((_, k) => `v${k}`), Array.from({ length: params }, (_, k) => `p${k}`));
  return kernelProgram({
    name: `sinew_ew_${tag}_${sig}_r${rank}`,
    launch: 'elements',
    params: `int n, ${outType}* __restrict__ out, ${inParams}${shapeParams}${floatParams}`,
    body: `SINEW_LOOP(i, n) {
    ${loads}
    out[i] = (${outType})(${expr});
  }`,
    reference(a, mem) {
      const n = a[0]!;
      const out = typedView(mem, outType, a[1]!);
      const ins = inTypes.map((t, k) => typedView(mem, t, a[2 + k]!));
      let pos = 2 + inTypes.length;
      const shape = a.slice(pos, pos + rank);
      pos += rank;
      const strides = inTypes.map(() => {
        const s = a.slice(pos, pos + rank);
        pos += rank;
        return s;
      });
      const p = a.slice(pos, pos + params).map(Math.fround);
      const v = new Array<number>(ins.length);
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < ins.length; k++) v[k] = ins[k]![rank > 0 ? offsetOf(i, shape, strides[k]!) : i]!;
        const r = op.js(v, p);
        out[i] = outType === 'int' ? Math.trunc(r) : r;
      }
    },
  });
}

/** Conversions between device element types, for the Cast kernel. */
export function castProgram(from: CType, to: CType | 'bool'): KernelProgram {
  const toC: CType = to === 'bool' ? 'int' : to;
  const op: ElementwiseOp =
    to === 'bool'
      ? { c: (v) => `(${v[0]} != 0 ? 1 : 0)`, js: ([x]) => (x !== 0 ? 1 : 0) }
      : { c: (v) => `(${toC})(${v[0]})`, js: ([x]) => (toC === 'int' ? Math.trunc(x!) : x!) };
  return elementwiseProgram({ tag: `cast_${to}`, op, inTypes: [from], outType: toC, params: 0, rank: 0 });
}
