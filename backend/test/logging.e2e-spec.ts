import { registerAdmin } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('writes one JSON line per request with its request id, and never a password, token or Authorization header', async () => {
    const admin = await registerAdmin(t);
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const refreshed = await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: login.body.refresh_token })
      .expect(200);
    const me = await t.http
      .get('/api/auth/me')
      .set(admin.auth)
      .set('X-Request-Id', 'trace-me-1234')
      .expect(200);
    expect(me.headers['x-request-id']).toBe('trace-me-1234');
    // A failing request logs too.
    await t.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'wrong password!' })
      .expect(401);

    const lines = t.logs.map(
      (line) => JSON.parse(line) as { req?: { id: string; url: string }; msg: string },
    );
    const completed = lines.filter(
      (l) => l.msg === 'request completed' || l.msg === 'request errored',
    );
    expect(completed.length).toBeGreaterThanOrEqual(5);
    expect(
      completed.some((l) => l.req?.id === 'trace-me-1234' && l.req.url === '/api/auth/me'),
    ).toBe(true);

    const everything = t.logs.join('\n');
    for (const secret of [
      admin.password,
      admin.accessToken,
      admin.refreshToken,
      login.body.access_token,
      login.body.refresh_token,
      refreshed.body.refresh_token,
      'wrong password!',
      'Bearer ',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
