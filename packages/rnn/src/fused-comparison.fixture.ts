// Shared by the fused-sequence-op tests: run a layer with its fused op and with the per-step composite
// on the same inputs, and check that the op frees every buffer it makes.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { BaseRNN } from './base-rnn.js';
import { useCpu, useWasm } from './test-setup.js';

/** A layer class whose fused whole-sequence op can be switched off (LSTM, GRU). */
export interface FusedSwitch {
  useFusedSequence: boolean;
}

/**
 * Runs `fn` on `backend` ('cpu' or 'wasm'), then goes back to 'wasm' (the wasm test files' backend)
 * whatever happens.
 */
export async function onBackend(backend: string, fn: () => Promise<void>): Promise<void> {
  await (backend === 'cpu' ? useCpu() : useWasm());
  try {
    await fn();
  } finally {
    await useWasm();
  }
}

/**
 * Runs `layer` on `x` (from `initialState` when given) once with the fused sequence op and once with
 * the per-step composite. Each run returns the layer's outputs, the gradients of
 * Σᵢ sum(outputᵢ · cotangentᵢ) with respect to `x` and each initial state, then those with respect to
 * each trainable variable, in the layer's order.
 */
export function fusedAndComposite(
  layer: BaseRNN,
  fused: FusedSwitch,
  x: tf.Tensor,
  initialState: tf.Tensor[],
  cotangents: tf.Tensor[],
): [tf.Tensor[], tf.Tensor[]] {
  const outputs = (xx: tf.Tensor, states: tf.Tensor[]): tf.Tensor[] =>
    states.length > 0 ? layer.apply<tf.Tensor[]>(xx, { initialState: states }) : [layer.apply(xx)];
  const loss = (xx: tf.Tensor, ...states: tf.Tensor[]): tf.Scalar => {
    const terms = outputs(xx, states).map((o, i) => tf.sum(tf.mul(o, cotangents[i]!)));
    return (terms.length === 1 ? terms[0]! : tf.addN(terms)) as tf.Scalar;
  };
  const run = (useFused: boolean): tf.Tensor[] => {
    fused.useFusedSequence = useFused;
    const outs = outputs(x, initialState);
    const gIn = tf.grads(loss)([x, ...initialState]);
    const { value, grads } = tf.variableGrads(() => loss(x, ...initialState), layer.trainableVariables);
    value.dispose();
    return [...outs, ...gIn, ...layer.trainableVariables.map((v) => grads[v.name]!)];
  };
  return [run(true), run(false)];
}

/**
 * Checks that a forward and a backward pass of `layer` on `x` leave both the live tensor count and the
 * backend's own count of data buffers (which also sees bare kernel outputs) where they were.
 */
export function expectFreesEveryBuffer(layer: BaseRNN, x: tf.Tensor): void {
  tf.dispose(layer.apply(x));
  const before = tf.backend().numDataIds();
  const tensorsBefore = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, layer.trainableVariables);
  tf.dispose([value, ...Object.values(grads)]);
  tf.dispose(layer.apply(x));
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(tf.backend().numDataIds()).toBe(before);
}

/**
 * Seeded inputs for {@link fusedAndComposite}: x [batch, steps, features] (seed 1), `states` initial
 * states [batch, units] (seeds 2, 3, …) and one cotangent per output (seeds 4, 5, …): the first
 * [batch, steps, units] or [batch, units] as `returnSequences` says, then one [batch, units] per state.
 */
export function randomSequenceCase(
  { batch, steps, features, units, states, returnSequences }:
  { batch: number; steps: number; features: number; units: number; states: number; returnSequences?: boolean | undefined },
): { x: tf.Tensor; initialState: tf.Tensor[]; cot: tf.Tensor[] } {
  const x = tf.randomUniform([batch, steps, features], -1, 1, 'float32', 1);
  const initialState = Array.from({ length: states }, (_, i) => tf.randomUniform([batch, units], -1, 1, 'float32', 2 + i));
  const outShapes = [returnSequences ? [batch, steps, units] : [batch, units], ...initialState.map(() => [batch, units])];
  const cot = outShapes.map((shape, i) => tf.randomUniform(shape, -1, 1, 'float32', 4 + i));
  return { x, initialState, cot };
}
