import { Random, randomSeed } from '../random/random.js';
import type { TaskOptions } from './common.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The human-readable formats `dateTranslationTask` writes; every one names the month or is day-first. */
export const DATE_FORMATS = [
  'd MMMM yyyy', // 3 May 1979
  'd MMM yyyy', // 3 May 1979 (abbreviated month)
  'dd MMM yyyy', // 03 May 1979
  'MMMM d, yyyy', // May 3, 1979
  'MMM d, yyyy', // May 3, 1979
  'EEEE, MMMM d, yyyy', // Thursday, May 3, 1979
  'EEE d MMM yyyy', // Thu 3 May 1979
  'dd.MM.yyyy', // 03.05.1979
  'd/M/yyyy', // 3/5/1979 (day first)
  'MMMM d yyyy', // May 3 1979
  'd MMMM, yyyy', // 3 May, 1979
  'yyyy MMMM d', // 1979 May 3
] as const;

/** One of `DATE_FORMATS`. */
export type DateFormat = (typeof DATE_FORMATS)[number];

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Writes a date (year, month 1-12, day) in one of `DATE_FORMATS`.
 *
 * @example
 * ```ts
 * import { formatDate } from '@sinew/data';
 * console.log(formatDate(1979, 5, 3, 'EEEE, MMMM d, yyyy')); // 'Thursday, May 3, 1979'
 * ```
 */
export function formatDate(year: number, month: number, day: number, format: DateFormat): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new Error(`formatDate: ${year}-${month}-${day} is not a date`);
  }
  const tokens: Record<string, string> = {
    yyyy: String(year),
    MMMM: MONTHS[month - 1]!,
    MMM: MONTHS[month - 1]!.slice(0, 3),
    MM: pad2(month),
    M: String(month),
    dd: pad2(day),
    d: String(day),
    EEEE: DAYS[date.getUTCDay()]!,
    EEE: DAYS[date.getUTCDay()]!.slice(0, 3),
  };
  return format.replace(/yyyy|MMMM|MMM|MM|M|dd|d|EEEE|EEE/g, (t) => tokens[t]!);
}

/**
 * Date-format translation for sequence-to-sequence models (as in the attention lectures): a random
 * date between `fromYear` and `toYear` written in a random human-readable format (`DATE_FORMATS`,
 * optionally lower-cased) is the input; the same date in ISO 8601 (`yyyy-mm-dd`) is the target.
 * Strings: tokenize them with `CharTokenizer` and a `Vocabulary`.
 *
 * @example
 * ```ts
 * import { dateTranslationTask } from '@sinew/data';
 * for (const { input, target } of dateTranslationTask({ count: 3, seed: 5 })) console.log(input, '->', target);
 * // e.g. 'Tue 14 Mar 2017 -> 2017-03-14'
 * ```
 */
export function dateTranslationTask(
  options: TaskOptions & { fromYear?: number; toYear?: number; formats?: readonly DateFormat[]; lowercaseRate?: number },
): Array<{ input: string; target: string }> {
  const { count, seed = randomSeed(), fromYear = 1950, toYear = 2049, formats = DATE_FORMATS, lowercaseRate = 0.2 } = options;
  if (!Number.isInteger(count) || count < 0) throw new Error(`dateTranslationTask: count must be a non-negative integer, received count=${count}`);
  if (!(Number.isInteger(fromYear) && Number.isInteger(toYear) && fromYear <= toYear && fromYear >= 100)) {
    throw new Error(`dateTranslationTask: expected whole years 100 <= fromYear <= toYear, received fromYear=${fromYear}, toYear=${toYear}`);
  }
  if (formats.length === 0) throw new Error('dateTranslationTask: formats is empty');
  const rng = new Random(seed);
  const first = Date.UTC(fromYear, 0, 1);
  const days = Math.round((Date.UTC(toYear, 11, 31) - first) / 86_400_000) + 1;
  return Array.from({ length: count }, () => {
    const d = new Date(first + rng.int(days) * 86_400_000);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    let input = formatDate(y, m, day, formats[rng.int(formats.length)]!);
    if (rng.next() < lowercaseRate) input = input.toLowerCase();
    return { input, target: `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(day)}` };
  });
}
