import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { refreshTokens } from '../src/database/schema.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
}

/** A JWT's claims (tokens are ours: no need to check the signature here). */
function claims(token: string): { iat: number; fam?: string } {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    iat: number;
    fam?: string;
  };
}

/**
 * Runs `attempt` until the session it starts before a change and the one it starts after were
 * issued in the same second (JWT times have one-second resolution: the case a comparison of
 * times cannot tell apart). Each attempt takes a fraction of a second, so a few are enough.
 */
async function inOneSecond(
  attempt: () => Promise<{ before: TokenPair; after: TokenPair }>,
): Promise<{ before: TokenPair; after: TokenPair }> {
  for (let tries = 0; tries < 10; tries++) {
    const result = await attempt();
    if (claims(result.before.access_token).iat === claims(result.after.access_token).iat) {
      return result;
    }
  }
  throw new Error('Could not issue both sessions within one second in 10 tries');
}

describe('sessions end with a password reset, a role change or a removal', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t);
  });
  afterAll(() => t.close());

  const login = async (email: string, password: string): Promise<TokenPair> =>
    (await t.http.post('/api/auth/login').send({ email, password }).expect(200)).body as TokenPair;
  const changeUser = (id: string, changes: Record<string, unknown>) =>
    t.http.patch(`/api/users/${id}`).set(admin.auth).send(changes).expect(200);

  /** The old pair is refused everywhere, and presenting its refresh token revoked its family. */
  async function expectEnded(pair: TokenPair): Promise<void> {
    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${pair.access_token}`)
      .expect(401);
    expect(me.body.message).toBe('This session has ended: sign in again.');
    await t.http.post('/api/auth/refresh').send({ refresh_token: pair.refresh_token }).expect(401);
    const family = await t.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, claims(pair.refresh_token).fam ?? ''));
    expect(family.length).toBeGreaterThan(0);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);
  }

  async function expectWorking(pair: TokenPair): Promise<void> {
    await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${pair.access_token}`)
      .expect(200);
    await t.http.post('/api/auth/refresh').send({ refresh_token: pair.refresh_token }).expect(200);
  }

  it('a password reset ends a session issued the same second; signing in after it works', async () => {
    const member = await addMember(t, admin);
    let password = member.password;
    const { before, after } = await inOneSecond(async () => {
      const before = await login(member.email, password);
      password = `Sturdy-Lantern-${randomUUID().slice(0, 8)}!`;
      await changeUser(member.id, { password });
      return { before, after: await login(member.email, password) };
    });
    await expectEnded(before);
    await expectWorking(after);
  });

  it('a role change ends a session issued the same second; signing in after it works', async () => {
    const member = await addMember(t, admin);
    let role: 'admin' | 'member' = 'member';
    const { before, after } = await inOneSecond(async () => {
      const before = await login(member.email, member.password);
      role = role === 'member' ? 'admin' : 'member';
      await changeUser(member.id, { role });
      return { before, after: await login(member.email, member.password) };
    });
    await expectEnded(before);
    await expectWorking(after);
    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${after.access_token}`)
      .expect(200);
    expect(me.body.role).toBe(role);
  });

  it('a rename keeps the sessions', async () => {
    const member = await addMember(t, admin);
    const pair = await login(member.email, member.password);
    await changeUser(member.id, { name: 'Mo Renamed' });
    await expectWorking(pair);
  });

  it('a removal ends every session at once, and the removed member cannot sign in', async () => {
    const member = await addMember(t, admin);
    const pair = await login(member.email, member.password);
    await t.http.delete(`/api/users/${member.id}`).set(admin.auth).expect(204);
    await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${pair.access_token}`)
      .expect(401);
    await t.http.post('/api/auth/refresh').send({ refresh_token: pair.refresh_token }).expect(401);
    await t.http
      .post('/api/auth/login')
      .send({ email: member.email, password: member.password })
      .expect(401);
  });

  it('ends only that user’s sessions: the admin who reset them stays signed in', async () => {
    const member = await addMember(t, admin);
    await changeUser(member.id, { password: `Quiet-Harbor-${randomUUID().slice(0, 8)}?` });
    await t.http.get('/api/auth/me').set(admin.auth).expect(200);
    await t.http.post('/api/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(200);
  });
});
