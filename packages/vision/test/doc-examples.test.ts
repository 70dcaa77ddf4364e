/**
 * Runs every `@example` in the package's TSDoc (fenced blocks and inline ones), so the examples stay
 * runnable. Fenced blocks must import what they use (the imports are mapped to the modules below);
 * inline one-liners see every export of @sinew/vision and @sinew/core.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@sinew/backend';
import '@sinew/backend-cpu/register';
import * as core from '@sinew/core';
import * as data from '@sinew/data';
import * as vision from '../src/index.node.js';

const modules: Record<string, unknown> = {
  '@tensorflow/tfjs-core': tf,
  '@sinew/core': core,
  '@sinew/data': data,
  '@sinew/vision': vision,
  'node:os': os,
  'node:path': path,
};

const src = join(__dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('fixture') ? [join(dir, e.name)] : [],
  );
}

interface Example {
  where: string;
  code: string;
  inline: boolean;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      const doc = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${relative(src, file)}:${line}`;
      for (const f of doc.matchAll(/@example\s*\n```ts\n([\s\S]*?)```/g)) out.push({ where, code: f[1]!, inline: false });
      for (const f of doc.matchAll(/@example `([^`]+)`/g)) out.push({ where, code: f[1]!, inline: true });
    }
  }
  return out;
}

function rewriteImports(code: string): string {
  return code.replace(/import\s+(?:(\*\s+as\s+(\w+))|(\{[^}]*\}))\s+from\s+'([^']+)';/g, (_all, _star, ns: string | undefined, names: string | undefined, mod: string) => {
    if (!(mod in modules)) throw new Error(`example imports '${mod}', which the runner does not provide`);
    const binding = ns ?? names!.replace(/\btype\s+\w+\s*,?/g, '').replace(/\s+as\s+/g, ': ');
    return `const ${binding} = __modules[${JSON.stringify(mod)}];`;
  });
}

const all = examples();
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
const scope = { ...core, ...vision } as Record<string, unknown>;
const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));

beforeAll(async () => {
  await setBackend('cpu');
});

describe('TSDoc examples run', () => {
  test('there are examples to run', () => {
    expect(all.length).toBeGreaterThan(80);
  });
  test.each(all.map((e) => [e.where, e] as const))('%s', async (_where, e) => {
    const body = e.inline ? `void (${e.code});` : `{\n${rewriteImports(e.code)}\n}`;
    const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    const fn = new AsyncFunction('__modules', 'tf', ...names, js);
    const log = console.log;
    console.log = () => {};
    try {
      tf.engine().startScope();
      await fn(modules, tf, ...names.map((n) => scope[n]));
    } finally {
      tf.engine().endScope();
      console.log = log;
    }
  });
});
