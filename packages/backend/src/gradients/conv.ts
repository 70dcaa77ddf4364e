import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { activationBackward, presentInputs, splitOptional, type FusedActivation } from './fused.js';
import { dilateFilter, runKernel, undilateFilter } from './kernel.js';
import { f32, savedAt, single, tupleOf, unbroadcast } from './util.js';

/** x and filter gradients of a convolution: the dilations folded into the filter, then its two backprop kernels. */
function dilatedBackward(
  x: Tensor,
  filter: Tensor,
  dy: Tensor,
  rates: number[],
  common: NamedAttrMap,
  kernels: { input: string; filter: string },
): { dx: () => Tensor; dFilter: () => Tensor } {
  return {
    dx: () => runKernel(kernels.input, { dy, filter: dilateFilter(filter, rates) }, { ...common, inputShape: x.shape }),
    dFilter: () => {
      const dilatedShape = dilateFilter(filter, rates).shape;
      const g = runKernel(kernels.filter, { x, dy }, { ...common, filterShape: dilatedShape });
      return undilateFilter(g, rates);
    },
  };
}

/** x and filter gradients of a 2-D convolution (dilations folded into the filter first). */
function conv2dBackward(
  x: Tensor,
  filter: Tensor,
  dy: Tensor,
  attrs: NamedAttrMap,
): { dx: () => Tensor; dFilter: () => Tensor } {
  const rates = tupleOf(attrs.dilations as number | number[] | undefined, 2);
  const common = {
    strides: attrs.strides,
    pad: attrs.pad,
    dataFormat: attrs.dataFormat ?? 'NHWC',
    dimRoundingMode: attrs.dimRoundingMode,
  } as NamedAttrMap;
  return dilatedBackward(x, filter, dy, rates, common, { input: 'Conv2DBackpropInput', filter: 'Conv2DBackpropFilter' });
}

/** x and filter gradients of a depthwise 2-D convolution (NHWC; dilations folded into the filter). */
function depthwiseBackward(
  x: Tensor,
  filter: Tensor,
  dy: Tensor,
  attrs: NamedAttrMap,
  kernelName: string,
): { dx: () => Tensor; dFilter: () => Tensor } {
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') {
    throw new Error(`Sinew gradient for ${kernelName}: only dataFormat 'NHWC' is supported, received '${String(attrs.dataFormat)}'`);
  }
  const rates = tupleOf(attrs.dilations as number | number[] | undefined, 2);
  const common = { strides: attrs.strides, pad: attrs.pad, dimRoundingMode: attrs.dimRoundingMode, dilations: 1 } as NamedAttrMap;
  return dilatedBackward(x, filter, dy, rates, common, {
    input: 'DepthwiseConv2dNativeBackpropInput',
    filter: 'DepthwiseConv2dNativeBackpropFilter',
  });
}

/** x and filter gradients of a 3-D convolution (NDHWC; dilations folded into the filter). */
function conv3dBackward(
  x: Tensor,
  filter: Tensor,
  dy: Tensor,
  attrs: NamedAttrMap,
): { dx: () => Tensor; dFilter: () => Tensor } {
  if ((attrs.dataFormat ?? 'NDHWC') !== 'NDHWC') {
    throw new Error(`Sinew gradient for Conv3D: only dataFormat 'NDHWC' is supported, received '${String(attrs.dataFormat)}'`);
  }
  const rates = tupleOf(attrs.dilations as number | number[] | undefined, 3);
  const common = { strides: attrs.strides, pad: attrs.pad } as NamedAttrMap;
  return dilatedBackward(x, filter, dy, rates, common, { input: 'Conv3DBackpropInputV2', filter: 'Conv3DBackpropFilterV2' });
}

/** The gradient of a forward convolution kernel, in x and the filter, from its `backward`. */
function convGradient(
  kernelName: string,
  backward: (x: Tensor, filter: Tensor, dy: Tensor, attrs: NamedAttrMap) => { dx: () => Tensor; dFilter: () => Tensor },
): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = savedAt(saved, 2, kernelName) as [Tensor, Tensor];
      const { dx, dFilter } = backward(x, filter, f32(single(dy)), attrs);
      return { x: dx, filter: dFilter };
    },
  };
}

/**
 * The gradient of a transposed convolution (a backprop-input kernel): its adjoint in `dy` is the forward
 * convolution, in the filter a filter backprop with the roles of input and upstream gradient exchanged.
 */
function transposeGradient(
  kernelName: string,
  kernels: { forward: string; filter: string },
  attrsOf: (attrs: NamedAttrMap) => { common: NamedAttrMap; forward: NamedAttrMap },
): GradConfig {
  return {
    kernelName,
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, filter] = savedAt(saved, 2, kernelName) as [Tensor, Tensor];
      const g = f32(single(ddx));
      const { common, forward } = attrsOf(attrs);
      return {
        dy: () => runKernel(kernels.forward, { x: g, filter }, { ...common, ...forward }),
        filter: () => runKernel(kernels.filter, { x: g, dy }, { ...common, filterShape: filter.shape }),
      };
    },
  };
}

/** A fused convolution: recompute the pre-activation, pull dy back through the activation, then the conv. */
function fusedConv(kernelName: 'FusedConv2D' | 'FusedDepthwiseConv2D', forwardKernel: string): GradConfig {
  return {
    kernelName,
    inputsToSave: presentInputs(['x', 'filter', 'bias', 'preluActivationWeights']),
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, ...rest] = savedAt(saved, 2, kernelName) as [Tensor, Tensor, ...Tensor[]];
      const activation = ((attrs.activation as string | undefined) ?? 'linear') as FusedActivation;
      const { bias, prelu } = splitOptional(rest, activation);
      const convAttrs = {
        strides: attrs.strides,
        pad: attrs.pad,
        dataFormat: attrs.dataFormat ?? 'NHWC',
        dilations: attrs.dilations ?? 1,
        dimRoundingMode: attrs.dimRoundingMode,
      } as NamedAttrMap;
      const backward = () => {
        let z = runKernel(forwardKernel, { x, filter }, convAttrs);
        if (bias !== undefined) z = tf.add(z, bias);
        return activationBackward(f32(single(dy)), z, activation, attrs.leakyreluAlpha as number | undefined, prelu);
      };
      const conv = (g: Tensor) =>
        forwardKernel === 'Conv2D'
          ? conv2dBackward(x, filter, g, convAttrs)
          : depthwiseBackward(x, filter, g, convAttrs, kernelName);
      const out: Record<string, () => Tensor> = {
        x: () => conv(backward().dz).dx(),
        filter: () => conv(backward().dz).dFilter(),
      };
      if (bias !== undefined) out.bias = () => unbroadcast(backward().dz, bias.shape);
      if (prelu !== undefined) out.preluActivationWeights = () => backward().dPrelu as Tensor;
      return out;
    },
  };
}

/** Gradients of the convolution kernels (2-D, depthwise, 3-D, transposed, fused). */
export const convGradients: GradConfig[] = [
  convGradient('Conv2D', conv2dBackward),
  transposeGradient('Conv2DBackpropInput', { forward: 'Conv2D', filter: 'Conv2DBackpropFilter' }, (attrs) => ({
    common: {
      strides: attrs.strides,
      pad: attrs.pad,
      dataFormat: attrs.dataFormat ?? 'NHWC',
      dimRoundingMode: attrs.dimRoundingMode,
    } as NamedAttrMap,
    forward: { dilations: 1 },
  })),
  convGradient('DepthwiseConv2dNative', (x, filter, dy, attrs) => depthwiseBackward(x, filter, dy, attrs, 'DepthwiseConv2dNative')),
  fusedConv('FusedConv2D', 'Conv2D'),
  fusedConv('FusedDepthwiseConv2D', 'DepthwiseConv2dNative'),
  convGradient('Conv3D', conv3dBackward),
  transposeGradient('Conv3DBackpropInputV2', { forward: 'Conv3D', filter: 'Conv3DBackpropFilterV2' }, (attrs) => ({
    common: { strides: attrs.strides, pad: attrs.pad } as NamedAttrMap,
    forward: { dataFormat: 'NDHWC', dilations: 1 },
  })),
];
