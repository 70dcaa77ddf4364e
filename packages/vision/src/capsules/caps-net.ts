import { dense, input, model, reshape, sequential, type Model, type Sequential } from '@sinew/core';
import { Conv2D } from '../layers/conv2d.js';
import { CapsuleLayer, CapsuleLength, CapsuleMask, PrimaryCaps } from './capsule-layers.js';

/** Arguments of {@link capsuleDecoder}. */
export interface CapsuleDecoderArgs {
  /** Shape of the reconstructed image, `[h, w, c]`. */
  outputShape: number[];
  /** Hidden ReLU layers (the paper's [512, 1024]). */
  hiddenUnits?: number[];
  name?: string;
}

/**
 * The CapsNet reconstruction decoder: fully connected ReLU layers, then a sigmoid layer with one
 * unit per pixel, reshaped to the image. Input: the masked capsules `[batch, classes · dim]`.
 *
 * @example
 * ```ts
 * import { capsuleDecoder } from '@sinew/vision';
 * const decoder = capsuleDecoder({ outputShape: [28, 28, 1] }); // 512 -> 1024 -> 784 sigmoid
 * ```
 */
export function capsuleDecoder(args: CapsuleDecoderArgs): Sequential {
  const size = args.outputShape.reduce((a, b) => a * b, 1);
  const hidden = args.hiddenUnits ?? [512, 1024];
  return sequential({
    name: args.name,
    layers: [...hidden.map((units) => dense({ units, activation: 'relu' })), dense({ units: size, activation: 'sigmoid' }), reshape({ targetShape: args.outputShape })],
  });
}

/** Arguments of {@link capsNet}; defaults are Sabour et al.'s MNIST network. */
export interface CapsNetArgs {
  /** `[h, w, channels]`, pixel values in [0, 1]. */
  inputShape: [number, number, number];
  numClasses: number;
  /** ReLU convolution before the primary capsules (paper: 256 filters, 9x9). */
  convFilters?: number;
  convKernelSize?: number;
  /** Primary capsule types, their length, window and stride (paper: 32, 8, 9, 2). */
  primaryCapsules?: number;
  primaryDim?: number;
  primaryKernelSize?: number;
  primaryStrides?: number;
  /** Length of the class capsules (paper: 16). */
  classDim?: number;
  /** Routing iterations (paper: 3). */
  routings?: number;
  /** Decoder hidden layers (paper: [512, 1024]). */
  decoderUnits?: number[];
}

/** The models {@link capsNet} returns; they share their layers. */
export interface CapsNet {
  /** Training model: inputs `[images, oneHotLabels]`, outputs `[lengths [b, classes], reconstructions]`. */
  train: Model;
  /** Inference model: images → capsule lengths `[b, classes]` (argmax is the class). */
  classifier: Model;
  /** Inference model: images → reconstruction from the longest capsule. */
  reconstructor: Model;
}

/**
 * The CapsNet of Sabour, Frosst and Hinton (2017): convolution, primary capsules, a class capsule
 * layer with routing by agreement, capsule lengths as class scores, and a decoder that reconstructs
 * the input from the true class's capsule (the others masked) as a regulariser.
 *
 * Train `train` with `loss: [marginLoss, 'meanSquaredError']` and `lossWeights: [1, 0.0005 · pixels]`
 * (the paper's 0.0005 × sum of squared errors).
 *
 * @example
 * ```ts
 * import { capsNet, marginLoss } from '@sinew/vision';
 * const net = capsNet({ inputShape: [28, 28, 1], numClasses: 10 });
 * net.train.compile({ optimizer: 'adam', loss: [marginLoss, 'meanSquaredError'], lossWeights: [1, 0.392] });
 * ```
 */
export function capsNet(args: CapsNetArgs): CapsNet {
  const x = input({ shape: args.inputShape, name: 'image' });
  const y = input({ shape: [args.numClasses], name: 'label' });
  const conv = new Conv2D({ name: 'caps_conv', filters: args.convFilters ?? 256, kernelSize: args.convKernelSize ?? 9, activation: 'relu' });
  const primary = new PrimaryCaps({ name: 'primary_caps', numCapsules: args.primaryCapsules ?? 32, dimCapsule: args.primaryDim ?? 8, kernelSize: args.primaryKernelSize ?? 9, strides: args.primaryStrides ?? 2 });
  const classCaps = new CapsuleLayer({ name: 'class_caps', numCapsules: args.numClasses, dimCapsule: args.classDim ?? 16, routings: args.routings ?? 3 });
  const length = new CapsuleLength({ name: 'capsule_length' });
  const mask = new CapsuleMask({ name: 'capsule_mask' });
  const decoder = capsuleDecoder({ outputShape: [...args.inputShape], hiddenUnits: args.decoderUnits, name: 'decoder' });
  const caps = classCaps.apply(primary.apply(conv.apply(x)));
  const lengths = length.apply(caps);
  const train = model({ name: 'capsnet', inputs: [x, y], outputs: [lengths, decoder.apply(mask.apply([caps, y]))] });
  const classifier = model({ name: 'capsnet_classifier', inputs: x, outputs: lengths });
  const reconstructor = model({ name: 'capsnet_reconstructor', inputs: x, outputs: decoder.apply(mask.apply(caps)) });
  return { train, classifier, reconstructor };
}
