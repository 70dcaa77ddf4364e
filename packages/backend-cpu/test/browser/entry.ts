// Bundled for a real browser by ../browser.test.ts: starts 'wasm' the way a web app would, trains one
// conv step, and writes what happened into the page for the test to read.
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { configureWasm } from '@sinew/backend-cpu';
import '@sinew/backend-cpu/register';

async function main(): Promise<unknown> {
  configureWasm({ paths: '/wasm/' });
  const info = await setBackend('wasm');
  const x = tf.randomNormal([2, 8, 8, 3]);
  const w = tf.randomNormal([3, 3, 3, 4]);
  const g = tf.grad((f: tf.Tensor) => tf.sum(tf.relu(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'))))(w);
  const gradAbsSum = (await tf.sum(tf.abs(g)).data())[0];
  return {
    ok: true,
    device: info.device,
    capabilities: info.capabilities,
    crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? null,
    hardwareConcurrency: navigator.hardwareConcurrency,
    gradShape: g.shape,
    gradAbsSum,
  };
}

main().then(
  (r) => {
    document.getElementById('out')!.textContent = JSON.stringify(r);
  },
  (e: unknown) => {
    document.getElementById('out')!.textContent = JSON.stringify({ ok: false, error: String((e as Error)?.message ?? e) });
  },
);
