import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingMessage } from 'node:http';
import { get } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { createTestApp, type TestApp } from './support/test-app.js';

const HSTS = 'max-age=31536000; includeSubDomains';

describe('Strict-Transport-Security only over HTTPS', () => {
  describe('without TRUST_PROXY', () => {
    let t: TestApp;
    let certificateDir: string;
    beforeAll(async () => {
      t = await createTestApp();
      certificateDir = mkdtempSync(join(tmpdir(), 'convis-tls-'));
    });
    afterAll(async () => {
      await t.close();
      rmSync(certificateDir, { recursive: true, force: true });
    });

    it('is never sent over plain HTTP, even when the client claims HTTPS', async () => {
      const plain = await t.http.get('/api/health').expect(200);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      const claimed = await t.http.get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
      expect(claimed.headers['strict-transport-security']).toBeUndefined();
    });

    it('is sent when the request came over TLS', async () => {
      const { key, cert } = selfSignedCertificate(certificateDir);
      // TLS in front of the app's own HTTP server, on the same socket: the request arrives encrypted.
      const tls = createTlsServer({ key, cert }, (socket) =>
        t.app.getHttpServer().emit('connection', socket),
      );
      tls.listen(0, '127.0.0.1');
      await once(tls, 'listening');
      try {
        const { port } = tls.address() as AddressInfo;
        const response = await httpsGet(port, '/api/health', cert);
        expect(response.statusCode).toBe(200);
        expect(response.headers['strict-transport-security']).toBe(HSTS);
      } finally {
        tls.close();
      }
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=true)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ TRUST_PROXY: 'true' });
    });
    afterAll(() => t.close());

    it('is sent when the proxy says the client used HTTPS', async () => {
      const response = await t.http
        .get('/api/health')
        .set('X-Forwarded-Proto', 'https')
        .expect(200);
      expect(response.headers['strict-transport-security']).toBe(HSTS);
    });

    it('is not sent when the proxy says plain HTTP, or says nothing', async () => {
      const http = await t.http.get('/api/health').set('X-Forwarded-Proto', 'http').expect(200);
      expect(http.headers['strict-transport-security']).toBeUndefined();
      const none = await t.http.get('/api/health').expect(200);
      expect(none.headers['strict-transport-security']).toBeUndefined();
    });
  });
});

/** A throwaway certificate for localhost, made with the openssl command. */
function selfSignedCertificate(dir: string): { key: string; cert: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

async function httpsGet(port: number, path: string, ca: string): Promise<IncomingMessage> {
  const request = get({ host: '127.0.0.1', servername: 'localhost', port, path, ca });
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  response.resume();
  await once(response, 'end');
  return response;
}
