import { formatShape, type Shape } from './symbolic-tensor.js';
import type { Layer } from './layer.js';

/** One row of a summary table. */
export interface SummaryRow {
  layer: Layer;
  connectedTo?: string[];
}

function cell(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)} ` : text.padEnd(width);
}

function shapeText(shape: Shape | Shape[] | null): string {
  if (shape === null) return '?';
  if (Array.isArray(shape[0])) return `[${(shape as Shape[]).map(formatShape).join(', ')}]`;
  return formatShape(shape as Shape);
}

function params(layer: Layer): string {
  try {
    return String(layer.countParams());
  } catch {
    return '0 (unbuilt)';
  }
}

/**
 * The Keras-style summary table of a model: one row per layer with its output shape and parameter
 * count (and, for functional models, the layers it is connected to), then the totals.
 */
export function formatSummary(title: string, rows: SummaryRow[], counts: { trainable: number; nonTrainable: number }, functional: boolean): string {
  const widths = functional ? [33, 26, 11, 28] : [33, 26, 11];
  const total = widths.reduce((a, b) => a + b, 0);
  const header = functional ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #'];
  const lines = [`Model: "${title}"`, '_'.repeat(total), header.map((h, i) => cell(i === 0 ? ` ${h}` : h, widths[i]!)).join('').trimEnd(), '='.repeat(total)];
  rows.forEach((row) => {
    const first = [
      ` ${row.layer.name} (${row.layer.className})`,
      shapeText(row.layer.lastOutputShape),
      params(row.layer),
    ];
    const connected = row.connectedTo ?? [];
    if (functional) first.push(connected[0] ?? '');
    // The last column has nothing to its right: never cut it ('0 (unbuilt)', long connection names).
    lines.push(first.map((t, i) => (i === first.length - 1 ? t : cell(t, widths[i]!))).join('').trimEnd());
    for (const extra of connected.slice(1)) lines.push(`${' '.repeat(total - widths[3]!)}${extra}`);
  });
  const compact = lines;
  compact.push('='.repeat(total));
  compact.push(`Total params: ${(counts.trainable + counts.nonTrainable).toLocaleString('en-US')}`);
  compact.push(`Trainable params: ${counts.trainable.toLocaleString('en-US')}`);
  compact.push(`Non-trainable params: ${counts.nonTrainable.toLocaleString('en-US')}`);
  compact.push('_'.repeat(total));
  return compact.join('\n');
}
