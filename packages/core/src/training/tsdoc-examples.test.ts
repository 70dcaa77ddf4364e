/**
 * Runs every ```ts block under an `@example` tag in the training half of @sinew/core (losses,
 * optimizers, schedules, clipping, callbacks, training), so documented examples cannot rot: each is
 * transpiled with TypeScript, its imports of '@sinew/core' and '@tensorflow/tfjs-core' are bound to
 * the source modules, and it runs as an async function on the cpu backend.
 */
import '@sinew/backend-cpu/register';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from '../index.js';
import { csvFileSink } from '../callbacks/csv-file-sink.node.js';

const src = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['losses', 'optimizers', 'schedules', 'clipping', 'callbacks', 'training'];

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
  '@sinew/core': { ...core, csvFileSink },
};

async function runExample(code: string): Promise<void> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const bound = js
    .replace(/import \* as (\w+) from '([^']+)';/g, (_m, name: string, mod: string) => `const ${name} = __mods[${JSON.stringify(mod)}];`)
    .replace(/import \{([^}]*)\} from '([^']+)';/g, (_m, names: string, mod: string) => `const {${names}} = __mods[${JSON.stringify(mod)}];`)
    .replace(/export \{\};?/g, '');
  if (/\bimport\b.*\bfrom\b/.test(bound)) throw new Error(`unbound import left in example:\n${bound}`);
  for (const m of bound.matchAll(/__mods\["([^"]+)"\]/g)) {
    if (!(m[1]! in modules)) throw new Error(`example imports '${m[1]}', which the runner does not provide`);
  }
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (mods: unknown) => Promise<void>;
  await new AsyncFunction('__mods', bound)(modules);
}

beforeAll(async () => {
  await setBackend('cpu');
});

describe('TSDoc @example blocks run', () => {
  const all = examples();
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(50);
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
