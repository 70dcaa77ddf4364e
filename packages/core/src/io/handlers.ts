/** Writes a model file's bytes somewhere. */
export interface SaveHandler {
  save(bytes: Uint8Array, info: { name: string }): Promise<void>;
}

/** Reads a model file's bytes from somewhere. */
export interface LoadHandler {
  load(): Promise<Uint8Array>;
}

/**
 * Where `model.save` writes: 'memory://' (returns the bytes), 'indexeddb://name' and
 * 'downloads://name' in browsers, a path or 'file://path' in Node, or any {@link SaveHandler}.
 */
export type SaveDestination = string | SaveHandler;

/** What `loadModel` reads: bytes, a URL ('https://...', fetched), 'indexeddb://name', a path in Node, or a {@link LoadHandler}. */
export type LoadSource = string | ArrayBuffer | Uint8Array | LoadHandler;

/** Options of `model.save`. */
export interface SaveOptions {
  /** Include the optimizer's configuration and state (default true, when compiled). */
  includeOptimizer?: boolean;
  /** JSON metadata stored with the model. */
  metadata?: Record<string, unknown>;
}

/** What `model.save` reports. */
export interface SaveResult {
  /** Where it went. */
  destination: string;
  /** Size of the file. */
  byteLength: number;
  /** The file's bytes ('memory://' only). */
  bytes: Uint8Array | null;
}

/** Handlers for one URL scheme. */
export interface SchemeHandlers {
  save?: (path: string, bytes: Uint8Array) => Promise<void>;
  load?: (path: string) => Promise<Uint8Array>;
}

const schemes = new Map<string, SchemeHandlers>();

/**
 * Registers save/load handlers for a URL scheme ('file' is registered by the Node entry point).
 *
 * @example
 * ```ts
 * registerIOScheme('mem2', { save: async (path, bytes) => store.set(path, bytes), load: async (path) => store.get(path) });
 * ```
 */
export function registerIOScheme(scheme: string, handlers: SchemeHandlers): void {
  schemes.set(scheme, { ...schemes.get(scheme), ...handlers });
}

/** Splits 'scheme://rest'; a string without a scheme is a file path. */
export function parseUrl(url: string): { scheme: string; path: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (m === null) return { scheme: 'file', path: url };
  return { scheme: m[1]!.toLowerCase(), path: m[2]! };
}

function unavailable(scheme: string, op: string, url: string): Error {
  if (scheme === 'file') {
    return new Error(`${op}('${url}'): file paths need Node; in Node, '@sinew/core' resolves to its node entry, which registers the file handler (import it, not a browser bundle)`);
  }
  return new Error(`${op}('${url}'): no handler for '${scheme}://'. Known: ${[...schemes.keys(), 'memory'].join(', ')}; in-memory bytes always work`);
}

/** Finds the save function for a destination URL. */
export function saveHandlerFor(url: string): (bytes: Uint8Array) => Promise<void> {
  const { scheme, path } = parseUrl(url);
  const h = schemes.get(scheme)?.save;
  if (h === undefined) throw unavailable(scheme, 'save', url);
  return (bytes) => h(path, bytes);
}

/** Finds the load function for a source URL. */
export function loadHandlerFor(url: string): () => Promise<Uint8Array> {
  const { scheme, path } = parseUrl(url);
  if (scheme === 'http' || scheme === 'https') return () => fetchBytes(url);
  const h = schemes.get(scheme)?.load;
  if (h === undefined) throw unavailable(scheme, 'loadModel', url);
  return () => h(path);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  if (typeof fetch !== 'function') throw new Error(`loadModel('${url}'): fetch is not available in this environment`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`loadModel('${url}'): HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

const DB = 'sinew-models';
const STORE = 'models';

function openDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error("'indexeddb://' needs a browser with IndexedDB"));
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

registerIOScheme('indexeddb', {
  // One put in one transaction: IndexedDB commits it whole or not at all, so a crash never leaves half a model.
  save: async (name, bytes) => {
    const db = await openDb();
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(bytes.slice().buffer, name);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error(`IndexedDB write of '${name}' failed`));
        tx.onabort = () => reject(tx.error ?? new Error(`IndexedDB write of '${name}' was aborted`));
      });
    } finally {
      db.close();
    }
  },
  load: async (name) => {
    const db = await openDb();
    try {
      const value = await new Promise<unknown>((resolve, reject) => {
        const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error(`IndexedDB read of '${name}' failed`));
      });
      if (!(value instanceof ArrayBuffer)) throw new Error(`loadModel('indexeddb://${name}'): no model stored under that name`);
      return new Uint8Array(value);
    } finally {
      db.close();
    }
  },
});

registerIOScheme('downloads', {
  save: async (name, bytes) => {
    if (typeof document === 'undefined' || typeof URL === 'undefined' || typeof Blob === 'undefined') {
      throw new Error("'downloads://' needs a browser page");
    }
    const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'application/octet-stream' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name.endsWith('.sinew') ? name : `${name || 'model'}.sinew`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  },
});
