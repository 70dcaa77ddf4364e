// Every layer that takes `dataFormat`, channels-first against its channels-last twin with the same
// weights: the output must be the channels-last output with the channel axis moved to 1, forward,
// in shape inference, and for the input gradient.
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import type { Layer } from '@sinew/core';
import { expectNoLeaks } from '@sinew/tooling';
import * as v from '../index.js';
import { toChannelsFirstPerm, toChannelsLastPerm } from './conv-utils.js';

beforeAll(async () => {
  await setBackend('cpu');
});

type Make = (dataFormat: 'channelsLast' | 'channelsFirst') => Layer;

// Channels-last input shapes: non-square spatial sizes and channel counts unequal to any of them.
const cases: [string, Make, number[]][] = [
  ['Conv1D causal dilated', (dataFormat) => v.conv1d({ filters: 4, kernelSize: 3, padding: 'causal', dilationRate: 2, dataFormat }), [2, 9, 3]],
  ['Conv2D groups, explicit padding', (dataFormat) => v.conv2d({ filters: 4, kernelSize: [3, 2], groups: 2, padding: [[1, 0], [0, 2]], dataFormat }), [2, 6, 7, 4]],
  ['Conv3D strides', (dataFormat) => v.conv3d({ filters: 2, kernelSize: 2, strides: [1, 2, 1], dataFormat }), [1, 4, 5, 3, 3]],
  ['DepthwiseConv2D', (dataFormat) => v.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', dataFormat }), [2, 5, 7, 3]],
  ['SeparableConv2D', (dataFormat) => v.separableConv2d({ filters: 5, kernelSize: 3, strides: 2, dataFormat }), [2, 7, 8, 3]],
  ['Conv1DTranspose', (dataFormat) => v.conv1dTranspose({ filters: 2, kernelSize: 3, strides: 2, dataFormat }), [2, 5, 3]],
  ['Conv2DTranspose', (dataFormat) => v.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', dataFormat }), [1, 4, 5, 3]],
  ['Conv3DTranspose', (dataFormat) => v.conv3dTranspose({ filters: 2, kernelSize: 2, strides: 2, dataFormat }), [1, 2, 3, 2, 3]],
  ['MaxPooling1D', (dataFormat) => v.maxPooling1d({ poolSize: 2, dataFormat }), [2, 7, 3]],
  ['AveragePooling2D same', (dataFormat) => v.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', dataFormat }), [2, 5, 7, 3]],
  ['MaxPooling3D', (dataFormat) => v.maxPooling3d({ poolSize: 2, dataFormat }), [1, 4, 5, 4, 3]],
  ['GlobalMaxPooling1D', (dataFormat) => v.globalMaxPooling1d({ dataFormat }), [2, 5, 3]],
  ['GlobalAveragePooling2D keepdims', (dataFormat) => v.globalAveragePooling2d({ dataFormat, keepdims: true }), [2, 5, 4, 3]],
  ['GlobalMaxPooling3D', (dataFormat) => v.globalMaxPooling3d({ dataFormat }), [1, 3, 4, 2, 3]],
  ['UpSampling1D', (dataFormat) => v.upSampling1d({ size: 3, dataFormat }), [2, 4, 3]],
  ['UpSampling2D bilinear', (dataFormat) => v.upSampling2d({ size: [2, 3], interpolation: 'bilinear', dataFormat }), [1, 3, 4, 2]],
  ['UpSampling3D', (dataFormat) => v.upSampling3d({ size: [1, 2, 2], dataFormat }), [1, 2, 3, 2, 3]],
  ['ZeroPadding1D', (dataFormat) => v.zeroPadding1d({ padding: [[1, 2]], dataFormat }), [2, 4, 3]],
  ['ZeroPadding2D', (dataFormat) => v.zeroPadding2d({ padding: [[1, 0], [2, 1]], dataFormat }), [2, 4, 5, 3]],
  ['ZeroPadding3D', (dataFormat) => v.zeroPadding3d({ padding: 1, dataFormat }), [1, 2, 3, 2, 3]],
  ['Cropping1D', (dataFormat) => v.cropping1d({ cropping: [[1, 2]], dataFormat }), [2, 6, 3]],
  ['Cropping2D', (dataFormat) => v.cropping2d({ cropping: [[1, 0], [2, 1]], dataFormat }), [2, 5, 6, 3]],
  ['Cropping3D', (dataFormat) => v.cropping3d({ cropping: [[0, 1], [1, 1], [1, 0]], dataFormat }), [1, 3, 4, 3, 3]],
];

describe("dataFormat 'channelsFirst' is channels-last with the channel axis moved", () => {
  test.each(cases)('%s', async (_name, make, shapeLast) => {
    const spatial = shapeLast.length - 2;
    const x = tf.randomUniform(shapeLast, -1, 1, 'float32', 5);
    const xf = tf.transpose(x, toChannelsFirstPerm(spatial));
    const last = make('channelsLast');
    const first = make('channelsFirst');
    const yl = last.apply(x) as tf.Tensor;
    const yf0 = first.apply(xf) as tf.Tensor;
    tf.dispose([yl, yf0]);
    first.setWeights(last.getWeights());
    await expectNoLeaks(() => {
      const yLast = last.apply(x) as tf.Tensor;
      const yFirst = first.apply(xf) as tf.Tensor;
      // Global pooling without keepDims drops the spatial axes, so there is nothing to move.
      const back = yFirst.rank === yLast.rank && yLast.rank > 2 ? tf.transpose(yFirst, toChannelsLastPerm(yLast.rank - 2)) : tf.clone(yFirst);
      expect(back.shape).toEqual(yLast.shape);
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(back, yLast))).dataSync()[0])).toBeLessThan(1e-5);
      const inferred = first.computeOutputShape([null, ...xf.shape.slice(1)]);
      expect(inferred).toEqual([null, ...yFirst.shape.slice(1)]);
      // The input gradient of the same loss, seen from either layout.
      const gl = tf.grad((t: tf.Tensor) => tf.sum(tf.square(last.apply(t) as tf.Tensor)))(x);
      const gf = tf.grad((t: tf.Tensor) => tf.sum(tf.square(first.apply(t) as tf.Tensor)))(xf);
      const gBack = tf.transpose(gf, toChannelsLastPerm(spatial));
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(gBack, gl))).dataSync()[0])).toBeLessThan(1e-4);
      tf.dispose([yLast, yFirst, back, gl, gf, gBack]);
    });
    tf.dispose([x, xf]);
    last.dispose();
    first.dispose();
  });
});
