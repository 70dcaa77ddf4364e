/**
 * Runs the fenced `@example` of every public export of @sinew/backend (and its ./testing entry) and of
 * @sinew/backend-cpu, so that the examples users copy keep running. Here because the examples need a
 * registered backend, and @sinew/backend cannot depend on this package. Imports in an example are mapped
 * to the modules below; `tf` and every public export are in scope as well.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as backend from '@sinew/backend';
import * as testing from '@sinew/backend/testing';
import * as cpu from '../src/index.js';
import '../src/register.js';

const modules: Record<string, unknown> = {
  '@tensorflow/tfjs-core': tf,
  '@sinew/backend': backend,
  '@sinew/backend/testing': testing,
  '@sinew/backend-cpu': cpu,
  '@sinew/backend-cpu/register': {},
};

// Examples that show a pattern rather than run one: each with the reason.
const NOT_RUN: Record<string, string> = {
  runConformanceSuite: 'declares a vitest suite of its own (what a backend package does in its conformance.test.ts)',
  configureWasm: 'points the wasm binaries at a web server path, which Node cannot fetch',
};

const packages = ['backend', 'backend-cpu'].map((p) => fileURLToPath(new URL(`../../${p}/src`, import.meta.url)));
const publicNames = new Set([...Object.keys(backend), ...Object.keys(testing), ...Object.keys(cpu)]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

interface Example {
  where: string;
  name: string;
  code: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const src of packages) {
    for (const file of files(src)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(?:function|const|class|let)\s+(\w+)/g)) {
        const name = m[2]!;
        if (!publicNames.has(name)) continue;
        const doc = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
        const line = text.slice(0, m.index).split('\n').length;
        for (const f of doc.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) {
          out.push({ where: `${relative(join(src, '..', '..'), file)}:${line} ${name}`, name, code: f[1]! });
        }
      }
    }
  }
  return out;
}

function rewriteImports(code: string): string {
  return code
    .replace(/\bimport\(/g, '__import(')
    .replace(/import\s+'([^']+)';/g, (_all, mod: string) => {
      if (!(mod in modules)) throw new Error(`example imports '${mod}', which the runner does not provide`);
      return '';
    })
    .replace(/import\s+(?:(\*\s+as\s+(\w+))|(\{[^}]*\}))\s+from\s+'([^']+)';/g, (_all, _star, ns: string | undefined, names: string | undefined, mod: string) => {
      if (!(mod in modules)) throw new Error(`example imports '${mod}', which the runner does not provide`);
      const binding = ns ?? names!.replace(/\btype\s+\w+\s*,?/g, '').replace(/\s+as\s+/g, ': ');
      return `const ${binding} = __modules[${JSON.stringify(mod)}];`;
    });
}

const all = examples();
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
const scope: Record<string, unknown> = { ...backend, ...testing, ...cpu, tf };
const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));

beforeAll(async () => {
  await backend.setBackend('cpu');
});

describe('TSDoc examples of @sinew/backend and @sinew/backend-cpu run', () => {
  test('every public export that is a value has an example', () => {
    const documented = new Set(all.map((e) => e.name));
    const values = [...publicNames].filter((n) => typeof scope[n] !== 'undefined');
    expect(values.filter((n) => !documented.has(n))).toEqual([]);
  });

  test.each(all.map((e) => [e.where, e] as const))('%s', async (_where, e) => {
    if (e.name in NOT_RUN) {
      expect(e.code).toContain(e.name);
      return;
    }
    const body = `{\n${rewriteImports(e.code)}\n}`;
    const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const log = console.log;
    console.log = () => {};
    const before = tf.memory().numTensors;
    try {
      await tf.ready();
      await new AsyncFunction('__modules', '__import', ...names, js)(modules, (m: string) => import(/* @vite-ignore */ m), ...names.map((n) => scope[n]));
    } finally {
      console.log = log;
      // An example may leave tensors (it shows a result); reclaim them so the next starts clean.
      if (tf.memory().numTensors > before) tf.disposeVariables();
      if (tf.getBackend() !== 'cpu') await backend.setBackend('cpu');
    }
  });
});
