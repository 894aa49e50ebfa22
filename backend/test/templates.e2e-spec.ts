import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount } from './support/webhooks.js';

describe('templates of an account', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    for (const [name, status] of [
      ['welcome', 'APPROVED'],
      ['promo', 'PENDING'],
    ] as const) {
      simulator.addTemplate({
        waba_id: number.waba_id,
        name,
        language: 'en_US',
        category: 'UTILITY',
        status,
        components: [{ type: 'BODY', text: `${name} {{1}}` }],
      });
    }
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'shouting',
      language: 'en_US',
      category: 'MARKETING',
      status: 'REJECTED',
      rejected_reason: 'ABUSIVE_CONTENT',
      components: [{ type: 'BODY', text: 'BUY NOW' }],
    });
    accountId = (await connectAccount(t, admin, number, { withAppSecret: false })).id;
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  it('copies the templates from Meta on first use and filters by status', async () => {
    const all = await t.http
      .get('/api/whatsapp/templates')
      .query({ account_id: accountId })
      .set(admin.auth)
      .expect(200);
    expect(all.body.map((x: { name: string; status: string }) => `${x.name}:${x.status}`)).toEqual([
      'promo:PENDING',
      'shouting:REJECTED',
      'welcome:APPROVED',
    ]);
    // Meta's listing carries the reason of a rejection: copied, and explained.
    expect(all.body[1]).toMatchObject({
      status_reason: 'ABUSIVE_CONTENT',
      status_reason_text: expect.stringMatching(/breaks its policies/),
    });
    expect(all.body[2]).toMatchObject({
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'welcome {{1}}' }],
    });
    const approved = await t.http
      .get('/api/whatsapp/templates')
      .query({ account_id: accountId, status: 'APPROVED' })
      .set(admin.auth)
      .expect(200);
    expect(approved.body.map((x: { name: string }) => x.name)).toEqual(['welcome']);
  });

  it('picks up changes at Meta on sync', async () => {
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'receipt',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Thanks' }],
    });
    const sync = await t.http
      .post('/api/whatsapp/templates/sync')
      .set(admin.auth)
      .send({ account_id: accountId })
      .expect(200);
    expect(sync.body).toEqual({ synced: 4 });
    const all = await t.http
      .get('/api/whatsapp/templates')
      .query({ account_id: accountId })
      .set(admin.auth)
      .expect(200);
    expect(all.body).toHaveLength(4);
  });

  it('validates the query and keeps organizations apart', async () => {
    const bad = await t.http
      .get('/api/whatsapp/templates')
      .query({ account_id: 'nope' })
      .set(admin.auth)
      .expect(400);
    expect(bad.body.details[0].field).toBe('account_id');
    const intruder = await registerAdmin(t, { organization: 'Other' });
    await t.http
      .get('/api/whatsapp/templates')
      .query({ account_id: accountId })
      .set(intruder.auth)
      .expect(404);
    await t.http
      .post('/api/whatsapp/templates/sync')
      .set(intruder.auth)
      .send({ account_id: accountId })
      .expect(404);
  });
});
