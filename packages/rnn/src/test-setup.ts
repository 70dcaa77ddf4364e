// Shared by this package's tests: the 'cpu' backend with Sinew's gradients registered.
import '@sinew/backend-cpu/register';
import { setBackend } from '@sinew/backend';
import * as tf from '@tensorflow/tfjs-core';

export async function useCpu(): Promise<void> {
  await setBackend('cpu');
}

/** `np.arange(n).reshape(shape)` as float32. */
export function arange(shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => i), shape, 'float32');
}

/** The 'wasm' backend (XNNPACK): the learning tests train for hundreds of steps, as users would, on the fast default. */
export async function useWasm(): Promise<void> {
  await setBackend('wasm');
}
