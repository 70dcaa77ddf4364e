/**
 * Gradients and tensor methods must be there however a user loads `@sinew/backend`: plain Node ESM and
 * Node CJS against tfjs-core's Node entry (which registers no gradients), and a bundler. Each case runs in a
 * fresh Node process on built JavaScript (esbuild from `src`, tfjs left external so Node resolves it the way
 * it resolves it for a user), never through vitest's or tsx's module loader.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const entry = join(pkgDir, 'src', 'index.ts');

// The check every case runs: no gradient for Sum before '@sinew/backend' (else the case proves nothing),
// a working tf.grad and x.reshape after it.
const check = (load: string): string =>
  [
    "const tf = require('@tensorflow/tfjs-core');",
    "require('@tensorflow/tfjs-backend-cpu');",
    "if (tf.getGradient('Sum') != null) throw new Error('tfjs-core registered gradients itself: the test is void');",
    `Promise.resolve(${load}).then(async () => {`,
    "  await tf.setBackend('cpu');",
    '  const g = tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2]));',
    '  console.log(JSON.stringify({ grad: Array.from(g.dataSync()), reshape: tf.ones([4]).reshape([2, 2]).shape }));',
    '});',
  ].join('\n');

const expected = JSON.stringify({ grad: [2, 4], reshape: [2, 2] });

function runNode(file: string): string {
  const out = execFileSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.trim().split('\n').pop() ?? '';
}

describe('gradients are registered however @sinew/backend is loaded', () => {
  let dir = '';
  let esbuild: typeof import('esbuild');

  beforeAll(async () => {
    // Inside this package's node_modules so that Node resolves @tensorflow/* from the built files as it
    // would from an installed package.
    const cache = join(pkgDir, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    dir = mkdtempSync(join(cache, 'load-modes-'));
    esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const common: import('esbuild').BuildOptions = { entryPoints: [entry], bundle: true, platform: 'node', external: ['@tensorflow/*'], logLevel: 'silent' };
    await esbuild.build({ ...common, format: 'esm', outfile: join(dir, 'sinew-backend.mjs') });
    await esbuild.build({ ...common, format: 'cjs', outfile: join(dir, 'sinew-backend.cjs') });
  }, 60_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('Node ESM: import() of the ESM build', () => {
    const file = join(dir, 'esm-user.cjs');
    writeFileSync(file, check("import('./sinew-backend.mjs')"));
    expect(runNode(file)).toBe(expected);
  });

  test('Node CJS: require() of the CJS build', () => {
    const file = join(dir, 'cjs-user.cjs');
    writeFileSync(file, check("require('./sinew-backend.cjs')"));
    expect(runNode(file)).toBe(expected);
  });

  test('a bundler: esbuild bundles tfjs-core, tfjs-backend-cpu and @sinew/backend into one file for Node', async () => {
    const user = join(dir, 'bundle-entry.cjs');
    writeFileSync(user, check("require('./sinew-backend.cjs')"));
    const out = join(dir, 'bundled.cjs');
    // tfjs-backend-cpu's Node entry is not in its sideEffects list; keep it so the bundle has a 'cpu' backend.
    await esbuild.build({ entryPoints: [user], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'silent', ignoreAnnotations: true });
    expect(runNode(out)).toBe(expected);
  }, 60_000);
});
