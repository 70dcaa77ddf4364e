/** 'min': lower is better; 'max': higher is better; 'auto': from the monitored name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * Resolves 'auto' as Keras 3: 'max' for accuracy-like names and AUC, 'min' otherwise.
 */
export function resolveMode(owner: string, mode: MonitorMode, monitor: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new Error(`${owner}: mode must be 'auto', 'min' or 'max'. Received: mode=${String(mode)}`);
  const m = monitor.replace(/^val_/, '');
  return /acc|auc|precision|recall|f1|fbeta|r2|kappa|mcc|matthews|specificity/.test(m) ? 'max' : 'min';
}
