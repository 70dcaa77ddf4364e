// The 'wasm' backend in a real browser (headless Chromium, when installed): the .wasm binaries load from
// where configureWasm says, a conv training step runs, and the thread facts follow cross-origin isolation.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

interface PageResult {
  ok: boolean;
  error?: string;
  device?: string;
  capabilities?: Record<string, unknown>;
  crossOriginIsolated?: boolean | null;
  hardwareConcurrency?: number;
  gradShape?: number[];
  gradAbsSum?: number;
}

describe.skipIf(!chromium)('wasm in a browser (headless Chromium)', () => {
  let dir = '';
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sinew-wasm-browser-'));
    const require = createRequire(import.meta.url);
    const esbuild = require('esbuild') as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [join(here, 'browser', 'entry.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['@sinew/source'],
      outfile: join(dir, 'app.js'),
      logLevel: 'silent',
    });
    // What a web app's build does by hand or with a copy plugin: serve the three binaries.
    const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    mkdirSync(join(dir, 'wasm'));
    for (const f of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm'))) copyFileSync(join(wasmDist, f), join(dir, 'wasm', f));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><pre id="out">pending</pre><script type="module" src="/app.js"></script>');
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const file = join(dir, url.pathname === '/' ? 'index.html' : url.pathname);
      if (!file.startsWith(dir) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (url.searchParams.has('isolated') || req.headers.referer?.includes('isolated')) {
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      res.writeHead(200, headers).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the page is served by this very process, which must keep answering meanwhile.
  function load(query: string): Promise<PageResult> {
    return new Promise((resolve) => {
      const child = spawn(chromium!, [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--virtual-time-budget=30000',
        '--dump-dom',
        `http://127.0.0.1:${port}/index.html${query}`,
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('close', () => {
        clearTimeout(timer);
        const text = stdout.match(/<pre id="out">([\s\S]*?)<\/pre>/)?.[1] ?? '';
        try {
          resolve(JSON.parse(text.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as PageResult);
        } catch {
          resolve({ ok: false, error: `page said '${text.slice(0, 200)}'; chromium stderr: ${stderr.slice(-500)}` });
        }
      });
    });
  }

  test('a plain page: binaries load from configureWasm paths, a conv step trains, one thread', async () => {
    const r = await load('');
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, crossOriginIsolated: false, gradShape: [3, 3, 3, 4] });
    expect(r.gradAbsSum).toBeGreaterThan(0);
    expect(r.capabilities).toMatchObject({ simd: true, threads: 1, threadsPossibleHere: false });
  }, 120_000);

  test('a cross-origin-isolated page: threads possible, single-threaded unless asked, a conv step trains', async () => {
    const r = await load('?isolated');
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, crossOriginIsolated: true, gradShape: [3, 3, 3, 4] });
    expect(r.capabilities).toMatchObject({ simd: true, threadsPossibleHere: true, threads: 1 });
    expect(String(r.capabilities?.threadsNote)).toMatch(/configureWasm\(\{ threads: n \}\)/);
  }, 120_000);
});
