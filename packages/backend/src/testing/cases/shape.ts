import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

/** Shape and data-movement kernels (their gradients route values back unchanged). */
export const shapeCases: ConformanceCase[] = [
  { name: 'shape/reshape', kernels: ['Reshape'], inputs: [{ shape: [2, 6] }], fn: (x) => tf.mul(tf.reshape(x!, [3, 4]), 2) },
  { name: 'shape/transpose', kernels: ['Transpose'], inputs: [{ shape: [2, 3, 4] }], fn: (x) => tf.transpose(x!, [2, 0, 1]) },
  { name: 'shape/slice', kernels: ['Slice'], inputs: [{ shape: [4, 5] }], fn: (x) => tf.slice(x!, [1, 2], [2, 3]) },
  { name: 'shape/strided-slice', kernels: ['StridedSlice'], inputs: [{ shape: [5, 6] }], fn: (x) => tf.stridedSlice(x!, [0, 1], [5, 6], [2, 2]) },
  { name: 'shape/concat-axis1', kernels: ['Concat'], inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], fn: (a, b) => tf.concat([a!, b!], 1) },
  { name: 'shape/split-uneven', kernels: ['SplitV'], inputs: [{ shape: [2, 6] }], fn: (x) => { const [a, b] = tf.split(x!, [2, 4], 1) as [tf.Tensor, tf.Tensor]; return tf.add(tf.mul(a, 3), tf.sum(b, 1, true)); } },
  {
    name: 'shape/stack-unstack',
    kernels: ['Pack', 'Unpack'],
    inputs: [{ shape: [3, 2] }],
    // A copy before reversing: tfjs's tape holds the very array unstack returns, so reversing it in
    // place would silently reorder the recorded outputs (and the gradient).
    fn: (x) => tf.stack([...tf.unstack(x!)].reverse(), 1),
  },
  { name: 'shape/pad', kernels: ['PadV2'], inputs: [{ shape: [2, 3] }], fn: (x) => tf.pad(x!, [[1, 0], [2, 1]], 0.5) },
  { name: 'shape/tile', kernels: ['Tile'], inputs: [{ shape: [2, 3] }], fn: (x) => tf.tile(x!, [2, 2]) },
  { name: 'shape/reverse', kernels: ['Reverse'], inputs: [{ shape: [3, 4] }], fn: (x) => tf.reverse(x!, 1) },
  { name: 'shape/expand-squeeze', kernels: ['Reshape'], inputs: [{ shape: [3, 1, 2] }], fn: (x) => tf.expandDims(tf.squeeze(x!, [1]), 0) },
  { name: 'shape/broadcast-to', kernels: ['Tile'], inputs: [{ shape: [1, 3] }], fn: (x) => tf.broadcastTo(x!, [4, 3]) },
  // Rank 5 (3-D convolutional models: [batch, depth, height, width, channels]): tfjs-backend-webgpu's
  // coordinate-indexed shaders only compile to rank 4, so these catch backends that fail past it. The tile
  // input is computed first: tfjs-backend-webgpu tiles a rank-5 tensor on the CPU, reading it back.
  { name: 'shape/pad-rank5', kernels: ['PadV2'], inputs: [{ shape: [2, 2, 3, 2, 2] }], fn: (x) => tf.pad(x!, [[0, 0], [1, 0], [0, 1], [1, 1], [0, 0]], 0.25) },
  { name: 'shape/transpose-rank5', kernels: ['Transpose'], inputs: [{ shape: [2, 3, 2, 2, 3] }], fn: (x) => tf.transpose(x!, [0, 4, 1, 2, 3]) },
  { name: 'shape/slice-rank5', kernels: ['Slice'], inputs: [{ shape: [2, 3, 4, 3, 2] }], fn: (x) => tf.slice(x!, [0, 1, 1, 0, 1], [2, 2, 2, 3, 1]) },
  { name: 'shape/concat-rank5-axis4', kernels: ['Concat'], inputs: [{ shape: [2, 2, 2, 3, 2] }, { shape: [2, 2, 2, 3, 3] }], fn: (a, b) => tf.concat([a!, b!], 4) },
  { name: 'shape/tile-rank5', kernels: ['Tile'], inputs: [{ shape: [1, 2, 2, 1, 3] }], fn: (x) => tf.tile(tf.neg(x!), [2, 1, 2, 2, 1]) },
  { name: 'shape/upsample-nearest', kernels: ['ResizeNearestNeighbor'], inputs: [{ shape: [1, 2, 3, 2] }], fn: (x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 6]) },
  // UpSampling2D with interpolation 'bilinear' (Keras 3: half-pixel centres), and tfjs's default corners.
  { name: 'shape/upsample-bilinear-half-pixel', kernels: ['ResizeBilinear'], inputs: [{ shape: [2, 3, 2, 2] }], fn: (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [6, 6], false, true) },
  { name: 'shape/resize-bilinear-align-corners', kernels: ['ResizeBilinear'], inputs: [{ shape: [1, 3, 4, 1] }], fn: (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [5, 7], true) },
];
