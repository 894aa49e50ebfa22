import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('health, docs and the console', () => {
  let t: TestApp;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'convis-console-'));
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!doctype html><title>Convis console</title><app-root></app-root>',
    );
    writeFileSync(join(consoleDir, 'main-ABCDEF12.js'), 'console.log("app")');
    // What frontend/scripts/precompress.mjs writes beside each file of the build.
    const index = readFileSync(join(consoleDir, 'index.html'));
    writeFileSync(join(consoleDir, 'index.html.br'), brotliCompressSync(index));
    writeFileSync(join(consoleDir, 'index.html.gz'), gzipSync(index));
    const chunk = 'export const x = "' + 'lazy '.repeat(200) + '";';
    writeFileSync(join(consoleDir, 'chunk-4-VgT_qO.js'), chunk);
    writeFileSync(join(consoleDir, 'chunk-4-VgT_qO.js.br'), brotliCompressSync(chunk));
    writeFileSync(join(consoleDir, 'chunk-4-VgT_qO.js.gz'), gzipSync(chunk));
    t = await createTestApp({ CONSOLE_DIR: consoleDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('reports the database in /api/health', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves Swagger UI at /docs and the OpenAPI JSON at /docs-json', async () => {
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger-ui');
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.info.title).toBe('Convis WhatsApp API');
    expect(json.body.paths['/api/auth/login']).toBeDefined();
  });

  it('serves the console at / and index.html for client-side routes, with security headers', async () => {
    const root = await t.http.get('/').expect(200);
    expect(root.text).toContain('<app-root>');
    expect(root.headers['content-security-policy']).toContain("default-src 'self'");
    expect(root.headers['content-security-policy']).toContain("media-src 'self' blob:");
    // Photos sent by link show from their https address; nothing else is loaded from elsewhere.
    expect(root.headers['content-security-policy']).toContain("img-src 'self' data: blob: https:");
    expect(root.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(root.headers['x-content-type-options']).toBe('nosniff');
    const deepLink = await t.http.get('/messages?status=failed').expect(200);
    expect(deepLink.text).toContain('<app-root>');
    const bundle = await t.http.get('/main-ABCDEF12.js').expect(200);
    expect(bundle.headers['cache-control']).toContain('immutable');
  });

  it("sends the build's brotli or gzip copy to a browser that takes it, and caches hashed files for good", async () => {
    // Fastify's inject: the bytes as sent, not decompressed by a client on the way.
    const fastify = t.app.getHttpAdapter().getInstance();
    const get = (url: string, encoding: string) =>
      fastify.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });

    const br = await get('/chunk-4-VgT_qO.js', 'br, gzip');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('lazy lazy');

    const gz = await get('/chunk-4-VgT_qO.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toContain('lazy lazy');

    const plain = await get('/chunk-4-VgT_qO.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('lazy lazy');

    // A client-side route gets index.html, compressed too, and never cached.
    const page = await get('/contacts', 'br');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(page.rawPayload).toString()).toContain('<app-root>');
  });

  it('answers unknown API routes and missing files with a JSON 404, not the console', async () => {
    const api = await t.http.get('/api/nope').expect(404);
    expect(api.body).toMatchObject({ status_code: 404, error: 'Not Found' });
    await t.http.get('/missing-file.js').expect(404);
  });

  it('refuses bodies over 3 MB with 413', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(3 * 1024 * 1024 + 10) }))
      .expect(413);
    expect(response.body).toMatchObject({ status_code: 413 });
  });
});
