import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` and fails if it leaves more live tensors than it found. Variables a test keeps on purpose
 * can be allowed with `allow`. Works for async functions, where `tf.tidy` cannot help.
 */
export async function expectNoLeaks<T>(
  fn: () => T | Promise<T>,
  { allow = 0, label = 'code under test' }: { allow?: number; label?: string } = {},
): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after - before > allow) {
    throw new Error(`${label} leaked ${after - before - allow} tensor(s): ${before} live before, ${after} after`);
  }
  return result;
}

/** Returns a function that reports how many tensors were created since this call and are still live. */
export function trackTensors(): () => number {
  const before = tf.memory().numTensors;
  return () => tf.memory().numTensors - before;
}
