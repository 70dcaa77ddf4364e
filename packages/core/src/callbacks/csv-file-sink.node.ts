import { appendFile, stat, writeFile } from 'node:fs/promises';
import type { CsvSink } from './csv-logger.js';

/**
 * A {@link CsvSink} for Node that appends to a file: truncated when training starts (unless
 * appending), then one `appendFile` per row, so a crash loses at most the row being written.
 *
 * @example
 * ```ts
 * import { CSVLogger } from '@sinew/core';
 * import { csvFileSink } from '@sinew/core'; // Node only: the package's `node` entry
 * const csv = new CSVLogger(csvFileSink('training.csv'), { append: true });
 * ```
 */
export function csvFileSink(path: string): CsvSink {
  return {
    async open(append: boolean): Promise<boolean> {
      if (!append) {
        await writeFile(path, '');
        return false;
      }
      try {
        return (await stat(path)).size > 0;
      } catch {
        return false;
      }
    },
    async write(text: string): Promise<void> {
      await appendFile(path, text);
    },
  };
}
