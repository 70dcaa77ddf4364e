import * as tf from '@tensorflow/tfjs-core';
import type { PaddingArg } from './conv-utils.js';

/** A resolved convolution padding: a mode, or explicit `[before, after]` amounts per spatial axis. */
export type ConvPadding = 'valid' | 'same' | 'causal' | [number, number][];

/** Checks a padding argument that may only be 'valid' or 'same' (pooling, transposed convolutions, filters). */
export function validOrSame(padding: unknown, layer: string, fallback: 'valid' | 'same' = 'valid'): 'valid' | 'same' {
  const p = padding ?? fallback;
  if (p !== 'valid' && p !== 'same') throw new Error(`${layer}: padding must be 'valid' or 'same'. Received: padding=${JSON.stringify(padding)}`);
  return p;
}

/** Explicit `[before, after]` padding per spatial axis from a `PaddingArg` that is not 'valid'/'same'/'causal'. */
export function explicitPadding(padding: number | [number, number][], rank: number, layer: string): [number, number][] {
  const list: [number, number][] = typeof padding === 'number' ? Array.from({ length: rank }, () => [padding, padding]) : padding.map((p) => [p[0], p[1]]);
  if (list.length !== rank || list.some((p) => p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0))) {
    throw new Error(`${layer}: explicit padding must be a non-negative integer or ${rank} pairs [before, after]. Received: padding=${JSON.stringify(padding)}`);
  }
  return list;
}

/**
 * Resolves a padding argument: keeps 'valid'/'same'/'causal', turns numbers and pairs into explicit
 * `[before, after]` lists.
 */
export function resolvePadding(padding: PaddingArg | undefined, rank: number, layer: string, allowCausal: false): Exclude<ConvPadding, 'causal'>;
export function resolvePadding(padding: PaddingArg | undefined, rank: number, layer: string, allowCausal: boolean): ConvPadding;
export function resolvePadding(padding: PaddingArg | undefined, rank: number, layer: string, allowCausal: boolean): ConvPadding {
  const p = padding ?? 'valid';
  if (p === 'valid' || p === 'same') return p;
  if (p === 'causal') {
    if (!allowCausal) throw new Error(`${layer}: padding 'causal' is only available for 1D convolutions`);
    return p;
  }
  if (typeof p === 'string') throw new Error(`${layer}: padding must be 'valid', 'same', 'causal' or explicit [before, after] pairs. Received: padding='${p}'`);
  return explicitPadding(p, rank, layer);
}

/** Stores a resolved padding in JSON-safe form. */
export function paddingConfig(p: ConvPadding): unknown {
  return typeof p === 'string' ? p : p.map((x) => [...x]);
}

/**
 * Pads `x` (channels last) for an explicit or causal padding and returns the tf padding to use
 * afterwards ('valid' after explicit padding).
 */
export function applyPadding(x: tf.Tensor, padding: ConvPadding, kernelSize: number[], dilation: number[]): { x: tf.Tensor; pad: 'valid' | 'same' } {
  if (padding === 'valid' || padding === 'same') return { x, pad: padding };
  const pairs: [number, number][] = padding === 'causal' ? [[(kernelSize[0]! - 1) * dilation[0]!, 0]] : padding;
  return { x: tf.pad(x, [[0, 0], ...pairs, [0, 0]]), pad: 'valid' };
}
