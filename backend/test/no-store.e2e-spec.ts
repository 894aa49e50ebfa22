import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { addNumber, type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('Cache-Control: no-store on answers that carry tokens or secrets', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    admin = await registerAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const noStore = (response: { headers: Record<string, string> }) =>
    expect(response.headers['cache-control']).toBe('no-store');

  it('on registration, sign-in, refresh and the signed-in user', async () => {
    noStore(
      await t.http
        .post('/api/auth/register')
        .send({
          email: 'ada@example.com',
          password: 'violet canal ledger 42',
          name: 'Ada',
          organization_name: 'Acme',
        })
        .expect(201),
    );
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'ada@example.com', password: 'violet canal ledger 42' })
      .expect(200);
    noStore(login);
    noStore(
      await t.http
        .post('/api/auth/refresh')
        .send({ refresh_token: login.body.refresh_token })
        .expect(200),
    );
    noStore(await t.http.get('/api/auth/me').set(admin.auth).expect(200));
  });

  it('on refusals of those routes too', async () => {
    noStore(
      await t.http
        .post('/api/auth/login')
        .send({ email: 'ada@example.com', password: 'not the password' })
        .expect(401),
    );
    noStore(await t.http.post('/api/auth/refresh').send({ refresh_token: 'x' }).expect(400));
  });

  it('on every WhatsApp account route (verify tokens, webhook URLs, secret masks)', async () => {
    const number = addNumber(simulator);
    const values = {
      phone_number_id: number.phone_number_id,
      waba_id: number.waba_id,
      access_token: number.access_token,
    };
    const accounts = '/api/whatsapp/accounts';
    noStore(await t.http.post(`${accounts}/test`).set(admin.auth).send(values).expect(200));
    const created = await t.http
      .post(accounts)
      .set(admin.auth)
      .send({ label: 'Support', ...values, app_secret: number.app_secret })
      .expect(201);
    noStore(created);
    expect(created.body.webhook.verify_token).toEqual(expect.any(String));
    const id = created.body.id as string;
    noStore(await t.http.get(accounts).set(admin.auth).expect(200));
    noStore(await t.http.get(`${accounts}/${id}`).set(admin.auth).expect(200));
    noStore(
      await t.http.patch(`${accounts}/${id}`).set(admin.auth).send({ label: 'Sales' }).expect(200),
    );
    noStore(await t.http.post(`${accounts}/${id}/verify`).set(admin.auth).expect(200));
    noStore(await t.http.delete(`${accounts}/${id}`).set(admin.auth).expect(204));
    noStore(await t.http.get(`${accounts}/${id}`).set(admin.auth).expect(404));
  });

  it('on the members routes', async () => {
    const member = await addMember(t, admin);
    noStore(await t.http.get('/api/users').set(admin.auth).expect(200));
    noStore(
      await t.http
        .patch(`/api/users/${member.id}`)
        .set(admin.auth)
        .send({ name: 'Mo' })
        .expect(200),
    );
  });

  it('not on answers without secrets, which caches may keep as they are told', async () => {
    const health = await t.http.get('/api/health').expect(200);
    expect(health.headers['cache-control']).not.toBe('no-store');
  });
});
