import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

interface CampaignBody {
  id: string;
  state: string;
  state_reason: string | null;
  counts: Record<
    'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'replied' | 'failed' | 'cancelled',
    number
  >;
}

interface TimelineBody {
  per_minute: { starts_at: string; sent: number; failed: number }[];
}

/** Waits for a condition on the campaign, reading it as a user would. */
async function waitForCampaign(
  t: TestApp,
  user: SignedInUser,
  id: string,
  done: (c: CampaignBody) => boolean,
  timeoutMs = 20_000,
): Promise<CampaignBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.get(`/api/whatsapp/campaigns/${id}`).set(user.auth).expect(200);
    const campaign = res.body as CampaignBody;
    if (done(campaign)) return campaign;
    if (Date.now() > deadline)
      throw new Error(`Campaign never got there: ${JSON.stringify(campaign)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('campaigns', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  let ratesDir: string;
  beforeAll(async () => {
    simulator = await startSimulator();
    // A rate card that knows one market, as a business copies Meta's.
    ratesDir = mkdtempSync(join(tmpdir(), 'convis-rates-'));
    const rateCard = join(ratesDir, 'rates.csv');
    writeFileSync(
      rateCard,
      'calling_code,market,marketing,utility,authentication\n49,Germany,0.1365,0.0768,0.0768\n',
    );
    t = await createTestApp(
      simulatorEnv(simulator, {
        CAMPAIGN_RECONCILE_INTERVAL_MS: '200',
        JOBS_SUPERVISE_INTERVAL_SECONDS: '1',
        PRICING_RATE_CARD_FILE: rateCard,
      }),
    );
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'offer',
      language: 'en_US',
      category: 'MARKETING',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Hi {{1}}, {{2}} off this week' }],
    });
    accountId = (await connectAccount(t, admin, number, { withAppSecret: false })).id;
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
    rmSync(ratesDir, { recursive: true, force: true });
  });

  it('checks the audience row by row, then sends each recipient exactly once', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Winter offer',
        account_id: accountId,
        template_name: 'offer',
        variables: { body_2: '20%' },
        recipients: [
          ...Array.from({ length: 30 }, (_, i) => ({
            to: `+1555010${String(1000 + i)}`,
            variables: { body_1: `Ada ${i}` },
          })),
          { to: '+15550101000', variables: { body_1: 'Again' } },
          { to: '+1555', variables: { body_1: 'Short' } },
          { to: '+15550109999' },
          { to: '+15550109998', variables: { body_1: 'X', body_9: 'extra' } },
        ],
      })
      .expect(201);
    expect(created.body.audience).toMatchObject({
      rows: 34,
      added: 30,
      skipped: { duplicate: 1, invalid_number: 1, missing_variables: 1, extra_variables: 1 },
    });
    expect(created.body.variables.map((v: { key: string }) => v.key)).toEqual(['body_1', 'body_2']);
    expect(created.body.counts).toMatchObject({ pending: 30, skipped: 4, total: 34 });

    await t.http
      .post(`/api/whatsapp/campaigns/${created.body.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    const done = await waitForCampaign(t, admin, created.body.id, (c) => c.state === 'completed');
    expect(done.counts.pending).toBe(0);
    expect(done.counts.sending).toBe(0);

    const sent = simulator.sent(number.phone_number_id);
    const recipients = sent.map((m) => m.to);
    expect(new Set(recipients).size).toBe(30);
    expect(recipients).toHaveLength(30);
    const first = sent.find((m) => m.to === '15550101000')!;
    expect(JSON.stringify(first.body)).toContain('Ada 0');
    expect(JSON.stringify(first.body)).toContain('20%');

    const page = await t.http
      .get(`/api/whatsapp/campaigns/${created.body.id}/recipients`)
      .query({ state: 'skipped' })
      .set(admin.auth)
      .expect(200);
    expect(page.body.items.map((r: { skip_reason: string }) => r.skip_reason).sort()).toEqual([
      'duplicate',
      'extra_variables',
      'invalid_number',
      'missing_variables',
    ]);

    const csv = await t.http
      .get(`/api/whatsapp/campaigns/${created.body.id}/recipients/export`)
      .set(admin.auth)
      .expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(35);
  });

  it('estimates the cost by calling code where the rate card knows it, and the pacing time', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Estimate',
        account_id: accountId,
        template_name: 'offer',
        variables: { body_1: 'you', body_2: '5%' },
        recipients: [
          ...Array.from({ length: 10 }, (_, i) => ({ to: `+4915123456${String(100 + i)}` })),
          ...Array.from({ length: 150 }, (_, i) => ({ to: `+1555070${String(1000 + i)}` })),
        ],
      })
      .expect(201);
    const estimate = await t.http
      .get(`/api/whatsapp/campaigns/${created.body.id}/estimate`)
      .set(admin.auth)
      .expect(200);
    expect(estimate.body).toMatchObject({
      category: 'MARKETING',
      recipients: 160,
      // 80 messages per second on a standard number.
      pacing_seconds: 2,
      rate_card: 'configured',
      currency: 'USD',
      estimated_cost: 1.365,
      priced_recipients: 10,
      by_calling_code: [
        { calling_code: '1', recipients: 150, price_each: null, cost: null },
        {
          calling_code: '49',
          country: 'DE',
          market: 'Germany',
          recipients: 10,
          price_each: 0.1365,
          cost: 1.365,
        },
      ],
    });
  });

  it('charts the whole campaign per minute: the minutes add up to its counts, for its organization only', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Timeline',
        account_id: accountId,
        template_name: 'offer',
        variables: { body_1: 'you', body_2: '5%' },
        recipients: Array.from({ length: 12 }, (_, i) => ({ to: `+1555060${String(1000 + i)}` })),
      })
      .expect(201);
    const id = created.body.id as string;
    const before = await t.http
      .get(`/api/whatsapp/campaigns/${id}/timeline`)
      .set(admin.auth)
      .expect(200);
    expect(before.body).toEqual({ per_minute: [] });

    // Meta refuses two of the sends (131026, undeliverable): they fail, the rest are sent.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'error',
      code: 131026,
      count: 2,
    });
    await t.http.post(`/api/whatsapp/campaigns/${id}/launch`).set(admin.auth).send({}).expect(200);
    const done = await waitForCampaign(t, admin, id, (c) => c.state === 'completed');
    const res = await t.http
      .get(`/api/whatsapp/campaigns/${id}/timeline`)
      .set(admin.auth)
      .expect(200);
    const { per_minute: minutes } = res.body as TimelineBody;
    expect(minutes.length).toBeGreaterThan(0);
    for (const m of minutes) {
      expect(new Date(m.starts_at).toISOString()).toBe(m.starts_at);
      expect(new Date(m.starts_at).getUTCSeconds()).toBe(0);
    }
    expect(minutes.map((m) => m.starts_at)).toEqual([...minutes.map((m) => m.starts_at)].sort());
    const sum = (key: 'sent' | 'failed') => minutes.reduce((total, m) => total + m[key], 0);
    expect(done.counts.failed).toBe(2);
    expect(sum('failed')).toBe(2);
    expect(sum('sent')).toBe(
      done.counts.sent + done.counts.delivered + done.counts.read + done.counts.replied,
    );
    expect(sum('sent')).toBe(10);

    // Another organization's campaign does not exist for this one.
    const other = await registerAdmin(t, { organization: 'Other' });
    await t.http.get(`/api/whatsapp/campaigns/${id}/timeline`).set(other.auth).expect(404);
  });

  it('reads a CSV audience: the phone column and the variable columns found by name, a report per line', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({ name: 'From a file', account_id: accountId, template_name: 'offer' })
      .expect(201);
    const csv = [
      'Phone;body_1;2;ignored',
      '+1 555 080 1001;Ada;10%;x',
      '15550801002;Grace;15%;x',
      '+1 555 080 1001;Ada again;10%;x',
      'not a number;Bob;5%;x',
      '+15550801003;;5%;x',
    ].join('\r\n');
    const report = await t.http
      .post(`/api/whatsapp/campaigns/${created.body.id}/audience/csv`)
      .set(admin.auth)
      .attach('file', Buffer.from(csv), 'audience.csv')
      .expect(200);
    expect(report.body).toMatchObject({
      rows: 5,
      added: 2,
      skipped: { duplicate: 1, invalid_number: 1, missing_variables: 1 },
      mapping: { to: 'Phone', body_1: 'body_1', body_2: '2' },
      campaign: { counts: { pending: 2, skipped: 3 } },
    });
    expect(report.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 4, reason: 'duplicate' }),
        expect.objectContaining({ line: 5, reason: 'invalid_number' }),
        expect.objectContaining({ line: 6, reason: 'missing_variables' }),
      ]),
    );
    // Without a phone column it says which column to name.
    const headerless = await t.http
      .post(`/api/whatsapp/campaigns/${created.body.id}/audience/csv`)
      .set(admin.auth)
      .attach('file', Buffer.from('who,what\nA,B\n'), 'audience.csv')
      .expect(400);
    expect(JSON.stringify(headerless.body.details)).toContain('to_column');
  });

  it('maps a CSV’s columns as the mapping step chose them, whatever their names', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({ name: 'Mapped', account_id: accountId, template_name: 'offer' })
      .expect(201);
    const csv = ['Customer,Mobile,Discount,body_1', 'Ada,+15550803001,10%,wrong'].join('\n');
    const upload = (fields: Record<string, string>) => {
      const request = t.http
        .post(`/api/whatsapp/campaigns/${created.body.id}/audience/csv`)
        .set(admin.auth);
      for (const [name, value] of Object.entries(fields)) void request.field(name, value);
      return request.attach('file', Buffer.from(csv), 'audience.csv');
    };
    // A column that is not in the file, a variable the template lacks, a field that is not JSON:
    // each a 400 on `columns` that names the problem; nothing is added.
    const missing = await upload({ columns: JSON.stringify({ body_1: 'First name' }) }).expect(400);
    expect(JSON.stringify(missing.body.details)).toContain('No column \\"First name\\"');
    const extra = await upload({ columns: JSON.stringify({ body_9: 'Customer' }) }).expect(400);
    expect(JSON.stringify(extra.body.details)).toContain('The template has no body_9');
    await upload({ columns: 'body_1=Customer' }).expect(400);

    // The chosen columns win over a column named like the variable.
    const report = await upload({
      to_column: 'Mobile',
      columns: JSON.stringify({ body_1: 'Customer', body_2: 'Discount' }),
    }).expect(200);
    expect(report.body).toMatchObject({
      rows: 1,
      added: 1,
      mapping: { to: 'Mobile', body_1: 'Customer', body_2: 'Discount' },
    });
    const recipients = await t.http
      .get(`/api/whatsapp/campaigns/${created.body.id}/recipients`)
      .set(admin.auth)
      .expect(200);
    expect(recipients.body.items).toEqual([
      expect.objectContaining({ to: '+15550803001', variables: { body_1: 'Ada', body_2: '10%' } }),
    ]);
  });

  it('refuses a second launch and a launch with no audience', async () => {
    const empty = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({ name: 'Empty', account_id: accountId, template_name: 'offer' })
      .expect(201);
    await t.http
      .post(`/api/whatsapp/campaigns/${empty.body.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(422);
    await t.http
      .post(`/api/whatsapp/campaigns/${empty.body.id}/audience`)
      .set(admin.auth)
      .send({ recipients: [{ to: '+15550102001', variables: { body_1: 'A', body_2: 'B' } }] })
      .expect(200);
    const launches = await Promise.all([
      t.http.post(`/api/whatsapp/campaigns/${empty.body.id}/launch`).set(admin.auth).send({}),
      t.http.post(`/api/whatsapp/campaigns/${empty.body.id}/launch`).set(admin.auth).send({}),
    ]);
    expect(launches.map((r) => r.status).sort()).toEqual([200, 409]);
    await waitForCampaign(t, admin, empty.body.id, (c) => c.state === 'completed');
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to === '15550102001'),
    ).toHaveLength(1);
  });

  it('pauses, resumes and cancels', async () => {
    const created = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Slow',
        account_id: accountId,
        template_name: 'offer',
        variables: { body_1: 'you', body_2: '5%' },
        rate_per_second: 5,
        recipients: Array.from({ length: 40 }, (_, i) => ({ to: `+1555030${String(1000 + i)}` })),
      })
      .expect(201);
    const id = created.body.id as string;
    await t.http.post(`/api/whatsapp/campaigns/${id}/launch`).set(admin.auth).send({}).expect(200);
    await waitForCampaign(
      t,
      admin,
      id,
      (c) => c.counts.sent + c.counts.delivered + c.counts.read >= 3,
    );
    await t.http.post(`/api/whatsapp/campaigns/${id}/pause`).set(admin.auth).expect(200);
    // Within a second nothing more goes out.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const atPause = simulator
      .sent(number.phone_number_id)
      .filter((m) => m.to.startsWith('1555030')).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('1555030')).length,
    ).toBe(atPause);
    expect(atPause).toBeLessThan(40);

    await t.http.post(`/api/whatsapp/campaigns/${id}/resume`).set(admin.auth).expect(200);
    await waitForCampaign(t, admin, id, (c) => c.counts.pending < 40 - atPause - 2);
    const cancelled = await t.http
      .post(`/api/whatsapp/campaigns/${id}/cancel`)
      .set(admin.auth)
      .expect(200);
    expect(cancelled.body.state).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const final = await waitForCampaign(t, admin, id, (c) => c.counts.sending === 0);
    const sent = simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('1555030'));
    expect(new Set(sent.map((m) => m.to)).size).toBe(sent.length);
    expect(final.counts.cancelled).toBe(40 - sent.length);
    await t.http.post(`/api/whatsapp/campaigns/${id}/resume`).set(admin.auth).expect(409);
  });

  it('the bulk endpoint creates and launches a campaign (202)', async () => {
    const res = await t.http
      .post('/api/whatsapp/messages/bulk')
      .set(admin.auth)
      .send({
        account_id: accountId,
        template_name: 'offer',
        variables: { body_2: '10%' },
        recipients: [
          { to: '+15550104001', variables: { body_1: 'A' } },
          { to: '+15550104002', variables: { body_1: 'B' } },
        ],
      })
      .expect(202);
    expect(res.body.audience.added).toBe(2);
    await waitForCampaign(t, admin, res.body.campaign_id, (c) => c.state === 'completed');
    await t.http
      .post('/api/whatsapp/messages/bulk')
      .set(admin.auth)
      .send({ account_id: accountId, template_name: 'offer', recipients: [] })
      .expect(400);
  });
});
