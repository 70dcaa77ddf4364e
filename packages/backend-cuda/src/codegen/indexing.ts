import { intParams, kernelProgram, offsetCode, offsetOf, typedView, type CType, type KernelProgram } from './program.js';

/**
 * out[i] = in[base + offset(i)], the offset taken through `strides` over the output's `shape`.
 * Transpose (permuted strides), Slice and positive-stride StridedSlice (a base and scaled strides)
 * are all this one kernel. Arguments: n, out, in, base, shape_0.., strides_0..
 */
export function gatherStridedProgram(type: CType, rank: number): KernelProgram {
  return stridedCopyProgram(type, rank, 'gather');
}

/**
 * out[base + offset(i)] = in[i]: writes a contiguous input into a strided window of the output
 * (Concat writes each input this way). Arguments: n, out, in, base, shape_0.., strides_0..
 */
export function scatterStridedProgram(type: CType, rank: number): KernelProgram {
  return stridedCopyProgram(type, rank, 'scatter');
}

/** The strided copy in either direction: the strided side is `in` for 'gather', `out` for 'scatter'. */
function stridedCopyProgram(type: CType, rank: number, dir: 'gather' | 'scatter'): KernelProgram {
  return kernelProgram({
    name: `sinew_${dir}_strided_${type[0]}_r${rank}`,
    launch: 'elements',
    params: `int n, ${type}* __restrict__ out, const ${type}* __restrict__ in, int base${rank > 0 ? ', ' + intParams('s', rank) + ', ' + intParams('t', rank) : ''}`,
    body: `SINEW_LOOP(i, n) {
    ${offsetCode('o', 'i', 's', 't', rank)}
    ${dir === 'gather' ? 'out[i] = in[base + o];' : 'out[base + o] = in[i];'}
  }`,
    reference(a, mem) {
      const [n, outP, inP, base] = a as [number, number, number, number];
      const shape = a.slice(4, 4 + rank);
      const strides = a.slice(4 + rank, 4 + 2 * rank);
      const out = typedView(mem, type, outP);
      const x = typedView(mem, type, inP);
      for (let i = 0; i < n; i++) {
        const o = base + offsetOf(i, shape, strides);
        if (dir === 'gather') out[i] = x[o]!;
        else out[o] = x[i]!;
      }
    },
  });
}

/**
 * Constant padding (PadV2) and tiling (Tile) share one kernel: each output coordinate c_d maps to the
 * input coordinate c_d - before_d (padding: outside the input reads `value`) or c_d mod in_d (tiling).
 * Arguments: n, out, in, outShape_0.., inShape_0.., before_0.., value.
 */
export function padTileProgram(type: CType, rank: number, mode: 'pad' | 'tile'): KernelProgram {
  const dims: string[] = [];
  for (let d = rank - 1; d >= 0; d--) {
    dims.push(`{ int c = r_ % s${d}; r_ /= s${d};`);
    if (mode === 'pad') dims.push(`  c -= b${d}; if (c < 0 || c >= x${d}) inside = false;`);
    else dims.push(`  c = c % x${d};`);
    dims.push(`  off += c * st_; st_ *= x${d}; }`);
  }
  return kernelProgram({
    name: `sinew_${mode}_${type[0]}_r${rank}`,
    launch: 'elements',
    params: `int n, ${type}* __restrict__ out, const ${type}* __restrict__ in, ${intParams('s', rank)}, ${intParams('x', rank)}, ${intParams('b', rank)}, ${type} value`,
    body: `SINEW_LOOP(i, n) {
    int r_ = i; int off = 0; int st_ = 1; bool inside = true;
    ${dims.join('\n    ')}
    out[i] = inside ? in[off] : value;
  }`,
    reference(a, mem) {
      const [n, outP, inP] = a as [number, number, number];
      const s = a.slice(3, 3 + rank);
      const x = a.slice(3 + rank, 3 + 2 * rank);
      const before = a.slice(3 + 2 * rank, 3 + 3 * rank);
      const value = a[3 + 3 * rank]!;
      const out = typedView(mem, type, outP);
      const input = typedView(mem, type, inP);
      for (let i = 0; i < n; i++) {
        let r = i;
        let off = 0;
        let st = 1;
        let inside = true;
        for (let d = rank - 1; d >= 0; d--) {
          let c = r % s[d]!;
          r = Math.floor(r / s[d]!);
          if (mode === 'pad') {
            c -= before[d]!;
            if (c < 0 || c >= x[d]!) inside = false;
          } else c = c % x[d]!;
          off += c * st;
          st *= x[d]!;
        }
        out[i] = inside ? input[off]! : value;
      }
    },
  });
}

/**
 * GatherV2 with batchDims 0: x viewed as [outer, axisSize, inner], indices flat [count], out
 * [outer, count, inner]. Out-of-range indices read 0, where tfjs-backend-cpu throws: checking them
 * would cost a device-to-host read on every call.
 * Arguments: n, out, x, indices, axisSize, count, inner.
 */
export function gatherProgram(type: CType): KernelProgram {
  return kernelProgram({
    name: `sinew_gather_${type[0]}`,
    launch: 'elements',
    params: `int n, ${type}* __restrict__ out, const ${type}* __restrict__ x, const int* __restrict__ indices, int axisSize, int count, int inner`,
    body: `SINEW_LOOP(i, n) {
    int k = i % inner; int j = (i / inner) % count; int o = i / (inner * count);
    int idx = indices[j];
    out[i] = (idx < 0 || idx >= axisSize) ? (${type})0 : x[((long long)o * axisSize + idx) * inner + k];
  }`,
    reference(args, mem) {
      const [n, outP, xP, idxP, axisSize, count, inner] = args as number[] as [number, number, number, number, number, number, number];
      const out = typedView(mem, type, outP);
      const x = typedView(mem, type, xP);
      const indices = mem.i32(idxP);
      for (let i = 0; i < n; i++) {
        const k = i % inner;
        const j = Math.floor(i / inner) % count;
        const o = Math.floor(i / (inner * count));
        const idx = indices[j]!;
        out[i] = idx < 0 || idx >= axisSize ? 0 : x[(o * axisSize + idx) * inner + k]!;
      }
    },
  });
}

/** OneHot: out[i] = indices[i / depth] == i % depth ? on : off. Arguments: n, out, indices, depth, on, off. */
export function oneHotProgram(type: CType): KernelProgram {
  return kernelProgram({
    name: `sinew_one_hot_${type[0]}`,
    launch: 'elements',
    params: `int n, ${type}* __restrict__ out, const int* __restrict__ indices, int depth, ${type} on, ${type} off`,
    body: `SINEW_LOOP(i, n) { out[i] = indices[i / depth] == i % depth ? on : off; }`,
    reference(args, mem) {
      const [n, outP, idxP, depth, on, off] = args as [number, number, number, number, number, number];
      const out = typedView(mem, type, outP);
      const indices = mem.i32(idxP);
      for (let i = 0; i < n; i++) out[i] = indices[Math.floor(i / depth)] === i % depth ? on : off;
    },
  });
}

/**
 * UnsortedSegmentSum into a zero-filled output: x viewed as [rows, inner], ids [rows];
 * out[ids[r], k] += x[r, k] with atomics (ids outside [0, numSegments) are dropped, as in tfjs).
 * Arguments: n, out, x, ids, inner, numSegments.
 */
export function segmentSumProgram(type: CType): KernelProgram {
  return kernelProgram({
    name: `sinew_segment_sum_${type[0]}`,
    launch: 'elements',
    params: `int n, ${type}* __restrict__ out, const ${type}* __restrict__ x, const int* __restrict__ ids, int inner, int numSegments`,
    body: `SINEW_LOOP(i, n) {
    int s = ids[i / inner];
    if (s >= 0 && s < numSegments) atomicAdd(out + (long long)s * inner + (i % inner), x[i]);
  }`,
    reference(args, mem) {
      const [n, outP, xP, idsP, inner, numSegments] = args as [number, number, number, number, number, number];
      const out = typedView(mem, type, outP);
      const x = typedView(mem, type, xP);
      const ids = mem.i32(idsP);
      for (let i = 0; i < n; i++) {
        const s = ids[Math.floor(i / inner)]!;
        if (s >= 0 && s < numSegments) out[s * inner + (i % inner)]! += x[i]!;
      }
    },
  });
}
