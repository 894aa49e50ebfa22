import { randomUUID } from 'node:crypto';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The messages a 400 gives for `password`, checking it is the only failing field. */
function passwordMessages(body: { details?: Array<{ field: string; messages: string[] }> }) {
  expect(body.details?.map((d) => d.field)).toEqual(['password']);
  return body.details?.[0]?.messages;
}

describe('weak passwords are refused with a reason', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t);
  });
  afterAll(() => t.close());

  const email = () => `user-${randomUUID().slice(0, 8)}@example.com`;
  const register = (body: Record<string, string>) =>
    t.http
      .post('/api/auth/register')
      .send({ name: 'Grace Hopper', organization_name: 'Navy', email: email(), ...body });

  describe('at registration', () => {
    it('refuses a common password, saying why and what to do', async () => {
      const response = await register({ password: 'password123' }).expect(400);
      expect(response.body).toMatchObject({ status_code: 400, message: 'Validation failed' });
      expect(passwordMessages(response.body)).toEqual([
        'password is too easy to guess. This is a commonly used password. Add more words that are less common.',
      ]);
    });

    it('refuses a password of spaces only', async () => {
      const response = await register({ password: '            ' }).expect(400);
      expect(passwordMessages(response.body)).toEqual(['password must not be only spaces']);
    });

    it('refuses the email as the password', async () => {
      const address = email();
      const response = await register({ email: address, password: address }).expect(400);
      expect(passwordMessages(response.body)).toEqual([
        'password must not contain the user’s email address',
      ]);
    });

    it('refuses the name as the password', async () => {
      const response = await register({ password: 'grace hopper' }).expect(400);
      expect(passwordMessages(response.body)).toEqual([
        'password must not contain the user’s name',
      ]);
    });

    it('still reports the length first for a short password', async () => {
      const response = await register({ password: '1234' }).expect(400);
      expect(passwordMessages(response.body)).toEqual(['password must be at least 8 characters']);
    });

    it('accepts a strong password and signs in with it', async () => {
      const address = email();
      await register({ email: address, password: 'violet canal ledger 42' }).expect(201);
      await t.http
        .post('/api/auth/login')
        .send({ email: address, password: 'violet canal ledger 42' })
        .expect(200);
    });
  });

  describe('when an admin adds a member', () => {
    const create = (body: Record<string, string>) =>
      t.http
        .post('/api/users')
        .set(admin.auth)
        .send({ name: 'Mo Member', role: 'member', email: email(), ...body });

    it('refuses a common password', async () => {
      const response = await create({ password: 'qwertyuiop' }).expect(400);
      expect(passwordMessages(response.body)?.[0]).toMatch(/^password is too easy to guess\. /);
    });

    it('refuses the member’s email as the password', async () => {
      const address = email();
      const response = await create({ email: address, password: address.toUpperCase() }).expect(
        400,
      );
      expect(passwordMessages(response.body)).toEqual([
        'password must not contain the user’s email address',
      ]);
    });
  });

  describe('when an admin resets a password', () => {
    let member: SignedInUser;
    beforeAll(async () => {
      member = await addMember(t, admin);
    });

    const reset = (changes: Record<string, string>) =>
      t.http.patch(`/api/users/${member.id}`).set(admin.auth).send(changes);

    it('refuses the member’s own email, which the request does not carry', async () => {
      const response = await reset({ password: `${member.email}!` }).expect(400);
      expect(passwordMessages(response.body)).toEqual([
        'password must not contain the user’s email address',
      ]);
    });

    it('refuses the member’s stored name', async () => {
      const response = await reset({ password: 'violet canal Mo Member 42' }).expect(400);
      expect(passwordMessages(response.body)).toEqual([
        'password must not contain the user’s name',
      ]);
    });

    it('refuses a common password and changes nothing: the member stays signed in', async () => {
      const response = await reset({ password: 'iloveyou2', name: 'Mo Renamed' }).expect(400);
      expect(passwordMessages(response.body)?.[0]).toMatch(/^password is too easy to guess\. /);
      const me = await t.http.get('/api/auth/me').set(member.auth).expect(200);
      expect(me.body.name).toBe('Mo Member');
      await t.http
        .post('/api/auth/login')
        .send({ email: member.email, password: member.password })
        .expect(200);
    });

    it('accepts a strong password', async () => {
      await reset({ password: 'brisk otter mural 77' }).expect(200);
      await t.http
        .post('/api/auth/login')
        .send({ email: member.email, password: 'brisk otter mural 77' })
        .expect(200);
    });
  });
});
