import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('members of an organization', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t, { organization: 'Org A' });
  });
  afterAll(() => t.close());

  it('lets an admin add, list, rename, promote and remove members', async () => {
    const created = await t.http
      .post('/api/users')
      .set(admin.auth)
      .send({
        email: 'Grace@Example.com',
        password: 'initial password',
        name: 'Grace',
        role: 'member',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'grace@example.com',
      name: 'Grace',
      role: 'member',
      organization: { name: 'Org A' },
    });
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('password_hash');

    const list = await t.http.get('/api/users').set(admin.auth).expect(200);
    expect((list.body as Array<{ email: string }>).map((u) => u.email)).toEqual(
      expect.arrayContaining([admin.email, 'grace@example.com']),
    );

    const updated = await t.http
      .patch(`/api/users/${created.body.id}`)
      .set(admin.auth)
      .send({ name: 'Grace Hopper', role: 'admin' })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Grace Hopper', role: 'admin' });

    await t.http.delete(`/api/users/${created.body.id}`).set(admin.auth).expect(204);
    await t.http
      .patch(`/api/users/${created.body.id}`)
      .set(admin.auth)
      .send({ name: 'x' })
      .expect(404);
  });

  it('lets the new member sign in with the password the admin set', async () => {
    const member = await addMember(t, admin);
    const me = await t.http.get('/api/auth/me').set(member.auth).expect(200);
    expect(me.body).toMatchObject({ role: 'member', organization: { id: admin.organizationId } });
  });

  it('refuses an email that is already in use', async () => {
    await t.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email: admin.email, password: 'initial password', name: 'Dup', role: 'member' })
      .expect(409);
  });

  it('validates the role and names the field', async () => {
    const response = await t.http
      .post('/api/users')
      .set(admin.auth)
      .send({ email: 'x@example.com', password: 'initial password', name: 'X', role: 'owner' })
      .expect(400);
    expect(response.body.details).toEqual([
      { field: 'role', messages: ['role must be admin or member'] },
    ]);
  });

  it('never leaves the organization without an admin', async () => {
    await t.http
      .patch(`/api/users/${admin.id}`)
      .set(admin.auth)
      .send({ role: 'member' })
      .expect(422);
    await t.http.delete(`/api/users/${admin.id}`).set(admin.auth).expect(422);
  });

  it('signs a removed member out at once', async () => {
    const member = await addMember(t, admin);
    await t.http.delete(`/api/users/${member.id}`).set(admin.auth).expect(204);
    await t.http.get('/api/auth/me').set(member.auth).expect(401);
  });

  it('answers 404 for an id that is not a UUID', async () => {
    await t.http.patch('/api/users/not-a-uuid').set(admin.auth).send({ name: 'x' }).expect(404);
  });
});

describe('organizations are isolated', () => {
  let t: TestApp;
  let adminA: SignedInUser;
  let adminB: SignedInUser;
  let memberB: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    adminA = await registerAdmin(t, { organization: 'Org A' });
    adminB = await registerAdmin(t, { organization: 'Org B' });
    memberB = await addMember(t, adminB);
  });
  afterAll(() => t.close());

  it("never lists another organization's users", async () => {
    const list = await t.http.get('/api/users').set(adminA.auth).expect(200);
    const ids = (list.body as Array<{ id: string }>).map((u) => u.id);
    expect(ids).toEqual([adminA.id]);
  });

  it("answers 404 when changing or removing another organization's user, and changes nothing", async () => {
    await t.http
      .patch(`/api/users/${memberB.id}`)
      .set(adminA.auth)
      .send({ name: 'Hijacked', role: 'admin' })
      .expect(404);
    await t.http
      .patch(`/api/users/${memberB.id}`)
      .set(adminA.auth)
      .send({ password: 'takeover password' })
      .expect(404);
    await t.http.delete(`/api/users/${memberB.id}`).set(adminA.auth).expect(404);

    const me = await t.http.get('/api/auth/me').set(memberB.auth).expect(200);
    expect(me.body).toMatchObject({
      name: 'Mo Member',
      role: 'member',
      organization: { id: adminB.organizationId },
    });
    await t.http
      .post('/api/auth/login')
      .send({ email: memberB.email, password: memberB.password })
      .expect(200);
  });
});
