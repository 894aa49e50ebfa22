import { eq } from 'drizzle-orm';
import { refreshTokens, users } from '../src/database/schema.js';
import { registerAdmin } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers an organization with its first admin and signs in', async () => {
    const response = await t.http
      .post('/api/auth/register')
      .send({
        email: ' Ada@Example.com ',
        password: 'correct horse battery',
        name: 'Ada',
        organization_name: 'Acme',
      })
      .expect(201);
    expect(response.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      user: {
        email: 'ada@example.com',
        name: 'Ada',
        role: 'admin',
        organization: { name: 'Acme' },
      },
    });
    expect(response.body.access_token).toEqual(expect.any(String));
    expect(response.body.refresh_token).toEqual(expect.any(String));

    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${response.body.access_token}`)
      .expect(200);
    expect(me.body).toEqual(response.body.user);
  });

  it('stores the password as an argon2id hash, never in plain text', async () => {
    const admin = await registerAdmin(t);
    const [row] = await t.db.select().from(users).where(eq(users.id, admin.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain(admin.password);
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const admin = await registerAdmin(t);
    const response = await t.http
      .post('/api/auth/register')
      .send({
        email: admin.email.toUpperCase(),
        password: 'another password',
        name: 'Eve',
        organization_name: 'Evil',
      })
      .expect(409);
    expect(response.body).toMatchObject({ status_code: 409, error: 'Conflict' });
  });

  it('logs in with the right password and refuses a wrong one or an unknown email alike', async () => {
    const admin = await registerAdmin(t);
    const ok = await t.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    expect(ok.body.user.id).toBe(admin.id);

    const wrong = await t.http
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'not the password' })
      .expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'whatever1' })
      .expect(401);
    expect(wrong.body.message).toBe('Wrong email or password.');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('rotates refresh tokens: each works once and returns a new pair', async () => {
    const admin = await registerAdmin(t);
    const first = await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: admin.refreshToken })
      .expect(200);
    expect(first.body.refresh_token).not.toBe(admin.refreshToken);
    await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${first.body.access_token}`)
      .expect(200);

    const second = await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: first.body.refresh_token })
      .expect(200);
    expect(second.body.user.id).toBe(admin.id);
  });

  it('revokes the whole session family when a used refresh token is presented again', async () => {
    const admin = await registerAdmin(t);
    const rotated = await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: admin.refreshToken })
      .expect(200);

    const replay = await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: admin.refreshToken })
      .expect(401);
    expect(replay.body.message).toMatch(/already used/);
    // The legitimate holder of the newest token is signed out too.
    await t.http
      .post('/api/auth/refresh')
      .send({ refresh_token: rotated.body.refresh_token })
      .expect(401);

    const rows = await t.db.select().from(refreshTokens).where(eq(refreshTokens.userId, admin.id));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const admin = await registerAdmin(t);
    const results = await Promise.all([
      t.http.post('/api/auth/refresh').send({ refresh_token: admin.refreshToken }),
      t.http.post('/api/auth/refresh').send({ refresh_token: admin.refreshToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('ends the session on logout', async () => {
    const admin = await registerAdmin(t);
    await t.http.post('/api/auth/logout').send({ refresh_token: admin.refreshToken }).expect(204);
    await t.http.post('/api/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(401);
    // Logging out twice is harmless.
    await t.http.post('/api/auth/logout').send({ refresh_token: admin.refreshToken }).expect(204);
  });

  it('never accepts a refresh token as an access token, nor the reverse', async () => {
    const admin = await registerAdmin(t);
    await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${admin.refreshToken}`)
      .expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: admin.accessToken }).expect(401);
  });

  it('names every failing field on a validation error and rejects unknown fields', async () => {
    const response = await t.http
      .post('/api/auth/register')
      .send({
        email: 'not-an-email',
        password: 'short',
        name: '',
        organization_name: 'Acme',
        is_admin: true,
      })
      .expect(400);
    expect(response.body).toMatchObject({
      status_code: 400,
      error: 'Bad Request',
      message: 'Validation failed',
    });
    expect(response.body.request_id).toEqual(expect.any(String));
    const fields = (response.body.details as Array<{ field: string; messages: string[] }>)
      .map((d) => d.field)
      .sort();
    expect(fields).toEqual(['email', 'is_admin', 'name', 'password']);
    const password = response.body.details.find((d: { field: string }) => d.field === 'password');
    expect(password.messages).toEqual(['password must be at least 8 characters']);
  });

  it('answers malformed JSON with a 400 in the same error shape', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(response.body).toMatchObject({ status_code: 400, error: 'Bad Request' });
    expect(response.headers['x-request-id']).toBe(response.body.request_id);
  });
});

describe('auth with ALLOW_SIGNUP=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ALLOW_SIGNUP: 'false' });
  });
  afterAll(() => t.close());

  it('lets the first user register, then closes sign-up', async () => {
    await registerAdmin(t);
    const response = await t.http
      .post('/api/auth/register')
      .send({
        email: 'second@example.com',
        password: 'correct horse battery',
        name: 'Bo',
        organization_name: 'Other',
      })
      .expect(403);
    expect(response.body.message).toMatch(/Sign-up is closed/);
  });
});
