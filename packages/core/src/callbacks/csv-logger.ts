import { Callback, type Logs } from './callback.js';

/** Where {@link CSVLogger} writes: any text sink (a file in Node via `csvFileSink`, a buffer, a network stream). */
export interface CsvSink {
  /**
   * Called when training begins. With `append` false, the sink starts empty (a file is
   * truncated); returns whether it already holds lines, in which case no header is written.
   */
  open(append: boolean): boolean | Promise<boolean>;
  /** Appends text (whole lines). */
  write(text: string): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Options of {@link CSVLogger}. */
export interface CSVLoggerOptions {
  /** Default ','. */
  separator?: string;
  /** Add to existing content instead of starting afresh. Default false. */
  append?: boolean;
}

function escapeCell(v: string, sep: string): string {
  return v.includes(sep) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Writes one CSV row per epoch: `epoch` then the log keys in sorted order (Keras `CSVLogger`).
 * Give it a function that receives each line, or a {@link CsvSink}; in Node, `csvFileSink(path)`
 * from the `node` entry appends to a file (one append per row, so an interrupted run leaves every
 * finished row intact).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { CSVLogger, dense, sequential } from '@sinew/core';
 * const lines: string[] = [];
 * const csv = new CSVLogger((text) => { lines.push(text); });
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 3, verbose: 0, callbacks: [csv] });
 * lines.join(''); // 'epoch,loss\n0,...\n1,...\n2,...\n'
 * ```
 */
export class CSVLogger extends Callback {
  private readonly sink: CsvSink;
  private readonly separator: string;
  private readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;

  constructor(target: CsvSink | ((line: string) => void | Promise<void>), options: CSVLoggerOptions = {}) {
    super();
    this.sink = typeof target === 'function' ? { open: () => false, write: target } : target;
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    const hasContent = await this.sink.open(this.append);
    this.writeHeader = !(this.append && hasContent);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const sep = this.separator;
    this.keys ??= Object.keys(logs).sort();
    let text = '';
    if (this.writeHeader) {
      text += ['epoch', ...this.keys].map((k) => escapeCell(k, sep)).join(sep) + '\n';
      this.writeHeader = false;
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))];
    text += row.map((c) => escapeCell(c, sep)).join(sep) + '\n';
    await this.sink.write(text);
  }

  override async onTrainEnd(): Promise<void> {
    await this.sink.close?.();
  }
}
