// Campaigns against Meta's behaviours, through the simulator's webhooks: statuses and replies
// move recipients, the per-user marketing limit (131049) defers them, a template Meta pauses
// pauses the campaign until it is approved again, and a scheduled campaign starts on time.
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { connectSse, dataOf, type SseFrame } from './support/sse-client.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, listen, waitFor } from './support/webhooks.js';

type Counts = Record<
  'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'replied' | 'failed' | 'limited',
  number
>;
interface CampaignBody {
  id: string;
  state: string;
  state_reason: string | null;
  counts: Counts;
}

/** Waits for the contacts a search finds, as the Contacts page would show them. */
async function waitForContacts(
  t: TestApp,
  user: SignedInUser,
  q: string,
  count: number,
): Promise<{ id: string; profile_name: string }[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await t.http.get('/api/whatsapp/contacts').query({ q }).set(user.auth).expect(200);
    const items = (res.body as { items: { id: string; profile_name: string }[] }).items;
    if (items.length >= count) return items;
    if (Date.now() > deadline) throw new Error(`Only ${items.length} contacts for ${q}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('campaigns and Meta', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  let templateMetaId: string;
  let baseUrl: string;

  const campaign = async (id: string): Promise<CampaignBody> =>
    (await t.http.get(`/api/whatsapp/campaigns/${id}`).set(admin.auth).expect(200))
      .body as CampaignBody;
  const until = (id: string, done: (c: CampaignBody) => boolean, what: string) =>
    waitFor(
      what,
      async () => {
        const c = await campaign(id);
        return done(c) ? c : undefined;
      },
      20_000,
    );
  const draft = async (recipients: { to: string }[], extra: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/whatsapp/campaigns')
        .set(admin.auth)
        .send({
          name: 'Meta',
          account_id: accountId,
          template_name: 'promo',
          variables: { body_1: 'friend' },
          recipients,
          ...extra,
        })
        .expect(201)
    ).body as CampaignBody;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, {
        CAMPAIGN_RECONCILE_INTERVAL_MS: '200',
        CAMPAIGN_LIMITED_RETRY_SECONDS: '2',
        GRAPH_API_MAX_RETRIES: '0',
      }),
    );
    baseUrl = await listen(t);
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    templateMetaId = simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'promo',
      language: 'en_US',
      category: 'MARKETING',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Hello {{1}}, new arrivals are in' }],
    }).id;
    const account = await connectAccount(t, admin, number);
    accountId = account.id;
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  it('moves recipients with the status webhooks, and counts a reply', async () => {
    const created = await draft([{ to: '+15550201001' }, { to: '+15550201002' }]);
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await until(created.id, (c) => c.counts.delivered + c.counts.read === 2, 'both delivered');
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '15550201001',
      type: 'text',
      text: 'Tell me more',
    });
    const done = await until(created.id, (c) => c.counts.replied === 1, 'one reply');
    expect(done.counts.replied + done.counts.delivered + done.counts.read).toBe(2);
  });

  it('defers a recipient Meta limited (131049) and tries it again after the wait', async () => {
    simulator.updateAccount(number.phone_number_id, { fail_after_send: { '15550202001': 131049 } });
    const created = await draft([{ to: '+15550202001' }, { to: '+15550202002' }]);
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    const limited = await until(created.id, (c) => c.counts.limited === 1, 'one limited');
    expect(limited.state).toBe('running');
    const page = await t.http
      .get(`/api/whatsapp/campaigns/${created.id}/recipients?state=limited`)
      .set(admin.auth)
      .expect(200);
    expect(page.body.items[0]).toMatchObject({
      to: '+15550202001',
      error: { code: 131049 },
      retry_at: expect.any(String),
    });
    // Meta lets it through this time: the retry after the wait is its second send, no more.
    simulator.updateAccount(number.phone_number_id, { fail_after_send: {} });
    const done = await until(created.id, (c) => c.state === 'completed', 'completed');
    expect(done.counts.limited).toBe(0);
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to === '15550202001'),
    ).toHaveLength(2);
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to === '15550202002'),
    ).toHaveLength(1);
  });

  it('pauses when Meta pauses the template, and resumes when it is approved again', async () => {
    const created = await draft(
      Array.from({ length: 30 }, (_, i) => ({ to: `+1555020${3000 + i}` })),
      { rate_per_second: 5 },
    );
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await until(created.id, (c) => c.counts.pending < 28, 'a few sent');
    simulator.setTemplateStatus(templateMetaId, 'PAUSED');
    const paused = await until(created.id, (c) => c.state === 'paused', 'paused');
    expect(paused.state_reason).toMatch(/paused the template/);
    const atPause = simulator
      .sent(number.phone_number_id)
      .filter((m) => m.to.startsWith('1555020')).length;
    simulator.setTemplateStatus(templateMetaId, 'APPROVED');
    const done = await until(created.id, (c) => c.state === 'completed', 'completed');
    expect(done.counts.pending).toBe(0);
    const sent = simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('15550203'));
    expect(sent.length).toBe(30);
    expect(new Set(sent.map((m) => m.to)).size).toBe(30);
    expect(atPause).toBeLessThan(30);
  });

  it('starts a scheduled campaign at its time, not before', async () => {
    const created = await draft([{ to: '+15550204001' }]);
    const at = new Date(Date.now() + 3000);
    const scheduled = await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({ send_at: at.toISOString() })
      .expect(200);
    expect(scheduled.body.state).toBe('scheduled');
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to === '15550204001'),
    ).toHaveLength(0);
    await until(created.id, (c) => c.state === 'completed', 'completed');
    const sent = simulator.sent(number.phone_number_id).find((m) => m.to === '15550204001')!;
    expect(new Date(sent.accepted_at).getTime()).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('skips a recipient who opted out after the audience was checked', async () => {
    const created = await draft([{ to: '+15550206001' }, { to: '+15550206002' }]);
    // The customer writes STOP before the launch: the send itself checks consent again.
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '15550206001',
      type: 'text',
      text: 'STOP',
    });
    await waitFor('the opt-out', async () => {
      const res = await t.http
        .get('/api/whatsapp/contacts?q=15550206001')
        .set(admin.auth)
        .expect(200);
      const [contact] = (res.body as { items: { consent_state: string }[] }).items;
      return contact?.consent_state === 'opted_out';
    });
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await until(created.id, (c) => c.state === 'completed', 'completed');
    const page = await t.http
      .get(`/api/whatsapp/campaigns/${created.id}/recipients?state=skipped`)
      .set(admin.auth)
      .expect(200);
    expect(page.body.items).toMatchObject([{ to: '+15550206001', skip_reason: 'opted_out' }]);
    // Only the confirmation of the opt-out went to that number, not the campaign.
    const toThem = simulator.sent(number.phone_number_id).filter((m) => m.to === '15550206001');
    expect(toThem.every((m) => m.template?.name !== 'promo')).toBe(true);
  });

  it('keeps a scheduled campaign paused and resumed before its time waiting for that time', async () => {
    const created = await draft([{ to: '+15550207001' }]);
    const at = new Date(Date.now() + 3000);
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({ send_at: at.toISOString() })
      .expect(200);
    await t.http.post(`/api/whatsapp/campaigns/${created.id}/pause`).set(admin.auth).expect(200);
    const resumed = await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/resume`)
      .set(admin.auth)
      .expect(200);
    expect(resumed.body.state).toBe('scheduled');
    await until(created.id, (c) => c.state === 'completed', 'completed');
    const sent = simulator.sent(number.phone_number_id).filter((m) => m.to === '15550207001');
    expect(sent).toHaveLength(1);
    expect(Date.parse(sent[0]!.accepted_at)).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('streams the progress live: counts moving, then the completed state', async () => {
    const stream = await connectSse(`${baseUrl}/api/events`, admin.auth);
    try {
      await stream.next((frame: SseFrame) => frame.event === 'ready');
      const created = await draft([{ to: '+15550208001' }, { to: '+15550208002' }]);
      await t.http
        .post(`/api/whatsapp/campaigns/${created.id}/launch`)
        .set(admin.auth)
        .send({})
        .expect(200);
      const mine = (frame: SseFrame) =>
        frame.event === 'campaign.progress' && frame.data?.includes(created.id) === true;
      const first = dataOf(await stream.next(mine, 10_000)) as { data: { state: string } };
      expect(first.data.state).toBe('running');
      const completed = await stream.next(
        (frame) => mine(frame) && frame.data?.includes('"completed"') === true,
        15_000,
      );
      expect(dataOf(completed)).toMatchObject({
        type: 'campaign.progress',
        data: { campaign_id: created.id, state: 'completed', counts: { pending: 0, sending: 0 } },
      });
    } finally {
      stream.close();
    }
  });

  it('takes the contacts with a tag, and retargets an earlier campaign’s outcome', async () => {
    for (const [from, name] of [
      ['15550901001', 'Tagged One'],
      ['15550901002', 'Tagged Two'],
    ] as const) {
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from,
        profile_name: name,
        type: 'text',
        text: 'hi',
      });
    }
    const contacts = await waitForContacts(t, admin, '1555090100', 2);
    for (const contact of contacts) {
      await t.http
        .patch(`/api/whatsapp/contacts/${contact.id}`)
        .set(admin.auth)
        .send({ tags: ['vip'], attributes: { body_1: contact.profile_name.split(' ')[1]! } })
        .expect(200);
    }
    const tagged = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'VIP',
        account_id: accountId,
        template_name: 'promo',
      })
      .expect(201);
    // The template's {{1}} is filled from the attribute named like its key (body_1).
    const fromAttributes = await t.http
      .post(`/api/whatsapp/campaigns/${tagged.body.id}/audience`)
      .set(admin.auth)
      .send({ tag: 'vip' })
      .expect(200);
    expect(fromAttributes.body).toMatchObject({ rows: 2, added: 2 });
    const page = await t.http
      .get(`/api/whatsapp/campaigns/${tagged.body.id}/recipients`)
      .set(admin.auth)
      .expect(200);
    expect(
      page.body.items
        .map((r: { variables: Record<string, string> }) => r.variables['body_1'])
        .sort(),
    ).toEqual(['One', 'Two']);

    const named = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'VIP named',
        account_id: accountId,
        template_name: 'promo',
        variables: { body_1: 'friend' },
      })
      .expect(201);
    const report = await t.http
      .post(`/api/whatsapp/campaigns/${named.body.id}/audience`)
      .set(admin.auth)
      .send({ tag: 'vip' })
      .expect(200);
    expect(report.body).toMatchObject({ rows: 2, added: 2 });
    await t.http
      .post(`/api/whatsapp/campaigns/${named.body.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await until(named.body.id, (c) => c.state === 'completed', 'completed');

    // Retarget those who read it and did not reply: both, once Meta says they read it.
    await until(named.body.id, (c) => c.counts.read === 2, 'both read');
    const retarget = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Follow-up',
        account_id: accountId,
        template_name: 'promo',
        variables: { body_1: 'again' },
      })
      .expect(201);
    const again = await t.http
      .post(`/api/whatsapp/campaigns/${retarget.body.id}/audience`)
      .set(admin.auth)
      .send({ from_campaign: { campaign_id: named.body.id, outcome: 'read_not_replied' } })
      .expect(200);
    expect(again.body).toMatchObject({ rows: 2, added: 2 });
    const failedOnes = await t.http
      .post(`/api/whatsapp/campaigns/${retarget.body.id}/audience`)
      .set(admin.auth)
      .send({ from_campaign: { campaign_id: named.body.id, outcome: 'failed' } })
      .expect(200);
    expect(failedOnes.body).toMatchObject({ rows: 0, added: 0 });
    await t.http
      .post(`/api/whatsapp/campaigns/${retarget.body.id}/audience`)
      .set(admin.auth)
      .send({ tag: 'vip', recipients: [{ to: '+15550901009' }] })
      .expect(400);
  });

  it('never repeats a send Meta took but answered too late: its status webhook settles it', async () => {
    // Meta accepts the message but answers after the client's timeout (GRAPH_API_TIMEOUT_MS 1 s).
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'slow',
      hold_ms: 2500,
    });
    const created = await draft([
      { to: '+15550209001' },
      { to: '+15550209002' },
      { to: '+15550209003' },
    ]);
    await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    const done = await until(created.id, (c) => c.state === 'completed', 'completed');
    expect(done.counts.sent + done.counts.delivered + done.counts.read).toBe(3);
    const sent = simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('155502090'));
    expect(sent.map((m) => m.to).sort()).toEqual(['15550209001', '15550209002', '15550209003']);
  });

  it('reads a local send_at in the given time zone', async () => {
    const created = await draft([{ to: '+15550205001' }]);
    const res = await t.http
      .post(`/api/whatsapp/campaigns/${created.id}/launch`)
      .set(admin.auth)
      .send({ send_at: '2099-07-01T09:00:00', time_zone: 'Europe/Berlin' })
      .expect(200);
    // Berlin is UTC+2 in July.
    expect(res.body).toMatchObject({ state: 'scheduled', send_at: '2099-07-01T07:00:00.000Z' });
    await t.http.post(`/api/whatsapp/campaigns/${created.id}/cancel`).set(admin.auth).expect(200);
  });
});
