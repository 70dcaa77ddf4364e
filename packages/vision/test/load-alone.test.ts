// A user who loads tfjs and a backend their own way (tfjs-backend-cpu directly, no Sinew backend package)
// and then @sinew/vision must still be able to train: in a plain Node process (not vitest's loader),
// importing @sinew/vision registers Sinew's gradients and tensor methods.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { plainTfjsCpuPrelude, runInFreshNode } from '@sinew/tooling';

test('importing @sinew/vision alone in Node registers gradients: a conv layer trains with tfjs-backend-cpu', () => {
  const result = runInFreshNode(
    [
      ...plainTfjsCpuPrelude,
      "const { conv2d } = await import('@sinew/vision');",
      "await tf.setBackend('cpu');",
      'const layer = conv2d({ filters: 2, kernelSize: 3 });',
      'const x = tf.ones([1, 4, 4, 1]);',
      'layer.apply(x);',
      'const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x)));',
      "console.log(JSON.stringify({ grads: Object.keys(grads).length, reshape: typeof x.reshape }));",
    ],
    fileURLToPath(new URL('..', import.meta.url)),
  );
  expect(result).toEqual({ grads: 2, reshape: 'function' });
}, 60_000);
