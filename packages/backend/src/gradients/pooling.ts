import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { runKernel } from './kernel.js';
import { f32, savedAt, single, tupleOf } from './util.js';

type PadInfo = { top: number; bottom: number; left: number; right: number; front?: number; back?: number };

const isPadded = (p: PadInfo): boolean =>
  p.top !== 0 || p.bottom !== 0 || p.left !== 0 || p.right !== 0 || (p.front ?? 0) !== 0 || (p.back ?? 0) !== 0;

/**
 * Average-pool gradient where windows overlap the padding. The forward pass divides each window by the
 * number of real (unpadded) elements it covers, but the AvgPoolGrad kernels of tfjs-backend-cpu 4.22
 * divide by the full window size, so the adjoint is built from convolutions with a ones filter instead:
 * scale dy by 1/count per window, then spread it back with a transposed convolution, channels as batch.
 */
function avgPoolPaddedBackward(x: Tensor, dy: Tensor, attrs: NamedAttrMap, rank: 2 | 3): Tensor {
  const spatial = x.shape.slice(1, 1 + rank);
  const [n, c] = [x.shape[0] as number, x.shape[1 + rank] as number];
  const window = tupleOf(attrs.filterSize as number | number[], rank);
  const ones = tf.ones([...window, 1, 1]);
  const outSpatial = dy.shape.slice(1, 1 + rank);
  const toBatch = rank === 2 ? [0, 3, 1, 2] : [0, 4, 1, 2, 3];
  const fromBatch = rank === 2 ? [0, 2, 3, 1] : [0, 2, 3, 4, 1];
  const perWindow = tf.reshape(tf.transpose(dy, toBatch), [n * c, ...outSpatial, 1]);
  if (rank === 2) {
    const convAttrs = { strides: attrs.strides, pad: attrs.pad, dataFormat: 'NHWC', dimRoundingMode: attrs.dimRoundingMode };
    const count = runKernel('Conv2D', { x: tf.ones([1, ...spatial, 1]), filter: ones }, { ...convAttrs, dilations: 1 } as NamedAttrMap);
    const scaled = tf.div(perWindow, count);
    const dx = runKernel('Conv2DBackpropInput', { dy: scaled, filter: ones }, {
      ...convAttrs,
      inputShape: [n * c, ...spatial, 1],
    } as NamedAttrMap);
    return tf.transpose(tf.reshape(dx, [n, c, ...spatial]), fromBatch);
  }
  const convAttrs = { strides: attrs.strides, pad: attrs.pad };
  const count = runKernel('Conv3D', { x: tf.ones([1, ...spatial, 1]), filter: ones }, {
    ...convAttrs,
    dataFormat: 'NDHWC',
    dilations: 1,
  } as NamedAttrMap);
  const scaled = tf.div(perWindow, count);
  const dx = runKernel('Conv3DBackpropInputV2', { dy: scaled, filter: ones }, {
    ...convAttrs,
    inputShape: [n * c, ...spatial, 1],
  } as NamedAttrMap);
  return tf.transpose(tf.reshape(dx, [n, c, ...spatial]), fromBatch);
}

function padInfo(x: Tensor, attrs: NamedAttrMap, rank: 2 | 3): PadInfo {
  const filter = attrs.filterSize as number | number[];
  const strides = attrs.strides as number | number[];
  const rounding = attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined;
  if (rank === 2) {
    return tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      filter as [number, number],
      strides as [number, number],
      1,
      attrs.pad as 'same',
      rounding,
    ).padInfo;
  }
  return tf.backend_util.computePool3DInfo(
    x.shape as [number, number, number, number, number],
    filter as [number, number, number],
    strides as [number, number, number],
    1,
    attrs.pad as 'same',
    rounding,
  ).padInfo;
}

/** Pooling gradients, delegated to the backprop kernels every tfjs backend has for training. */
function pool(kernelName: string, gradKernel: string, kind: 'max' | 'avg', rank: 2 | 3): GradConfig {
  const needsOutput = kind === 'max';
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [needsOutput],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = savedAt(saved, needsOutput ? 2 : 1, kernelName) as [Tensor, Tensor | undefined];
      const gradAttrs = {
        filterSize: attrs.filterSize,
        strides: attrs.strides,
        pad: attrs.pad,
        dimRoundingMode: attrs.dimRoundingMode,
      } as NamedAttrMap;
      return {
        x: () => {
          const g = f32(single(dy));
          if (kind === 'avg' && isPadded(padInfo(x, attrs, rank))) return avgPoolPaddedBackward(x, g, attrs, rank);
          const inputs: Record<string, Tensor> = { dy: g, input: x };
          if (y !== undefined) inputs.output = y;
          return runKernel(gradKernel, inputs, gradAttrs);
        },
      };
    },
  };
}

/** Gradients of the 2-D and 3-D max and average pooling kernels. */
export const poolingGradients: GradConfig[] = [
  pool('MaxPool', 'MaxPoolGrad', 'max', 2),
  pool('AvgPool', 'AvgPoolGrad', 'avg', 2),
  pool('MaxPool3D', 'MaxPool3DGrad', 'max', 3),
  pool('AvgPool3D', 'AvgPool3DGrad', 'avg', 3),
];
