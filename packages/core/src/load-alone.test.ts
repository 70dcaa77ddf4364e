// A user who loads tfjs and a backend their own way (tfjs-backend-cpu directly, no Sinew backend package)
// and then @sinew/core must still be able to train: in a plain Node process (not vitest's loader),
// importing @sinew/core registers Sinew's gradients and tensor methods.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('importing @sinew/core alone in Node registers gradients: a Dense model fits with tfjs-backend-cpu', () => {
  const here = fileURLToPath(new URL('..', import.meta.url));
  const script = [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import { createRequire } from 'node:module';",
    "const req = createRequire(import.meta.resolve('@sinew/backend-cpu/register').replace('file://', ''));",
    "req('@tensorflow/tfjs-backend-cpu');",
    "if (tf.getGradient('MatMul') != null) throw new Error('gradients were registered before @sinew/core: the test is void');",
    "const { dense, sequential } = await import('@sinew/core');",
    "await tf.setBackend('cpu');",
    "const m = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });",
    "m.compile({ optimizer: 'sgd', loss: 'mse' });",
    'const h = await m.fit(tf.ones([4, 2]), tf.zeros([4, 1]), { epochs: 2, verbose: 0 });',
    "console.log(JSON.stringify({ epochs: h.history.loss.length, reshape: typeof tf.ones([1]).reshape }));",
  ].join('\n');
  const out = execFileSync(process.execPath, ['--conditions=@sinew/source', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ epochs: 2, reshape: 'function' });
}, 60_000);
