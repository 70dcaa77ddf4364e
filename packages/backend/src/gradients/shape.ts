import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { axesOf, f32, inversePermutation, many, savedAt, single, unbroadcast, zerosFor } from './util.js';

/**
 * Routes `dy` back through any gather-like kernel: `pick` applied to a tensor holding each element's flat
 * index in `x` says where every output element came from, and a segment sum adds the gradients there.
 * Exact for slicing, mirroring and gathering with repeats.
 */
function scatterThrough(x: Tensor, dy: Tensor, pick: (indexOfEachElement: Tensor) => Tensor): Tensor {
  const index = tf.reshape(tf.range(0, x.size, 1, 'int32'), x.shape);
  const source = pick(index);
  const flat = tf.unsortedSegmentSum(tf.reshape(f32(dy), [-1]), tf.reshape(source, [-1]) as tf.Tensor1D, x.size);
  return tf.reshape(flat, x.shape);
}

/** Gradient of gather along `axis` (batchDims 0): transpose the gathered block first, segment-sum it back. */
function gatherGrad(x: Tensor, indices: Tensor, dy: Tensor, axis: number): Tensor {
  const outer = x.shape.slice(0, axis).reduce((n, d) => n * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((n, d) => n * d, 1);
  const rows = x.shape[axis] as number;
  const ids = tf.reshape(indices, [indices.size]) as tf.Tensor1D;
  if (outer === 1) {
    // The embedding case: rows of x are gathered, so their gradients are summed by id directly.
    return tf.reshape(tf.unsortedSegmentSum(tf.reshape(f32(dy), [indices.size, inner]), ids, rows), x.shape);
  }
  const byIndex = tf.transpose(tf.reshape(f32(dy), [outer, indices.size, inner]), [1, 0, 2]);
  const summed = tf.unsortedSegmentSum(byIndex, ids, rows);
  return tf.reshape(tf.transpose(summed, [1, 0, 2]), x.shape);
}

/** Gradients of the kernels that move, copy or select elements without arithmetic. */
export const shapeGradients: GradConfig[] = [
  {
    kernelName: 'Reshape',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = savedAt(saved, 1, 'Reshape') as [Tensor];
      return { x: () => tf.reshape(f32(single(dy)), x.shape) };
    },
  },
  {
    kernelName: 'ExpandDims',
    inputsToSave: ['input'],
    gradFunc: (dy, saved) => {
      const [input] = savedAt(saved, 1, 'ExpandDims') as [Tensor];
      return { input: () => tf.reshape(f32(single(dy)), input.shape) };
    },
  },
  {
    kernelName: 'Transpose',
    gradFunc: (dy, _saved, attrs) => {
      const perm = attrs.perm as number[];
      return { x: () => tf.transpose(f32(single(dy)), inversePermutation(perm)) };
    },
  },
  {
    kernelName: 'BroadcastTo',
    gradFunc: (dy, _saved, attrs) => {
      const inputShape = attrs.inputShape as number[];
      return { x: () => unbroadcast(single(dy), inputShape) };
    },
  },
  {
    kernelName: 'Concat',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const first = savedAt(saved, 1, 'Concat')[0] as Tensor;
      const [axis] = axesOf(attrs.axis as number, first.shape) as [number];
      const sizes = saved.map((t) => t.shape[axis] as number);
      const out: Record<string, () => Tensor> = {};
      saved.forEach((_t, i) => {
        out[i] = () => {
          const begin = first.shape.map(() => 0);
          begin[axis] = sizes.slice(0, i).reduce((a, b) => a + b, 0);
          const size = (saved[i] as Tensor).shape.slice();
          return tf.slice(f32(single(dy)), begin, size);
        };
      });
      return out;
    },
  },
  {
    kernelName: 'Pack',
    gradFunc: (dy, _saved, attrs) => {
      const g = f32(single(dy));
      const axis = (attrs.axis as number) < 0 ? (attrs.axis as number) + g.rank : (attrs.axis as number);
      const count = g.shape[axis] as number;
      const out: Record<string, () => Tensor> = {};
      for (let i = 0; i < count; i++) {
        out[i] = () => {
          const begin = g.shape.map(() => 0);
          begin[axis] = i;
          const size = g.shape.slice();
          size[axis] = 1;
          return tf.squeeze(tf.slice(g, begin, size), [axis]);
        };
      }
      return out;
    },
  },
  {
    kernelName: 'Unpack',
    gradFunc: (dy, _saved, attrs) => {
      const dys = many(dy).map(f32);
      const rank = (dys[0] as Tensor).rank + 1;
      const axis = (attrs.axis as number) < 0 ? (attrs.axis as number) + rank : (attrs.axis as number);
      return { value: () => tf.stack(dys, axis) };
    },
  },
  {
    kernelName: 'SplitV',
    gradFunc: (dy, _saved, attrs) => {
      const axis = attrs.axis as number;
      return { x: () => tf.concat(many(dy).map(f32), axis) };
    },
  },
  {
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'Slice') as [Tensor];
      const [begin, size] = tf.slice_util.parseSliceParams(
        x,
        attrs.begin as number | number[],
        attrs.size as number | number[],
      ) as [number[], number[]];
      const paddings = x.shape.map((d, i): [number, number] => [
        begin[i] as number,
        d - (begin[i] as number) - (size[i] as number),
      ]);
      return { x: () => tf.pad(f32(single(dy)), paddings) };
    },
  },
  {
    kernelName: 'StridedSlice',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'StridedSlice') as [Tensor];
      const a = attrs as {
        begin: number[];
        end: number[];
        strides: number[];
        beginMask: number;
        endMask: number;
        ellipsisMask: number;
        newAxisMask: number;
        shrinkAxisMask: number;
      };
      return {
        x: () =>
          scatterThrough(x, single(dy), (index) =>
            tf.stridedSlice(
              index,
              a.begin,
              a.end,
              a.strides,
              a.beginMask,
              a.endMask,
              a.ellipsisMask,
              a.newAxisMask,
              a.shrinkAxisMask,
            ),
          ),
      };
    },
  },
  {
    // Output block r·xᵢ + j along axis i copies x[j]: view dy as [r₀, x₀, r₁, x₁, …] and sum the r axes.
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'Tile') as [Tensor];
      const reps = attrs.reps as number[];
      return {
        x: () => {
          const interleaved = x.shape.flatMap((d, i) => [reps[i] as number, d]);
          const repAxes = x.shape.map((_d, i) => 2 * i);
          return tf.reshape(tf.sum(tf.reshape(f32(single(dy)), interleaved), repAxes), x.shape);
        },
      };
    },
  },
  {
    kernelName: 'PadV2',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'PadV2') as [Tensor];
      const paddings = attrs.paddings as Array<[number, number]>;
      return { x: () => tf.slice(f32(single(dy)), paddings.map((p) => p[0]), x.shape) };
    },
  },
  {
    // Mirrored borders copy interior elements, so their gradients add onto those elements.
    kernelName: 'MirrorPad',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = savedAt(saved, 1, 'MirrorPad') as [Tensor];
      const paddings = attrs.paddings as Array<[number, number]>;
      const mode = attrs.mode as 'reflect' | 'symmetric';
      return { x: () => scatterThrough(x, single(dy), (index) => tf.mirrorPad(index, paddings, mode)) };
    },
  },
  {
    kernelName: 'Reverse',
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.reverse(f32(single(dy)), attrs.dims as number | number[]) }),
  },
  {
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = savedAt(saved, 2, 'GatherV2') as [Tensor, Tensor];
      const [axis] = axesOf(attrs.axis as number, x.shape) as [number];
      const batchDims = (attrs.batchDims as number | undefined) ?? 0;
      return {
        x: () =>
          batchDims === 0
            ? gatherGrad(x, indices, single(dy), axis)
            : scatterThrough(x, single(dy), (index) => tf.gather(index, indices, axis, batchDims)),
        indices: () => zerosFor(indices),
      };
    },
  },
  {
    kernelName: 'GatherNd',
    inputsToSave: ['params', 'indices'],
    gradFunc: (dy, saved) => {
      const [params, indices] = savedAt(saved, 2, 'GatherNd') as [Tensor, Tensor];
      return {
        params: () => tf.scatterND(indices, f32(single(dy)), params.shape),
        indices: () => zerosFor(indices),
      };
    },
  },
  {
    // The adjoint of a segment sum is a gather by segment id; negative ids were dropped going forward.
    kernelName: 'UnsortedSegmentSum',
    inputsToSave: ['segmentIds'],
    gradFunc: (dy, saved) => {
      const [ids] = savedAt(saved, 1, 'UnsortedSegmentSum') as [Tensor];
      return {
        x: () => {
          const g = f32(single(dy));
          const gathered = tf.gather(g, tf.maximum(ids, tf.zerosLike(ids)));
          const keep = tf.cast(tf.greaterEqual(ids, 0), 'float32');
          const keepShape = [...ids.shape, ...g.shape.slice(1).map(() => 1)];
          return tf.mul(gathered, tf.reshape(keep, keepShape));
        },
        segmentIds: () => zerosFor(ids),
      };
    },
  },
  {
    kernelName: 'Select',
    inputsToSave: ['condition'],
    gradFunc: (dy, saved) => {
      const [condition] = savedAt(saved, 1, 'Select') as [Tensor];
      const g = f32(single(dy));
      return {
        condition: () => zerosFor(condition),
        t: () => tf.where(condition, g, tf.zerosLike(g)),
        e: () => tf.where(condition, tf.zerosLike(g), g),
      };
    },
  },
  {
    kernelName: 'SpaceToBatchND',
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.batchToSpaceND(f32(single(dy)), attrs.blockShape as number[], attrs.paddings as number[][]),
    }),
  },
  {
    kernelName: 'BatchToSpaceND',
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.spaceToBatchND(f32(single(dy)), attrs.blockShape as number[], attrs.crops as number[][]),
    }),
  },
  {
    // depthToSpace(x, b) reads x[n, h, w, (i·b + j)·C + c] into y[n, h·b + i, w·b + j, c]: a reshape and a
    // transpose, whose adjoint runs the same steps backwards.
    kernelName: 'DepthToSpace',
    gradFunc: (dy, _saved, attrs) => {
      const b = attrs.blockSize as number;
      if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') {
        throw new Error(`Sinew gradient for DepthToSpace: only dataFormat 'NHWC' is supported, received '${String(attrs.dataFormat)}'`);
      }
      return {
        x: () => {
          const g = f32(single(dy));
          const [n, hb, wb, c] = g.shape as [number, number, number, number];
          const blocks = tf.reshape(g, [n, hb / b, b, wb / b, b, c]);
          return tf.reshape(tf.transpose(blocks, [0, 1, 3, 2, 4, 5]), [n, hb / b, wb / b, b * b * c]);
        },
      };
    },
  },
  {
    // scatterND writes updates at indices (adding duplicates), so each update's gradient is read back there.
    kernelName: 'ScatterNd',
    inputsToSave: ['indices'],
    gradFunc: (dy, saved) => {
      const [indices] = savedAt(saved, 1, 'ScatterNd') as [Tensor];
      return {
        updates: () => tf.gatherND(f32(single(dy)), indices),
        indices: () => zerosFor(indices),
      };
    },
  },
  {
    // topk's values are x gathered along the last axis at the returned indices (output 1, an int tensor,
    // so saving it detached loses nothing); their gradients are scattered back there.
    kernelName: 'TopK',
    inputsToSave: ['x'],
    outputsToSave: [false, true],
    gradFunc: (dys, saved) => {
      const [x, indices] = savedAt(saved, 2, 'TopK') as [Tensor, Tensor];
      const dValues = many(dys)[0] as Tensor;
      return {
        x: () => {
          const n = x.shape[x.rank - 1] as number;
          const k = indices.shape[indices.rank - 1] as number;
          const rows = x.size / n;
          const rowStart = tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(n, 'int32'));
          const flatIds = tf.add(tf.reshape(indices, [rows, k]), tf.reshape(rowStart, [rows, 1]));
          const flat = tf.unsortedSegmentSum(
            tf.reshape(f32(dValues), [-1]),
            tf.reshape(flatIds, [-1]) as tf.Tensor1D,
            x.size,
          );
          return tf.reshape(flat, x.shape);
        },
      };
    },
  },
  {
    kernelName: 'OneHot',
    inputsToSave: ['indices'],
    gradFunc: (_dy, saved) => {
      const [indices] = savedAt(saved, 1, 'OneHot') as [Tensor];
      return { indices: () => zerosFor(indices) };
    },
  },
];
