/** A backend could not be found, probed or started; the message says why and what is available. */
export class BackendError extends Error {
  override name = 'BackendError';
}
