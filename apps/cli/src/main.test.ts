import { afterEach, describe, expect, test, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { main } from './main.js';

function captureOutput() {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sinew', () => {
  test('no command prints usage listing the commands', async () => {
    const out = captureOutput();
    expect(await main([])).toBe(0);
    expect(out.join('\n')).toMatch(/demo[\s\S]*doctor/);
  });

  test('an unknown command or option is a usage error (exit 2) that names it', async () => {
    const out = captureOutput();
    expect(await main(['nope'])).toBe(2);
    expect(out.join('\n')).toContain("unknown command 'nope'");
    expect(await main(['demo', '--epoch', '3'])).toBe(2);
    expect(out.join('\n')).toMatch(/--epoch/);
  });

  test('demo rejects a bad --epochs value clearly', async () => {
    captureOutput();
    await expect(main(['demo', '--epochs', 'zero'])).rejects.toThrow('--epochs must be a positive integer. Received: zero');
  });

  test('doctor lists wasm and cpu as available', async () => {
    const out = captureOutput();
    expect(await main(['doctor', '--json'])).toBe(0);
    const report = JSON.parse(out.join('\n')) as { backends: { name: string; available: boolean }[] };
    const byName = Object.fromEntries(report.backends.map((b) => [b.name, b.available]));
    expect(byName).toMatchObject({ wasm: true, cpu: true });
  });

  test('demo trains on wasm, beats 90% test accuracy, and reloads identically, leaking nothing', async () => {
    const out = captureOutput();
    const before = tf.memory().numTensors;
    expect(await main(['demo', '--quiet', '--epochs', '15'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^Backend: wasm/m);
    const accuracy = Number(/Test accuracy: ([\d.]+)%/.exec(text)?.[1]);
    expect(accuracy).toBeGreaterThan(90);
    expect(text).toContain('predictions identical');
    expect(tf.memory().numTensors).toBe(before);
  });
});
