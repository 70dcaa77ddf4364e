/**
 * Runs every ```ts block under an `@example` tag in @sinew/core, so documented examples cannot rot:
 * each is transpiled with TypeScript, its imports of '@sinew/core', '@tensorflow/tfjs-core' (and the
 * few other modules below) are bound to the source modules, and it runs as an async function on the
 * cpu backend. An example without imports is a snippet that assumes `tf` and every export of
 * '@sinew/core' in scope; it gets exactly those.
 */
import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import * as fsPromises from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '../index.node.js';
import * as testing from '../testing/index.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = readdirSync(src, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

interface Example {
  file: string;
  line: number;
  code: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const folder of FOLDERS) {
    for (const name of readdirSync(join(src, folder))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const file = join(src, folder, name);
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!/^\s*\*\s*@example\s*$/.test(lines[i]!)) continue;
        const open = i + 1;
        if (!/^\s*\*\s*```ts\s*$/.test(lines[open] ?? '')) continue;
        const body: string[] = [];
        let j = open + 1;
        for (; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.replace(/^\s*\* ?/, ''));
        out.push({ file: relative(src, file), line: i + 1, code: body.join('\n') });
        i = j;
      }
    }
  }
  return out;
}

const modules: Record<string, unknown> = {
  '@tensorflow/tfjs-core': tf,
  '@sinew/core': core,
  '@sinew/core/testing': testing,
  '@tensorflow/tfjs-layers': tfl,
  'node:fs/promises': fsPromises,
  'node:os': os,
  'node:path': path,
};

/** Bindings for an example without imports: `tf` and every export of '@sinew/core'. */
const SNIPPET_SCOPE = `const tf = __mods['@tensorflow/tfjs-core']; const { ${Object.keys(core).join(', ')} } = __mods['@sinew/core'];\n`;

async function runExample(code: string): Promise<void> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const bound = js
    .replace(/import \* as (\w+) from '([^']+)';/g, (_m, name: string, mod: string) => `const ${name} = __mods[${JSON.stringify(mod)}];`)
    .replace(/import \{([^}]*)\} from '([^']+)';/g, (_m, names: string, mod: string) => `const {${names.replace(/ as /g, ': ')}} = __mods[${JSON.stringify(mod)}];`)
    .replace(/import '[^']+';/g, '')
    .replace(/export \{\};?/g, '');
  if (/\bimport\b.*\bfrom\b/.test(bound)) throw new Error(`unbound import left in example:\n${bound}`);
  for (const m of bound.matchAll(/__mods\["([^"]+)"\]/g)) {
    if (!(m[1]! in modules)) throw new Error(`example imports '${m[1]}', which the runner does not provide`);
  }
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (mods: unknown) => Promise<void>;
  const hasImports = /\bimport\b/.test(code);
  await new AsyncFunction('__mods', hasImports ? bound : SNIPPET_SCOPE + bound)(modules);
}

beforeAll(async () => {
  await setBackend('cpu');
});

describe('TSDoc @example blocks run', () => {
  const all = examples();
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(50);
  });
  it('every exported function and class has TSDoc with an @example', () => {
    const documented = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
    for (const file of walk(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:abstract\s+)?(?:function|class|const)\s+(\w+)/g)) {
        if (m[1]!.includes('@example')) documented.add(m[2]!);
      }
    }
    // Re-exported under another name: `Identity as IdentityInitializer`.
    const aliases: Record<string, string> = { IdentityInitializer: 'Identity' };
    const missing = Object.entries(core)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !documented.has(aliases[k] ?? k));
    expect(missing).toEqual([]);
  });
  for (const ex of all) {
    it(`${ex.file}:${ex.line}`, async () => {
      const log = console.log;
      console.log = () => {};
      try {
        await tf.ready();
        tf.engine().startScope();
        await runExample(ex.code);
      } finally {
        tf.engine().endScope();
        console.log = log;
      }
    });
  }
});
