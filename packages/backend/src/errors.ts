/**
 * A backend could not be found, probed or started; the message says why and what is available.
 *
 * @example
 * ```ts
 * import '@sinew/backend-cpu/register';
 * import { BackendError, setBackend } from '@sinew/backend';
 * try {
 *   await setBackend('nope');
 * } catch (err) {
 *   console.log(err instanceof BackendError, (err as Error).message); // true "setBackend('nope'): unknown backend. Registered backends: ..."
 * }
 * ```
 */
export class BackendError extends Error {
  override name = 'BackendError';
}
