import pg from 'pg';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { addNumber, type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { postSigned } from './support/webhooks.js';

describe('WhatsApp accounts (accounts)', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { PUBLIC_URL: 'https://convis.example.com' }));
    admin = await registerAdmin(t, { organization: 'Org A' });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const create = (user: SignedInUser, body: Record<string, unknown>) =>
    t.http.post('/api/whatsapp/accounts').set(user.auth).send(body);
  const valuesOf = (n: ReturnType<typeof addNumber>) => ({
    label: 'Support line',
    phone_number_id: n.phone_number_id,
    waba_id: n.waba_id,
    access_token: n.access_token,
  });

  it('tests values without saving them, step by step', async () => {
    const n = addNumber(simulator);
    const ok = await t.http
      .post('/api/whatsapp/accounts/test')
      .set(admin.auth)
      .send({
        phone_number_id: n.phone_number_id,
        waba_id: n.waba_id,
        access_token: n.access_token,
      })
      .expect(200);
    expect(ok.body).toMatchObject({
      success: true,
      verified_name: 'Test Shop',
      quality_rating: 'GREEN',
      throughput_level: expect.any(String),
    });
    expect(ok.body.steps.map((s: { key: string }) => s.key)).toEqual([
      'token',
      'phone_number',
      'business_account',
      'quality',
      'throughput',
      'not_connected',
    ]);

    const badToken = await t.http
      .post('/api/whatsapp/accounts/test')
      .set(admin.auth)
      .send({ phone_number_id: n.phone_number_id, waba_id: n.waba_id, access_token: 'EAAwrong' })
      .expect(200);
    expect(badToken.body.success).toBe(false);
    expect(badToken.body.steps[0]).toMatchObject({
      key: 'token',
      ok: false,
      detail: expect.stringMatching(/Access token rejected/),
    });

    const other = addNumber(simulator);
    const wrongWaba = await t.http
      .post('/api/whatsapp/accounts/test')
      .set(admin.auth)
      .send({
        phone_number_id: n.phone_number_id,
        waba_id: other.waba_id,
        access_token: n.access_token,
      })
      .expect(200);
    expect(wrongWaba.body.success).toBe(false);
    expect(
      wrongWaba.body.steps.find((s: { key: string }) => s.key === 'business_account'),
    ).toMatchObject({ ok: false });

    const list = await t.http.get('/api/whatsapp/accounts').set(admin.auth).expect(200);
    expect(list.body.map((c: { phone_number_id: string }) => c.phone_number_id)).not.toContain(
      n.phone_number_id,
    );
  });

  it('creates an account after a passing test and never returns its secrets', async () => {
    const n = addNumber(simulator);
    const response = await create(admin, { ...valuesOf(n), app_secret: n.app_secret }).expect(201);
    expect(response.body).toMatchObject({
      label: 'Support line',
      phone_number_id: n.phone_number_id,
      waba_id: n.waba_id,
      verified_name: 'Test Shop',
      quality_rating: 'GREEN',
      status: 'active',
      access_token_mask: `••••${n.access_token.slice(-4)}`,
      app_secret_mask: `••••${n.app_secret.slice(-4)}`,
      webhook: {
        callback_url: `https://convis.example.com/api/webhooks/whatsapp/${response.body.id}`,
        verify_token: expect.stringMatching(/^wvt_[0-9a-f]{32}$/),
      },
      last_check: { success: true },
    });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(n.access_token);
    expect(text).not.toContain(n.app_secret);

    const shown = await t.http
      .get(`/api/whatsapp/accounts/${response.body.id}`)
      .set(admin.auth)
      .expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(n.access_token);
    const list = await t.http.get('/api/whatsapp/accounts').set(admin.auth).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(n.access_token);
    expect(t.logs.join('\n')).not.toContain(n.access_token);
  });

  it('stores tokens and app secrets encrypted: no plaintext anywhere in the database', async () => {
    const n = addNumber(simulator);
    await create(admin, { ...valuesOf(n), app_secret: n.app_secret }).expect(201);
    const client = new pg.Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    try {
      const rows = await client.query(
        'SELECT row_to_json(c)::text AS row FROM whatsapp_accounts c',
      );
      const dump = rows.rows.map((r: { row: string }) => r.row).join('\n');
      expect(dump).toContain(n.phone_number_id);
      expect(dump).not.toContain(n.access_token);
      expect(dump).not.toContain(n.app_secret);
      expect(dump).not.toContain(Buffer.from(n.access_token).toString('base64'));
    } finally {
      await client.end();
    }
  });

  it('refuses to save a failing account (422 with the checklist) and saves nothing', async () => {
    const n = addNumber(simulator);
    const response = await create(admin, {
      ...valuesOf(n),
      access_token: 'EAAexpired-or-wrong',
    }).expect(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      message: expect.stringMatching(/connection test failed at "Access token accepted"/),
      connection_test: { success: false, steps: [{ key: 'token', ok: false }] },
    });
    const list = await t.http.get('/api/whatsapp/accounts').set(admin.auth).expect(200);
    expect(list.body.map((c: { phone_number_id: string }) => c.phone_number_id)).not.toContain(
      n.phone_number_id,
    );
  });

  it('says during the test that a number is connected already, here or elsewhere', async () => {
    const n = addNumber(simulator);
    const test = (user: SignedInUser) =>
      t.http
        .post('/api/whatsapp/accounts/test')
        .set(user.auth)
        .send({
          phone_number_id: n.phone_number_id,
          waba_id: n.waba_id,
          access_token: n.access_token,
        })
        .expect(200);
    const notConnected = (body: { steps: Array<{ key: string; ok: boolean; detail: string }> }) =>
      body.steps.find((step) => step.key === 'not_connected');

    expect(notConnected((await test(admin)).body)).toMatchObject({ ok: true });
    await create(admin, { ...valuesOf(n), label: 'Front desk' }).expect(201);

    const again = await test(admin);
    expect(again.body.success).toBe(false);
    expect(notConnected(again.body)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/already connected here as "Front desk"/),
    });
    const other = await registerAdmin(t, { organization: 'Org C' });
    const elsewhere = await test(other);
    expect(elsewhere.body.success).toBe(false);
    expect(notConnected(elsewhere.body)?.detail).toMatch(/another organization/);
    expect(notConnected(elsewhere.body)?.detail).not.toMatch(/Front desk/);
  });

  it('refuses a phone number that is already connected (409), even by another organization', async () => {
    const n = addNumber(simulator);
    await create(admin, valuesOf(n)).expect(201);
    await create(admin, valuesOf(n)).expect(409);
    const other = await registerAdmin(t, { organization: 'Org B' });
    const response = await create(other, valuesOf(n)).expect(409);
    expect(response.body.message).toMatch(/already connected/);
  });

  it('renames, replaces the token only after a passing test, and sets or removes the app secret', async () => {
    const n = addNumber(simulator);
    const { body: created } = await create(admin, valuesOf(n)).expect(201);
    const url = `/api/whatsapp/accounts/${created.id}`;

    const renamed = await t.http
      .patch(url)
      .set(admin.auth)
      .send({ label: 'Sales line' })
      .expect(200);
    expect(renamed.body).toMatchObject({
      label: 'Sales line',
      access_token_mask: created.access_token_mask,
    });

    const refused = await t.http
      .patch(url)
      .set(admin.auth)
      .send({ access_token: 'EAAnot-valid' })
      .expect(422);
    expect(refused.body.connection_test.success).toBe(false);
    const unchanged = await t.http.get(url).set(admin.auth).expect(200);
    expect(unchanged.body.access_token_mask).toBe(created.access_token_mask);

    // A second token for the same number, as after rotating a system-user token at Meta.
    simulator.updateAccount(n.phone_number_id, { access_token: 'EAAnew-token-9876' });
    const replaced = await t.http
      .patch(url)
      .set(admin.auth)
      .send({ access_token: 'EAAnew-token-9876' })
      .expect(200);
    expect(replaced.body.access_token_mask).toBe('••••9876');

    const withSecret = await t.http
      .patch(url)
      .set(admin.auth)
      .send({ app_secret: 'shh-app-secret-1234' })
      .expect(200);
    expect(withSecret.body.app_secret_mask).toBe('••••1234');
    const withoutSecret = await t.http
      .patch(url)
      .set(admin.auth)
      .send({ app_secret: null })
      .expect(200);
    expect(withoutSecret.body.app_secret_mask).toBeNull();
  });

  it('re-verifies an account and records failures, quality and the time', async () => {
    const n = addNumber(simulator);
    const { body: created } = await create(admin, valuesOf(n)).expect(201);
    const url = `/api/whatsapp/accounts/${created.id}/verify`;

    simulator.updateAccount(n.phone_number_id, { quality_rating: 'YELLOW' });
    // As curl sends it: a JSON content type and no body at all.
    const yellow = await t.http
      .post(url)
      .set(admin.auth)
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(yellow.body).toMatchObject({ status: 'active', quality_rating: 'YELLOW' });
    expect(Date.parse(yellow.body.last_verified_at)).toBeGreaterThanOrEqual(
      Date.parse(created.last_verified_at),
    );

    simulator.expireToken(n.access_token);
    const failing = await t.http.post(url).set(admin.auth).expect(200);
    expect(failing.body).toMatchObject({
      status: 'failing',
      quality_rating: 'YELLOW',
      last_check: { success: false },
    });
    expect(failing.body.last_check.steps[0].detail).toMatch(/Access token rejected/);
  });

  it('disconnects an account', async () => {
    const n = addNumber(simulator);
    const { body: created } = await create(admin, valuesOf(n)).expect(201);
    await t.http.delete(`/api/whatsapp/accounts/${created.id}`).set(admin.auth).expect(204);
    await t.http.get(`/api/whatsapp/accounts/${created.id}`).set(admin.auth).expect(404);
    // The number can be connected again afterwards.
    await create(admin, valuesOf(n)).expect(201);
  });

  it('names the failing fields and refuses unknown ones', async () => {
    const response = await create(admin, {
      label: '',
      phone_number_id: 'abc',
      waba_id: '12',
      access_token: 'has space',
      owner: 'me',
    }).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'access_token',
      'label',
      'owner',
      'phone_number_id',
      'waba_id',
    ]);
    expect(
      response.body.details.find((d: { field: string }) => d.field === 'phone_number_id')
        .messages[0],
    ).toMatch(/numeric Phone Number ID/);
  });

  it("keeps organizations apart: another organization's account answers 404 everywhere", async () => {
    const n = addNumber(simulator);
    const { body: mine } = await create(admin, valuesOf(n)).expect(201);
    const intruder = await registerAdmin(t, { organization: 'Intruders' });
    const url = `/api/whatsapp/accounts/${mine.id}`;
    await t.http.get(url).set(intruder.auth).expect(404);
    await t.http.patch(url).set(intruder.auth).send({ label: 'mine now' }).expect(404);
    await t.http.post(`${url}/verify`).set(intruder.auth).expect(404);
    await t.http.delete(url).set(intruder.auth).expect(404);
    const theirs = await t.http.get('/api/whatsapp/accounts').set(intruder.auth).expect(200);
    expect(theirs.body).toEqual([]);
    const still = await t.http.get(url).set(admin.auth).expect(200);
    expect(still.body.label).toBe('Support line');
  });

  it('lets members of the organization use its accounts', async () => {
    const member = await addMember(t, admin);
    const list = await t.http.get('/api/whatsapp/accounts').set(member.auth).expect(200);
    expect(list.body.length).toBeGreaterThan(0);
    const one = await t.http.get(`/api/whatsapp/accounts/${list.body[0].id}`).set(member.auth);
    expect(one.status).toBe(200);
  });

  // A member who could replace the app secret could sign webhooks themselves (forged inbound
  // messages accepted) and make Meta's real ones fail.
  it("does not let a member connect, change, re-test or remove accounts, nor forge Meta's webhooks", async () => {
    const member = await addMember(t, admin);
    const n = addNumber(simulator);
    const created = await create(admin, { ...valuesOf(n), app_secret: n.app_secret }).expect(201);
    const url = `/api/whatsapp/accounts/${created.body.id}`;

    const refused = [
      await t.http.patch(url).set(member.auth).send({ app_secret: 'x' }),
      await t.http.patch(url).set(member.auth).send({ label: 'Mine now' }),
      await t.http.post(`${url}/verify`).set(member.auth),
      await t.http.delete(url).set(member.auth),
      await create(member, valuesOf(addNumber(simulator))),
      await t.http.post('/api/whatsapp/accounts/test').set(member.auth).send(valuesOf(n)),
    ];
    for (const response of refused) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ error: 'Forbidden', request_id: expect.any(String) });
    }

    const after = await t.http.get(url).set(admin.auth).expect(200);
    expect(after.body).toMatchObject({
      label: 'Support line',
      app_secret_mask: `••••${n.app_secret.slice(-4)}`,
    });
    const webhookUrl = `/api/webhooks/whatsapp/${created.body.id}`;
    const delivery = { object: 'whatsapp_business_account', entry: [] };
    await postSigned(t, webhookUrl, delivery, 'x').expect(401);
    await postSigned(t, webhookUrl, delivery, n.app_secret).expect(200);
  });
});
