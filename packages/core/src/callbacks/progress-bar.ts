import { Callback, type Logs } from './callback.js';

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** 1: a live bar in terminals (one line per epoch elsewhere); 2: one line per epoch. Default 1. */
  verbose?: 1 | 2;
  /**
   * Where text goes. Default: `process.stdout` in a Node terminal, otherwise `console.log` of
   * whole lines (browsers, CI logs, piped output).
   */
  write?: (text: string) => void;
  /** Whether the output is a terminal that understands `\r`. Default: detected. */
  isTTY?: boolean;
  /** Bar width in characters. Default 30. */
  width?: number;
}

interface NodeStdout {
  isTTY?: boolean;
  write(s: string): boolean;
}

function nodeStdout(): NodeStdout | null {
  // Reached through globalThis so the module has no Node import and runs unchanged in browsers.
  const p = (globalThis as { process?: { stdout?: NodeStdout } }).process;
  return p?.stdout !== undefined && typeof p.stdout.write === 'function' ? p.stdout : null;
}

function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(4) : v.toFixed(4);
}

/**
 * Formats logs as Keras does: `loss: 0.1234 - accuracy: 0.9876`.
 *
 * @example
 * ```ts
 * import { formatLogs } from '@sinew/core';
 * formatLogs({ loss: 0.12345, accuracy: 0.9 }); // 'loss: 0.1235 - accuracy: 0.9000'
 * ```
 */
export function formatLogs(logs: Logs, keys?: string[]): string {
  return (keys ?? Object.keys(logs))
    .filter((k) => logs[k] !== undefined)
    .map((k) => `${k}: ${formatValue(logs[k] as number)}`)
    .join(' - ');
}

/**
 * The `verbose` display of `fit`: in a terminal, a Keras-like live bar per epoch
 * (`12/50 [=======>......] - ETA: 3s - loss: 0.4123 - accuracy: 0.8810`); when output is not a
 * terminal (CI logs, files, browsers) one line per epoch, so logs stay readable. Uses no Node API
 * outside `globalThis.process`, and only when it exists.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { ProgressBar, dense, sequential } from '@sinew/core';
 * const lines: string[] = [];
 * const bar = new ProgressBar({ verbose: 2, write: (t) => { lines.push(t); } });
 * const model = sequential({ layers: [dense({ units: 1, inputShape: [2] })] });
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * await model.fit(tf.ones([8, 2]), tf.ones([8, 1]), { epochs: 2, verbose: 0, callbacks: [bar] });
 * lines; // ['Epoch 1/2 - 0s - loss: ...\n', 'Epoch 2/2 - 0s - loss: ...\n']
 * ```
 */
export class ProgressBar extends Callback {
  private readonly verbose: 1 | 2;
  private readonly write: (text: string) => void;
  private readonly live: boolean;
  private readonly width: number;
  private epochStart = 0;
  private lastDraw = 0;
  private seen = 0;
  private sums: Record<string, number> = {};
  // Steps counted in the first epoch when the data's size is unknown (an async iterable), so later
  // epochs draw a real bar, as Keras's ProgbarLogger does.
  private learnedSteps: number | null = null;
  // Width of the line on screen: a shorter redraw is padded with spaces, else stale characters stay.
  private drawnWidth = 0;

  constructor(options: ProgressBarOptions = {}) {
    super();
    this.verbose = options.verbose ?? 1;
    const stdout = nodeStdout();
    this.live = this.verbose === 1 && (options.isTTY ?? stdout?.isTTY === true);
    this.width = options.width ?? 30;
    if (options.write !== undefined) {
      this.write = options.write;
    } else if (stdout !== null) {
      this.write = (t) => void stdout.write(t);
    } else {
      // console.log adds its own newline: strip ours, and drop live redraws (never used here).
      this.write = (t) => {
        const line = t.replace(/^\r/, '').replace(/\n$/, '');
        if (line.length > 0) console.log(line);
      };
    }
  }

  override onTrainBegin(): void {
    this.learnedSteps = null;
  }

  override onEpochBegin(epoch: number): void {
    const epochs = this.params?.epochs ?? 0;
    this.epochStart = Date.now();
    this.lastDraw = 0;
    this.seen = 0;
    this.sums = {};
    this.drawnWidth = 0;
    if (this.live) this.write(`Epoch ${epoch + 1}/${epochs}\n`);
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    if (!this.live) return;
    const now = Date.now();
    const steps = this.params?.steps ?? this.learnedSteps;
    this.seen = batch + 1;
    for (const [k, v] of Object.entries(logs)) {
      if (k === 'batch' || k === 'size') continue;
      this.sums[k] = v;
    }
    // Redraw at most ~20 times a second: terminals are slow, and training should not wait on them.
    if (now - this.lastDraw < 50 && (steps === null || this.seen < steps)) return;
    this.lastDraw = now;
    this.redraw(this.barLine(now, steps, this.sums), '');
  }

  private redraw(line: string, end: string): void {
    const pad = ' '.repeat(Math.max(0, this.drawnWidth - line.length));
    this.drawnWidth = line.length;
    this.write(`\r${line}${pad}${end}`);
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const now = Date.now();
    const elapsed = (now - this.epochStart) / 1000;
    const steps = this.params?.steps ?? this.seen;
    if (this.params?.steps == null) this.learnedSteps = this.seen;
    if (this.live) {
      const perStep = steps > 0 ? (elapsed * 1000) / steps : 0;
      this.redraw(`${this.bar(steps, steps)} - ${formatDuration(elapsed)} ${Math.round(perStep)}ms/step - ${formatLogs(logs)}`, '\n');
    } else {
      const epochs = this.params?.epochs ?? 0;
      this.write(`Epoch ${epoch + 1}/${epochs} - ${formatDuration(elapsed)} - ${formatLogs(logs)}\n`);
    }
  }

  private bar(done: number, total: number | null): string {
    const counter = total === null ? `${done}/Unknown` : `${String(done).padStart(String(total).length)}/${total}`;
    if (total === null || total === 0) return counter;
    const filled = Math.min(this.width, Math.floor((done / total) * this.width));
    const head = filled < this.width ? '>' : '';
    const bar = '='.repeat(filled) + head + '.'.repeat(Math.max(0, this.width - filled - head.length));
    return `${counter} [${bar}]`;
  }

  private barLine(now: number, steps: number | null, logs: Logs): string {
    const elapsed = (now - this.epochStart) / 1000;
    const eta = steps !== null && this.seen > 0 ? (elapsed / this.seen) * (steps - this.seen) : null;
    const time = eta === null ? formatDuration(elapsed) : `ETA: ${formatDuration(eta)}`;
    return `${this.bar(this.seen, steps)} - ${time} - ${formatLogs(logs)}`;
  }
}
