import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { waitFor } from './support/webhooks.js';

describe('/api/health when the database hangs', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    const server = new URL(process.env['TEST_DATABASE_ADMIN_URL'] ?? '');
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    t = await createTestApp(
      // No background polling: every connection the proxy sees comes from the requests below.
      { MEDIA_POLL_INTERVAL_MS: '3600000', WEBHOOK_SWEEP_INTERVAL_MS: '3600000' },
      {
        appDatabaseUrl: (url) => {
          const throughProxy = new URL(url);
          throughProxy.host = `127.0.0.1:${proxy.port}`;
          return throughProxy.toString();
        },
      },
    );
  });
  afterAll(async () => {
    proxy.thaw();
    await t.close();
    await proxy.close();
  });

  /** GET /api/health and how long it took, in ms. */
  async function health() {
    const started = performance.now();
    const response = await t.http.get('/api/health');
    return { status: response.status, body: response.body, ms: performance.now() - started };
  }

  it('answers within a second with 503, the database down for a timeout, and recovers', async () => {
    expect((await health()).status).toBe(200);
    proxy.freeze();

    const frozen = await health();
    expect(frozen.status).toBe(503);
    expect(frozen.ms).toBeLessThan(1000);
    expect(frozen.body).toEqual({
      status: 'error',
      info: {},
      error: {
        database: {
          status: 'down',
          reason: 'timeout',
          message: 'The database did not answer within 750 ms',
        },
      },
      details: { database: expect.objectContaining({ status: 'down', reason: 'timeout' }) },
    });

    proxy.thaw();
    const thawed = await health();
    expect(thawed.status).toBe(200);
    expect(thawed.body.info.database).toMatchObject({ status: 'up' });
  });

  it('closes the connection whose query hung instead of giving it back to the pool', async () => {
    await health();
    proxy.freeze();
    const closedBefore = proxy.closedWhileFrozen;
    expect((await health()).status).toBe(503);
    // Nothing but the app closes a connection while the proxy is frozen.
    await waitFor('the hung connection to be closed', () => proxy.closedWhileFrozen > closedBefore);
    proxy.thaw();
    expect((await health()).status).toBe(200);
  });

  it('takes at most one connection however many checks arrive during a freeze', async () => {
    await health();
    const openBefore = proxy.openConnections;
    proxy.freeze();
    // More checks at once than the pool has connections (10).
    const answers = await Promise.all(Array.from({ length: 15 }, () => health()));
    expect(answers.map((a) => a.status)).toEqual(Array(15).fill(503));
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1000);
    expect(proxy.openConnections).toBeLessThanOrEqual(openBefore + 1);

    proxy.thaw();
    expect((await health()).status).toBe(200);
    // The app works at once: the pool was not used up.
    await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever password' })
      .expect(401);
  });

  it('answers 503 at once, reason error, when the database refuses connections', async () => {
    await proxy.close();
    const refused = await health();
    expect(refused.status).toBe(503);
    expect(refused.ms).toBeLessThan(1000);
    expect(refused.body.error.database).toEqual({
      status: 'down',
      reason: 'error',
      message: 'The database refused the connection or the query',
    });
  });
});
