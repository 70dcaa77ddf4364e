import { dense, input, model, type Model } from '@sinew/core';
import { Conv2D } from './conv2d.js';
import { GlobalAveragePooling2D } from './global-pooling.js';
import { ResidualBlock } from './residual-block.js';

/** Arguments of {@link resnet}. */
export interface ResNetArgs {
  /** Image shape without the batch axis, `[h, w, channels]`. */
  inputShape: [number, number, number];
  /** Number of classes of the softmax head (omit for a headless feature extractor). */
  numClasses?: number;
  /** Channels of the stem convolution (default 16). */
  stemFilters?: number;
  /** One entry per stage: output channels, residual blocks, and stride of the first block. */
  stages?: { filters: number; blocks: number; strides?: number }[];
  /** Batch normalization inside the blocks (default true). */
  batchNorm?: boolean;
  name?: string;
}

/**
 * A small residual network written with core's functional API: a 3x3 stem convolution, stages of
 * {@link ResidualBlock}s, global average pooling and an optional softmax head (layers named
 * `stem`, `stage{i}_block{j}`, `pool`, `logits`). The default is a ResNet-8-like net for small
 * images; `stages` of `[{16,3},{32,3,2},{64,3,2}]` gives CIFAR's ResNet-20.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { resnet } from '@sinew/vision';
 * const net = resnet({ inputShape: [8, 8, 1], numClasses: 10 });
 * const p = net.apply(tf.zeros([2, 8, 8, 1])) as tf.Tensor; // [2, 10]
 * ```
 */
export function resnet(args: ResNetArgs): Model {
  const stages = args.stages ?? [
    { filters: 16, blocks: 1 },
    { filters: 32, blocks: 1, strides: 2 },
  ];
  const x = input({ shape: args.inputShape });
  let h = new Conv2D({ name: 'stem', filters: args.stemFilters ?? 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
  stages.forEach((s, i) => {
    for (let j = 0; j < s.blocks; j++) {
      h = new ResidualBlock({ name: `stage${i}_block${j}`, filters: s.filters, strides: j === 0 ? (s.strides ?? 1) : 1, batchNorm: args.batchNorm ?? true }).apply(h);
    }
  });
  h = new GlobalAveragePooling2D({ name: 'pool' }).apply(h);
  const out = args.numClasses === undefined ? h : dense({ name: 'logits', units: args.numClasses, activation: 'softmax' }).apply(h);
  return model({ inputs: x, outputs: out, name: args.name });
}
