/**
 * Runs every benchmark in this folder (or those named on the command line) one after another and
 * prints their reports. Each `*.bench.ts` exports `run(): Promise<string>`, measures Sinew against a
 * peer in the same process, and reports ratios, never absolute claims.
 *
 *   pnpm bench               # all
 *   pnpm bench mlp backends  # some
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', '')));

if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; available: ${readdirSync(here).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
for (const file of files) {
  const mod = (await import(join(here, file))) as { run?: () => Promise<string> };
  if (typeof mod.run !== 'function') {
    console.error(`${file}: exports no run()`);
    process.exitCode = 1;
    continue;
  }
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`);
  console.log(await mod.run());
}
