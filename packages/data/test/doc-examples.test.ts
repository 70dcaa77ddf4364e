// Runs the @example block of every TSDoc comment in src/, so the documentation cannot rot. Examples
// that need something this machine must not do (fetch a URL, read a user's directory) are listed
// in SKIP with the reason; they are covered by the unit tests of the same functions.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, test, vi } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const out = join(root, 'test', '.doc-examples');

const SKIP: Record<string, string> = {
  loadMnistFromUrl: 'fetches a URL (tested with a fake fetch in mnist.test.ts)',
  loadMnistFromPath: 'reads a user directory (tested on temporary files in mnist.test.ts)',
  readIdxFile: 'reads a user file (tested in mnist.test.ts)',
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

interface Example {
  name: string;
  file: string;
  code: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function|class|const|interface|type)\s+(\w+)/g)) {
      const doc = m[1]!;
      const ex = /@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/.exec(doc);
      if (!ex) continue;
      const code = ex[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      found.push({ name: m[2]!, file: relative(root, file), code });
    }
  }
  return found;
}

const all = examples();
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('TSDoc @example blocks run', () => {
  test('every exported function and class of the public index has an example', async () => {
    const mod = await import('../src/index.node.js');
    const documented = new Set(all.map((e) => e.name));
    const missing = Object.entries(mod)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  for (const ex of all) {
    const run = SKIP[ex.name] ? test.skip : test;
    run(`${ex.name} (${ex.file})`, async () => {
      mkdirSync(out, { recursive: true });
      const code = ex.code
        .replace(/from '@sinew\/data(\/node)?'/g, `from '${join(src, 'index.node.ts')}'`);
      const file = join(out, `${ex.name}.ts`);
      writeFileSync(file, code);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const before = tf.memory().numTensors;
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        log.mockRestore();
      }
      expect(tf.memory().numTensors - before).toBe(0);
    });
  }
});
