import * as tf from '@tensorflow/tfjs-core';
import '@sinew/backend-cpu/register';
import { setBackend } from '@sinew/backend';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as metrics from './index.js';

beforeAll(async () => {
  await setBackend('cpu');
});

// Every TSDoc @example in src runs here. A line `expr; // 0.75` (or `// [1, 0]`, `// 'text'`) also
// asserts its value: numbers to the printed digits, arrays and strings exactly (numbers in arrays to
// the printed digits). Comments that are not a literal (e.g. `// 0.2222...`) are prefix-checked.
const srcDir = new URL('.', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

interface Example {
  file: string;
  code: string;
}

const examples: Example[] = [];
for (const file of sources(srcDir)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/@example\s*\n((?:\s*\*.*\n)*?)\s*\*\//g)) {
    const body = m[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, '')).join('\n');
    const code = /```ts\n([\s\S]*?)```/.exec(body)?.[1];
    if (code) examples.push({ file: file.slice(srcDir.length), code });
  }
}

function check(actual: unknown, expected: string): void {
  const text = expected.trim();
  const num = /^(-?\d+(?:\.\d+)?(?:e-?\d+)?)(\.\.\.)?(?:\s.*)?$/.exec(text);
  if (typeof actual === 'number' && num?.[2]) {
    expect(String(actual).startsWith(num[1]!), `${actual} vs ${text}`).toBe(true);
    return;
  }
  if (typeof actual === 'number' && num) {
    const digits = (num[1]!.split('.')[1] ?? '').length;
    // The printed digits are the value rounded: it must lie within half a unit of the last digit.
    expect(Math.abs(actual - Number(num[1])), `${actual} vs ${text}`).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12);
    return;
  }
  if (text.startsWith('[')) {
    expect(Array.isArray(actual), `${String(actual)} vs ${text}`).toBe(true);
  }
  if (text.startsWith('[') && Array.isArray(actual)) {
    const want = JSON.parse(text.replace(/'/g, '"')) as unknown[];
    const a = actual.flat(2) as number[];
    const w = want.flat(2) as number[];
    expect(a.length).toBe(w.length);
    const digits = Math.max(0, ...w.map((v) => (String(v).split('.')[1] ?? '').length));
    a.forEach((v, i) => expect(Math.abs(v - w[i]!), `${JSON.stringify(actual)} vs ${text}`).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12));
    return;
  }
  if (text === 'true' || text === 'false') {
    expect(actual).toBe(text === 'true');
    return;
  }
  if (text.startsWith("'")) {
    expect(actual).toBe(text.slice(1, text.lastIndexOf("'")));
    return;
  }
  if (typeof actual === 'number') {
    // e.g. "// exp(-(ln 0.5 + ln 0.75) / 2) = 1.633" or "// 2 (uniform logits)": check the last number given.
    const nums = text.match(/-?\d+(?:\.\d+)?/g);
    const last = /= (-?\d+(?:\.\d+)?)/.exec(text)?.[1] ?? nums?.[0];
    if (last !== undefined) {
      const digits = (last.split('.')[1] ?? '').length;
      expect(Math.abs(actual - Number(last)), `${actual} vs ${text}`).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12);
    }
  }
}

describe('TSDoc examples run and print what they say', () => {
  it('every exported value has TSDoc with an @example', () => {
    const texts = sources(srcDir).map((f) => readFileSync(f, 'utf8'));
    const missing = Object.keys(metrics).filter((name) => {
      const decl = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:abstract )?(?:function|class|const) ${name}\\b`);
      return !texts.some((t) => decl.exec(t)?.[1]?.includes('@example'));
    });
    expect(missing).toEqual([]);
  });

  it('found examples in every source file with exports', () => {
    expect(examples.length).toBeGreaterThan(60);
  });

  it.each(examples.map((e, i) => [`${e.file} #${i}`, e] as const))('%s', (_, { code }) => {
    const lines = code.split('\n');
    const js = lines
      .map((line) => {
        const m = /^(.*?);\s*\/\/\s*(.+)$/.exec(line);
        if (!m || /^\s*(const|let|\/\/)/.test(m[1]!) || m[1]!.trim().endsWith(')') === false && !/[\w\]]$/.test(m[1]!.trim())) return line;
        return `__check(${m[1]}, ${JSON.stringify(m[2])});`;
      })
      .join('\n')
      .replace(/ as const/g, '');
    const names = Object.keys(metrics);
    const run = new Function('__check', 'tf', ...names, js) as (...args: unknown[]) => void;
    run(check, tf, ...names.map((n) => (metrics as Record<string, unknown>)[n]));
  });
});
