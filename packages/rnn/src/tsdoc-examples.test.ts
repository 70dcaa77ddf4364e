/**
 * Runs every ```ts block under an `@example` tag in this package, so documented examples cannot
 * rot: each is transpiled with TypeScript, its imports are bound to the source modules, and it runs
 * as an async function (on wasm: some examples train a little).
 */
import * as tf from '@tensorflow/tfjs-core';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from '@sinew/core';
import * as rnn from './index.js';
import { useWasm } from './test-setup.js';

const here = dirname(fileURLToPath(import.meta.url));

function examples(): { file: string; line: number; code: string }[] {
  const out: { file: string; line: number; code: string }[] = [];
  for (const name of readdirSync(here)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'test-setup.ts') continue;
    const lines = readFileSync(join(here, name), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\*\s*@example\s*$/.test(lines[i]!) || !/^\s*\*\s*```ts\s*$/.test(lines[i + 1] ?? '')) continue;
      const body: string[] = [];
      let j = i + 2;
      for (; j < lines.length && !/^\s*\*\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.replace(/^\s*\* ?/, ''));
      out.push({ file: name, line: i + 1, code: body.join('\n') });
    }
  }
  return out;
}

const modules: Record<string, unknown> = { '@sinew/rnn': rnn, '@sinew/core': core, '@tensorflow/tfjs-core': tf };

async function run(code: string): Promise<void> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const require = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`example imports '${name}', which the example runner does not provide`);
    return modules[name];
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  const log = console.log;
  console.log = () => {};
  try {
    await tf.tidy(() => undefined);
    await new AsyncFunction('require', 'exports', js)(require, {});
  } finally {
    console.log = log;
  }
}

beforeAll(useWasm);

describe('TSDoc examples', () => {
  const all = examples();
  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(20);
  });
  for (const ex of all) {
    it(`${ex.file}:${ex.line}`, async () => {
      rnn.LSTM.useFusedSequence = true;
      await run(ex.code);
    });
  }
});
