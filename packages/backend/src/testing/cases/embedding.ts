import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from '../conformance-case.js';

/** Embedding lookups: Gather, whose gradient is UnsortedSegmentSum (repeated ids must add up). */
export const embeddingCases: ConformanceCase[] = [
  {
    name: 'embedding/gather-repeated-ids',
    kernels: ['GatherV2'],
    inputs: [{ shape: [6, 4] }, { shape: [3, 5], dtype: 'int32', init: { int: [0, 5] } }],
    fn: (table, ids) => tf.gather(table!, ids!, 0),
  },
  {
    name: 'embedding/gather-axis1',
    kernels: ['GatherV2'],
    inputs: [{ shape: [3, 5, 2] }, { shape: [4], dtype: 'int32', init: { values: [4, 0, 4, 2] } }],
    fn: (x, ids) => tf.gather(x!, ids!, 1),
  },
  {
    name: 'unsorted-segment-sum/rows',
    kernels: ['UnsortedSegmentSum'],
    inputs: [{ shape: [6, 3] }, { shape: [6], dtype: 'int32', init: { values: [0, 3, 0, 2, 3, 3] } }],
    fn: (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 5),
  },
  {
    name: 'unsorted-segment-sum/out-of-range-ids-dropped',
    kernels: ['UnsortedSegmentSum'],
    inputs: [{ shape: [5] }, { shape: [5], dtype: 'int32', init: { values: [1, -1, 1, 7, 0] } }],
    fn: (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 3),
    grad: false,
  },
  {
    name: 'one-hot/labels',
    kernels: ['OneHot'],
    inputs: [{ shape: [5], dtype: 'int32', init: { int: [0, 3] } }],
    fn: (ids) => tf.oneHot(ids as tf.Tensor1D, 4),
    grad: false,
  },
];
