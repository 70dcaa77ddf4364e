#!/usr/bin/env node
// Adds up the vitest JSON reports that `turbo run test` left in every package and prints one closing
// line, so CI logs end with the totals even when turbo shows only failing tasks' output.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const group of ['packages', 'apps', 'tooling', 'bench']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  const candidates = group === 'tooling' || group === 'bench' ? [dir] : readdirSync(dir).map((d) => join(dir, d));
  for (const pkg of candidates) {
    const file = join(pkg, 'test-results.json');
    if (!existsSync(file)) continue;
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    rows.push(`  ${pkg.slice(root.length).padEnd(28)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(3)} failed ${String(r.numPendingTests).padStart(3)} skipped`);
  }
}
console.log(rows.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
