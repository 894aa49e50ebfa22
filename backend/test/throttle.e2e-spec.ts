import { registerAdmin } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Each throttled route (login, register) counts on its own.
    t = await createTestApp({ LOGIN_THROTTLE_LIMIT: '3', LOGIN_THROTTLE_TTL_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('answers 429 once too many sign-in attempts come from one client, even with the right password', async () => {
    const admin = await registerAdmin(t);
    for (let attempt = 0; attempt < 3; attempt++) {
      await t.http
        .post('/api/auth/login')
        .send({ email: admin.email, password: 'guess number x' })
        .expect(401);
    }
    const blocked = await t.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(429);
    expect(blocked.body).toMatchObject({ status_code: 429, error: 'Too Many Requests' });
    expect(blocked.headers['retry-after']).toBeDefined();
    // A forged X-Forwarded-For does not buy more attempts (TRUST_PROXY is off).
    await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ email: admin.email, password: admin.password })
      .expect(429);
    // Signed-in routes are not affected.
    await t.http.get('/api/auth/me').set(admin.auth).expect(200);
  });
});
