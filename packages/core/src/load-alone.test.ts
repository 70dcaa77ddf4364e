// A user who loads tfjs and a backend their own way (tfjs-backend-cpu directly, no Sinew backend package)
// and then @sinew/core must still be able to train: in a plain Node process (not vitest's loader),
// importing @sinew/core registers Sinew's gradients and tensor methods.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { plainTfjsCpuPrelude, runInFreshNode } from '@sinew/tooling';

test('importing @sinew/core alone in Node registers gradients: a Dense model fits with tfjs-backend-cpu', () => {
  const result = runInFreshNode(
    [
      ...plainTfjsCpuPrelude,
      "const { dense, sequential } = await import('@sinew/core');",
      "await tf.setBackend('cpu');",
      "const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });",
      "m.compile({ optimizer: 'sgd', loss: 'mse' });",
      'const h = await m.fit(tf.ones([4, 2]), tf.zeros([4, 1]), { epochs: 2, verbose: 0 });',
      "console.log(JSON.stringify({ epochs: h.history.loss.length, reshape: typeof tf.ones([1]).reshape }));",
    ],
    fileURLToPath(new URL('..', import.meta.url)),
  );
  expect(result).toEqual({ epochs: 2, reshape: 'function' });
}, 60_000);
