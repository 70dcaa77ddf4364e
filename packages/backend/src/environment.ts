import type { Environment } from './backend.js';

/**
 * Tells the environment this code runs in, without touching any Node-only module.
 *
 * @example
 * ```ts
 * import { currentEnvironment } from '@sinew/backend';
 * console.log(currentEnvironment()); // 'node' in Node, 'browser' in a page, 'worker' in a web worker
 * ```
 */
export function currentEnvironment(): Environment {
  const g = globalThis as Record<string, any>;
  if (typeof g.process === 'object' && g.process?.versions?.node != null && typeof g.window === 'undefined') {
    return 'node';
  }
  if (typeof g.window === 'object' && typeof g.document === 'object') return 'browser';
  return 'worker';
}
