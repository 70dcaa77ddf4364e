const counters = new Map<string, number>();

/** `Dense` -> `dense`, `BatchNormalization` -> `batch_normalization`, `Conv2D` -> `conv2d` (Keras's rule). */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The next unused automatic name for a prefix: `dense`, then `dense_1`, `dense_2`, ... */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}
