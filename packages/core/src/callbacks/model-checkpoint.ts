import type { Logs } from './callback.js';
import { Callback } from './callback.js';
import { resolveMode, type MonitorMode } from './monitor.js';

/** Arguments of {@link ModelCheckpoint} (Keras 3 names and defaults). */
export interface ModelCheckpointArgs {
  /** Default 'val_loss'. */
  monitor?: string;
  /** Save only when the monitored value improves on the best so far. Default false. */
  saveBestOnly?: boolean;
  /** Call `model.saveWeights` instead of `model.save`. Default false. */
  saveWeightsOnly?: boolean;
  /** Default 'auto'. */
  mode?: MonitorMode;
  /** 'epoch' (default) or a number of batches. */
  saveFreq?: 'epoch' | number;
  /** With `saveBestOnly`: only save once the value beats this. */
  initialValueThreshold?: number;
  verbose?: 0 | 1;
}

/**
 * Fills a checkpoint path template: `{epoch}` is the 1-based epoch, `{batch}` the 1-based batch,
 * other names come from the logs; Python-style formats `{epoch:03d}` and `{val_loss:.4f}` work.
 *
 * @example
 * ```ts
 * import { formatCheckpointPath } from '@sinew/core';
 * formatCheckpointPath('ckpt-{epoch:02d}-{val_loss:.2f}.sinew', { epoch: 3, logs: { val_loss: 0.1234 } }); // 'ckpt-03-0.12.sinew'
 * ```
 */
export function formatCheckpointPath(template: string, values: { epoch: number; batch?: number; logs?: Logs }): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (match, name: string, spec: string | undefined) => {
    let v: number | undefined;
    if (name === 'epoch') v = values.epoch;
    else if (name === 'batch') v = values.batch;
    else v = values.logs?.[name];
    if (v === undefined) {
      throw new Error(`ModelCheckpoint: the path template '${template}' uses {${name}}, which is not in the logs (available: epoch, ${Object.keys(values.logs ?? {}).join(', ')})`);
    }
    if (spec === undefined || spec === '') return String(v);
    const m = /^(0?)(\d*)(?:\.(\d+))?([dfeg]?)$/.exec(spec);
    if (m === null) throw new Error(`ModelCheckpoint: unsupported format '{${name}:${spec}}' in '${template}' (use e.g. :03d, :.4f, :.2e)`);
    const [, zero, width, precision, type] = m;
    let s: string;
    if (type === 'd') s = String(Math.round(v));
    else if (type === 'e') s = v.toExponential(precision === undefined ? 6 : Number(precision));
    else if (type === 'f' || precision !== undefined) s = v.toFixed(precision === undefined ? 6 : Number(precision));
    else s = String(v);
    if (width !== undefined && width !== '') s = s.padStart(Number(width), zero === '0' ? '0' : ' ');
    return s;
  });
}

/**
 * Saves the model (or its weights) during training: every epoch or every `saveFreq` batches, or
 * only when the monitored value improves (`saveBestOnly`). The path may hold `{epoch}` and log
 * placeholders (see {@link formatCheckpointPath}). Needs `model.save` (or `model.saveWeights`),
 * which `Model` provides; saving is atomic there, so an interrupted checkpoint never destroys the
 * previous one.
 *
 * @example
 * ```ts
 * import { ModelCheckpoint } from '@sinew/core';
 * const ckpt = new ModelCheckpoint('checkpoints/model-{epoch:02d}-{val_loss:.3f}.sinew', { saveBestOnly: true });
 * // Pass it to fit: model.fit(x, y, { epochs: 20, validationSplit: 0.1, callbacks: [ckpt] });
 * // after training, ckpt.saved lists the files written.
 * ```
 */
export class ModelCheckpoint extends Callback {
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  readonly verbose: 0 | 1;
  private readonly mode: MonitorMode;
  private direction: 'min' | 'max' = 'min';
  private readonly initialValueThreshold: number | undefined;
  best: number;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];
  private epoch = 0;
  private batchesSinceSave = 0;

  constructor(
    readonly filepath: string,
    args: ModelCheckpointArgs = {},
  ) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.saveFreq = args.saveFreq ?? 'epoch';
    this.mode = args.mode ?? 'auto';
    this.verbose = args.verbose ?? 0;
    this.initialValueThreshold = args.initialValueThreshold;
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new Error(`ModelCheckpoint: saveFreq must be 'epoch' or a positive integer. Received: saveFreq=${String(this.saveFreq)}`);
    }
    this.direction = resolveMode('ModelCheckpoint', this.mode, this.monitor);
    this.best = this.initialValueThreshold ?? (this.direction === 'min' ? Infinity : -Infinity);
  }

  override onTrainBegin(): void {
    const model = this.requireModel('ModelCheckpoint');
    const method = this.saveWeightsOnly ? 'saveWeights' : 'save';
    if (typeof model[method] !== 'function') {
      throw new Error(`ModelCheckpoint: model '${model.name}' has no ${method}() method, so checkpoints cannot be written`);
    }
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceSave++;
    if (this.batchesSinceSave >= this.saveFreq) {
      this.batchesSinceSave = 0;
      await this.maybeSave(this.epoch, batch + 1, logs);
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.maybeSave(epoch, undefined, logs);
  }

  private async maybeSave(epoch: number, batch: number | undefined, logs: Logs): Promise<void> {
    const model = this.requireModel('ModelCheckpoint');
    const path = formatCheckpointPath(this.filepath, { epoch: epoch + 1, batch, logs });
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`ModelCheckpoint: can save best model only with '${this.monitor}' available (logs: ${Object.keys(logs).join(', ')}); skipping`);
        return;
      }
      const better = this.direction === 'min' ? current < this.best : current > this.best;
      if (!better) return;
      if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}, saving model to ${path}`);
      this.best = current;
    } else if (this.verbose > 0) {
      console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
    }
    if (this.saveWeightsOnly) await model.saveWeights!(path);
    else await model.save!(path);
    this.saved.push(path);
  }
}
