import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { runKernel } from './kernel.js';
import { f32, savedAt, single } from './util.js';

/**
 * The 1-D resampling matrix, transposed ([inSize, outSize]), that a resize kernel applies along one axis,
 * read off by resizing the identity (each row is the image of one unit impulse).
 */
function axisMatrixT(kernelName: string, inSize: number, outSize: number, axis: 'height' | 'width', attrs: NamedAttrMap): Tensor {
  const eye = tf.eye(inSize);
  const basis = tf.reshape(eye, axis === 'height' ? [inSize, inSize, 1, 1] : [inSize, 1, inSize, 1]);
  const size = axis === 'height' ? [outSize, 1] : [1, outSize];
  return tf.reshape(runKernel(kernelName, { images: basis }, { ...attrs, size }), [inSize, outSize]);
}

/**
 * Resizing (nearest or bilinear) is linear and separable, y[n,:,:,c] = Rₕ · x[n,:,:,c] · R_wᵀ, so its
 * adjoint is Rₕᵀ · dy · R_w. The resize-gradient kernels of tfjs-backend-cpu 4.22 ignore halfPixelCenters
 * (and ResizeBilinearGrad mislabels its output shape), so the matrices are taken from the forward kernel.
 */
function resize(kernelName: string): GradConfig {
  return {
    kernelName,
    inputsToSave: ['images'],
    gradFunc: (dy, saved, attrs) => {
      const [images] = savedAt(saved, 1, kernelName) as [Tensor];
      return {
        images: () => {
          const [n, h, w, c] = images.shape as [number, number, number, number];
          const g = f32(single(dy));
          const [oh, ow] = [g.shape[1] as number, g.shape[2] as number];
          const rhT = axisMatrixT(kernelName, h, oh, 'height', attrs);
          const rwT = axisMatrixT(kernelName, w, ow, 'width', attrs);
          const byRows = tf.reshape(tf.transpose(g, [1, 0, 2, 3]), [oh, n * ow * c]);
          const rowsBack = tf.reshape(tf.matMul(rhT, byRows), [h, n, ow, c]);
          const byCols = tf.reshape(tf.transpose(rowsBack, [0, 1, 3, 2]), [h * n * c, ow]);
          const colsBack = tf.reshape(tf.matMul(byCols, rwT, false, true), [h, n, c, w]);
          return tf.transpose(colsBack, [1, 0, 3, 2]);
        },
      };
    },
  };
}

/** Gradients of the image-resizing kernels. */
export const imageGradients: GradConfig[] = [resize('ResizeNearestNeighbor'), resize('ResizeBilinear')];
