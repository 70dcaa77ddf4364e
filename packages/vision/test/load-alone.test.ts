// A user who loads tfjs and a backend their own way (tfjs-backend-cpu directly, no Sinew backend package)
// and then @sinew/vision must still be able to train: in a plain Node process (not vitest's loader),
// importing @sinew/vision registers Sinew's gradients and tensor methods.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

test('importing @sinew/vision alone in Node registers gradients: a conv layer trains with tfjs-backend-cpu', () => {
  const here = fileURLToPath(new URL('..', import.meta.url));
  const script = [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import { createRequire } from 'node:module';",
    // tfjs-backend-cpu is not a dependency of this package; take it from @sinew/backend-cpu's folder.
    "const req = createRequire(import.meta.resolve('@sinew/backend-cpu/register').replace('file://', ''));",
    "req('@tensorflow/tfjs-backend-cpu');",
    "if (tf.getGradient('Conv2D') != null) throw new Error('gradients were registered before @sinew/vision: the test is void');",
    "const { conv2d } = await import('@sinew/vision');",
    "await tf.setBackend('cpu');",
    "const layer = conv2d({ filters: 2, kernelSize: 3 });",
    'const x = tf.ones([1, 4, 4, 1]);',
    'layer.apply(x);',
    'const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x)));',
    "console.log(JSON.stringify({ grads: Object.keys(grads).length, reshape: typeof x.reshape }));",
  ].join('\n');
  const out = execFileSync(process.execPath, ['--conditions=@sinew/source', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ grads: 2, reshape: 'function' });
}, 60_000);
