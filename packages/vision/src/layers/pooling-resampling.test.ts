import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import { runLayerTest } from '@sinew/core/testing';
import { averagePooling1d, averagePooling2d, averagePooling3d, maxPooling1d, maxPooling2d, maxPooling3d } from './pooling.js';
import { globalAveragePooling1d, globalAveragePooling2d, globalAveragePooling3d, globalMaxPooling1d, globalMaxPooling2d, globalMaxPooling3d } from './global-pooling.js';
import { upSampling1d, upSampling2d, upSampling3d } from './up-sampling.js';
import { zeroPadding1d, zeroPadding2d, zeroPadding3d } from './zero-padding.js';
import { cropping1d, cropping2d, cropping3d } from './cropping.js';

beforeAll(async () => {
  await setBackend('cpu');
});

const twinCases: { name: string; ours: () => any; twin: () => any; input: number[]; out: number[] }[] = [
  { name: 'MaxPooling1D', ours: () => maxPooling1d({ poolSize: 3, strides: 2 }), twin: () => tfl.layers.maxPooling1d({ poolSize: 3, strides: 2 }), input: [2, 9, 3], out: [2, 4, 3] },
  { name: 'MaxPooling2D same', ours: () => maxPooling2d({ poolSize: [3, 2], padding: 'same' }), twin: () => tfl.layers.maxPooling2d({ poolSize: [3, 2], padding: 'same' }), input: [2, 7, 5, 2], out: [2, 3, 3, 2] },
  { name: 'MaxPooling2D channelsFirst', ours: () => maxPooling2d({ dataFormat: 'channelsFirst' }), twin: () => tfl.layers.maxPooling2d({ dataFormat: 'channelsFirst' }), input: [1, 3, 6, 4], out: [1, 3, 3, 2] },
  { name: 'MaxPooling3D', ours: () => maxPooling3d({ poolSize: 2, strides: [1, 2, 2] }), twin: () => tfl.layers.maxPooling3d({ poolSize: 2, strides: [1, 2, 2] }), input: [1, 3, 4, 4, 2], out: [1, 2, 2, 2, 2] },
  { name: 'AveragePooling1D same', ours: () => averagePooling1d({ poolSize: 2, padding: 'same' }), twin: () => tfl.layers.averagePooling1d({ poolSize: 2, padding: 'same' }), input: [2, 7, 3], out: [2, 4, 3] },
  { name: 'AveragePooling2D same (padding excluded from the mean)', ours: () => averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), twin: () => tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), input: [2, 5, 6, 2], out: [2, 3, 3, 2] },
  { name: 'AveragePooling3D', ours: () => averagePooling3d({ poolSize: [2, 2, 1] }), twin: () => tfl.layers.averagePooling3d({ poolSize: [2, 2, 1] }), input: [1, 4, 4, 3, 2], out: [1, 2, 2, 3, 2] },
  { name: 'GlobalMaxPooling1D', ours: () => globalMaxPooling1d(), twin: () => tfl.layers.globalMaxPooling1d({}), input: [2, 5, 3], out: [2, 3] },
  { name: 'GlobalMaxPooling2D', ours: () => globalMaxPooling2d(), twin: () => tfl.layers.globalMaxPooling2d({}), input: [2, 4, 5, 3], out: [2, 3] },
  { name: 'GlobalAveragePooling1D', ours: () => globalAveragePooling1d(), twin: () => tfl.layers.globalAveragePooling1d({}), input: [2, 5, 3], out: [2, 3] },
  { name: 'GlobalAveragePooling2D channelsFirst', ours: () => globalAveragePooling2d({ dataFormat: 'channelsFirst' }), twin: () => tfl.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' }), input: [2, 3, 4, 5], out: [2, 3] },
  // Batch 1: with a batch of 2, the input gradient tfjs's own ResizeNearestNeighbor gradient gives the twin is wrong
  // from the second example on (its forward agrees; ours matches a hand-summed adjoint); the loop reference below
  // covers larger batches.
  { name: 'UpSampling2D nearest', ours: () => upSampling2d({ size: [2, 3] }), twin: () => tfl.layers.upSampling2d({ size: [2, 3] }), input: [1, 3, 2, 2], out: [1, 6, 6, 2] },
  { name: 'ZeroPadding2D', ours: () => zeroPadding2d({ padding: [[1, 2], [0, 3]] }), twin: () => tfl.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]] }), input: [2, 3, 3, 2], out: [2, 6, 6, 2] },
  { name: 'Cropping2D', ours: () => cropping2d({ cropping: [[1, 0], [2, 1]] }), twin: () => tfl.layers.cropping2D({ cropping: [[1, 0], [2, 1]] }), input: [2, 5, 6, 2], out: [2, 4, 3, 2] },
];

describe('pooling, padding and resampling against tfjs-layers', () => {
  for (const c of twinCases) {
    test(c.name, async () => {
      const r = await runLayerTest({ create: c.ours, twin: c.twin, inputShape: c.input, expectedOutputShape: c.out });
      expect(r.checks).toContain('tfjs-layers oracle');
    });
  }
});

/** Loop reference of nearest up-sampling, padding and cropping (tfjs-layers lacks the 1D/3D variants). */
function refIndexMap(x: tf.Tensor, outSpatial: number[], map: (o: number[]) => number[] | null): tf.Tensor {
  const xs = x.shape;
  const v = x.arraySync() as any;
  const rank = xs.length - 2;
  const build = (prefix: number[], depth: number): any => {
    if (depth === rank) {
      const src = map(prefix);
      return Array.from({ length: xs[xs.length - 1]! }, (_, c) => (src === null ? 0 : src.reduce((a: any, i) => a[i], v.b)[c]));
    }
    return Array.from({ length: outSpatial[depth]! }, (_, i) => build([...prefix, i], depth + 1));
  };
  const out = Array.from({ length: xs[0]! }, (_, b) => {
    v.b = v[b];
    return build([], 0);
  });
  return tf.tensor(out);
}

describe('1D and 3D variants against loop references', () => {
  test('UpSampling1D/3D, ZeroPadding1D/3D, Cropping1D/3D, GlobalPooling3D', async () => {
    const x3 = tf.randomUniform([2, 3, 2, 4, 2], -1, 1, 'float32', 21);
    const x1 = tf.randomUniform([2, 5, 3], -1, 1, 'float32', 22);
    const checks: [any, tf.Tensor, number[], (o: number[]) => number[] | null][] = [
      [upSampling1d({ size: 3 }), x1, [15], (o) => [Math.floor(o[0]! / 3)]],
      [upSampling3d({ size: [2, 1, 3] }), x3, [6, 2, 12], (o) => [Math.floor(o[0]! / 2), o[1]!, Math.floor(o[2]! / 3)]],
      [upSampling2d({ size: [2, 3] }), tf.slice(x3, [0, 0, 0, 0, 0], [2, 1, 2, 4, 2]).squeeze([1]), [4, 12], (o) => [Math.floor(o[0]! / 2), Math.floor(o[1]! / 3)]],
      [zeroPadding1d({ padding: [[2, 1]] }), x1, [8], (o) => (o[0]! < 2 || o[0]! >= 7 ? null : [o[0]! - 2])],
      [zeroPadding3d({ padding: [1, 0, 2] }), x3, [5, 2, 8], (o) => (o[0]! < 1 || o[0]! >= 4 || o[2]! < 2 || o[2]! >= 6 ? null : [o[0]! - 1, o[1]!, o[2]! - 2])],
      [cropping1d({ cropping: [[1, 2]] }), x1, [2], (o) => [o[0]! + 1]],
      [cropping3d({ cropping: [[1, 0], [0, 1], [1, 2]] }), x3, [2, 1, 1], (o) => [o[0]! + 1, o[1]!, o[2]! + 1]],
    ];
    for (const [layer, x, outSpatial, map] of checks) {
      const y = layer.apply(x) as tf.Tensor;
      const ref = refIndexMap(x, outSpatial, map);
      expect(y.shape).toEqual(ref.shape);
      expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBe(0);
      tf.dispose([y, ref]);
      layer.dispose();
      await runLayerTest({ create: () => layer.constructor.fromConfig(layer.getConfig()), inputShape: x.shape, expectedOutputShape: [x.shape[0]!, ...outSpatial, x.shape[x.rank - 1]!] });
    }
    const gm = globalMaxPooling3d({ keepdims: true }).apply(x3);
    const ga = globalAveragePooling3d().apply(x3);
    expect(gm.shape).toEqual([2, 1, 1, 1, 2]);
    const v = x3.arraySync() as number[][][][][];
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < 2; c++) {
        const vals = v[b]!.flat(2).map((p) => p[c]!);
        expect((gm.arraySync() as number[][][][][])[b]![0]![0]![0]![c]).toBeCloseTo(Math.max(...vals), 6);
        expect((ga.arraySync() as number[][])[b]![c]).toBeCloseTo(vals.reduce((a, q) => a + q, 0) / vals.length, 5);
      }
    }
    tf.dispose([x1, x3, gm, ga]);
  });

  test('UpSampling2D bilinear uses half-pixel centres (Keras 3): 2x of [0, 1] along width is [0, 0.25, 0.75, 1]', () => {
    const x = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    const y = upSampling2d({ size: [1, 2], interpolation: 'bilinear' }).apply(x);
    expect(Array.from(y.dataSync())).toEqual([0, 0.25, 0.75, 1]);
    tf.dispose([x, y]);
  });

  test('errors name the layer and values', () => {
    expect(() => upSampling3d({ interpolation: 'bilinear' })).toThrow(/interpolation must be 'nearest'/);
    expect(() => maxPooling2d({ padding: 'causal' as never })).toThrow(/padding must be 'valid' or 'same'/);
    expect(() => cropping2d({ cropping: [[2, 2], [0, 0]], name: 'crop' }).apply(tf.ones([1, 4, 4, 1]))).toThrow(/Cropping2D 'crop': cropping/);
    expect(() => zeroPadding2d({ padding: [1, 2, 3] })).toThrow(/padding must be a non-negative integer, 2 integers, or 2 pairs/);
  });

  test('a pooling window larger than the input fails, naming the layer and shapes, instead of a zero or negative dimension', () => {
    const x2 = tf.ones([1, 5, 5, 1]);
    expect(() => maxPooling2d({ poolSize: 7, name: 'mp' }).apply(x2)).toThrow(/MaxPooling2D 'mp': the window \[7, 7\].*does not fit input shape \[1, 5, 5, 1\]/);
    expect(() => averagePooling1d({ poolSize: 4, dataFormat: 'channelsFirst', name: 'ap' }).apply(tf.ones([1, 2, 3]))).toThrow(/AveragePooling1D 'ap'.*\[1, 2, 3\]/);
    expect(() => maxPooling3d({ poolSize: [1, 3, 1], name: 'mp3' }).computeOutputShape([null, 4, 2, 4, 1])).toThrow(/MaxPooling3D 'mp3'.*\[null, 4, 2, 4, 1\]/);
    const y = maxPooling2d({ poolSize: 7, padding: 'same' }).apply(x2) as tf.Tensor;
    expect(y.shape).toEqual([1, 1, 1, 1]);
    tf.dispose([x2, y]);
  });

  test('cropping that leaves an axis with a negative size fails (tf.slice would read -1 as "to the end")', () => {
    const x = tf.ones([1, 5, 5, 1]);
    expect(() => cropping2d({ cropping: 3, name: 'crop3' }).apply(x)).toThrow(/Cropping2D 'crop3': cropping \[\[3,3\],\[3,3\]\] removes a whole spatial axis of input \[1, 5, 5, 1\]/);
    expect(() => cropping1d({ cropping: [[2, 2]], name: 'c1' }).apply(tf.ones([1, 3, 2]))).toThrow(/Cropping1D 'c1'/);
    const y = cropping2d({ cropping: 2 }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 1, 1, 1]);
    tf.dispose([x, y]);
  });
});
