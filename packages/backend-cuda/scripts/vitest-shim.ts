/**
 * Just enough of vitest's API (describe, test, skip, hooks, expect(...).toEqual) to run the shared
 * conformance suite inside the self-contained GPU bundle, where vitest is not installed. The bundler
 * aliases 'vitest' to this file; {@link runRegistered} runs what was declared and reports.
 */
type Fn = () => unknown | Promise<unknown>;

interface Block {
  name: string;
  before: Fn[];
  after: Fn[];
  items: Array<{ kind: 'test'; name: string; fn?: Fn } | { kind: 'block'; block: Block }>;
}

const root: Block = { name: '', before: [], after: [], items: [] };
let current = root;

export function describe(name: string, body: () => void): void {
  const block: Block = { name, before: [], after: [], items: [] };
  current.items.push({ kind: 'block', block });
  const parent = current;
  current = block;
  try {
    body();
  } finally {
    current = parent;
  }
}

function declare(name: string, fn?: Fn): void {
  current.items.push({ kind: 'test', name, fn });
}

export const test = Object.assign(declare, {
  skip: (name: string, _fn?: Fn) => declare(name),
  skipIf: (cond: boolean) => (name: string, fn?: Fn) => declare(name, cond ? undefined : fn),
});
export const it = test;

export function beforeAll(fn: Fn): void {
  current.before.push(fn);
}

export function afterAll(fn: Fn): void {
  current.after.push(fn);
}

export function expect(actual: unknown, message?: string) {
  const fail = (what: string) => {
    throw new Error(`${message ? message + ': ' : ''}${what}`);
  };
  return {
    toEqual(expected: unknown) {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) fail(`expected ${JSON.stringify(expected)}, received ${JSON.stringify(actual)}`);
    },
    toBe(expected: unknown) {
      if (!Object.is(actual, expected)) fail(`expected ${String(expected)}, received ${String(actual)}`);
    },
    toBeGreaterThan(n: number) {
      if (!((actual as number) > n)) fail(`expected > ${n}, received ${String(actual)}`);
    },
  };
}

/** Result of running everything declared. */
export interface ShimReport {
  passed: number;
  failed: Array<{ name: string; error: string }>;
  skipped: string[];
}

/** Runs every declared test in order, hooks included, and clears the registry. */
export async function runRegistered(log: (line: string) => void = console.log): Promise<ShimReport> {
  const report: ShimReport = { passed: 0, failed: [], skipped: [] };
  const run = async (block: Block, prefix: string) => {
    for (const h of block.before) await h();
    for (const item of block.items) {
      if (item.kind === 'block') {
        await run(item.block, `${prefix}${item.block.name} > `);
        continue;
      }
      const name = prefix + item.name;
      if (!item.fn) {
        report.skipped.push(name);
        continue;
      }
      try {
        await item.fn();
        report.passed++;
      } catch (err) {
        report.failed.push({ name, error: (err as Error).message });
        log(`FAIL ${name}\n  ${(err as Error).message.split('\n').join('\n  ')}`);
      }
    }
    for (const h of block.after) await h();
  };
  await run(root, '');
  root.items = [];
  root.before = [];
  root.after = [];
  return report;
}
