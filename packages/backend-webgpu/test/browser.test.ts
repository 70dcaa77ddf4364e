// 'webgpu' in headless Chromium: a page that imports the package (bundled by esbuild, served from
// 127.0.0.1) trains the dense and conv fixtures on webgpu and on wasm; the losses must agree.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { maxRelativeDifference } from './fixtures/networks.js';

const chromiumPath = '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));

describe.skipIf(!existsSync(chromiumPath))(`webgpu in headless Chromium (${existsSync(chromiumPath) ? chromiumPath : `skipped: ${chromiumPath} is absent; apt-get install chromium`})`, () => {
  let server: Server;
  let context: BrowserContext;
  let userDataDir: string;
  let origin: string;

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(here, 'browser/page.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@sinew/source'],
      write: false,
      logLevel: 'error',
    });
    const script = bundle.outputFiles[0]!.contents;
    // The '#gpu-provider' import must resolve to the browser provider: no dawn.node code in the page.
    expect(bundle.outputFiles[0]!.text).not.toMatch(/libvulkan\.so\.1|vk_swiftshader_icd/);
    const html = '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/page.js"></script></head><body></body></html>';
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      } else if (url === '/page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else if (/^\/wasm\/[\w-]+\.wasm$/.test(url)) {
        res.writeHead(200, { 'content-type': 'application/wasm' }).end(readFileSync(join(wasmDist, url.slice('/wasm/'.length))));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'sinew-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--enable-unsafe-webgpu', '--no-sandbox', '--headless=new', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await context?.close();
    server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('dense and conv networks train on webgpu with losses within 1e-3 relative of wasm', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (window as { __sinewResult?: unknown }).__sinewResult != null, undefined, { timeout: 150_000 });
    const result = await page.evaluate(() => (window as { __sinewResult?: any }).__sinewResult);
    expect(result.error, errors.join('\n')).toBeUndefined();
    expect(result.device).toMatch(/via the browser/);
    for (const name of ['dense', 'conv']) {
      const { webgpu, wasm } = result.losses[name] as { webgpu: number[]; wasm: number[] };
      expect(webgpu).toHaveLength(5);
      expect(wasm[4]!).toBeLessThan(wasm[0]! * 0.95);
      expect(maxRelativeDifference(webgpu, wasm), `${name}: webgpu ${webgpu} vs wasm ${wasm}`).toBeLessThan(1e-3);
    }
  });
});
