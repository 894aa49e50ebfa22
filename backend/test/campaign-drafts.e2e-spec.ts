import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
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
  name: string;
  state: string;
  account_id: string | null;
  template_name: string;
  template_language: string;
  template_category: string;
  variables: { key: string }[];
  default_variables: Record<string, string>;
  rate_per_second: number | null;
  counts: Record<string, number>;
}

interface ErrorBody {
  message: string;
  details?: { field: string; messages: string[] }[];
}

/** Editing a draft (PATCH /api/whatsapp/campaigns/{id}): its settings, and its audience kept true. */
describe('campaign drafts', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;

  const create = async (user: SignedInUser, body: Record<string, unknown>) =>
    (
      await t.http
        .post('/api/whatsapp/campaigns')
        .set(user.auth)
        .send({ account_id: accountId, template_name: 'offer', ...body })
        .expect(201)
    ).body as CampaignBody;
  const patch = (user: SignedInUser, id: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/whatsapp/campaigns/${id}`).set(user.auth).send(body);
  const fieldsOf = (body: ErrorBody) => (body.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    const template = (
      name: string,
      category: 'MARKETING' | 'UTILITY',
      text: string,
      status: 'APPROVED' | 'PENDING' = 'APPROVED',
    ) =>
      simulator.addTemplate({
        waba_id: number.waba_id,
        name,
        language: 'en_US',
        category,
        status,
        components: [{ type: 'BODY', text }],
      });
    template('offer', 'MARKETING', 'Hi {{1}}, {{2}} off this week');
    template('ticket', 'UTILITY', 'Hi {{1}}, your ticket for {{2}} on {{3}}');
    template('draft_only', 'UTILITY', 'Not yet {{1}}', 'PENDING');
    accountId = (await connectAccount(t, admin, number, { withAppSecret: false })).id;
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  it('changes a draft’s name, values and rate cap; the next read and the launch use them', async () => {
    const draft = await create(admin, {
      name: 'Winter ofer',
      variables: { body_2: '10%' },
      rate_per_second: 5,
      recipients: [{ to: '+15550601001', variables: { body_1: 'Ada' } }],
    });
    const edited = await patch(admin, draft.id, {
      name: 'Winter offer',
      variables: { body_2: '25%' },
    }).expect(200);
    expect(edited.body).toMatchObject({
      id: draft.id,
      name: 'Winter offer',
      state: 'draft',
      default_variables: { body_2: '25%' },
      rate_per_second: 5,
      counts: { pending: 1, total: 1 },
    });
    // New values: the audience was checked again, and still passes.
    expect(edited.body.audience).toMatchObject({ rows: 1, added: 1 });

    const uncapped = await patch(admin, draft.id, { rate_per_second: null }).expect(200);
    expect(uncapped.body.rate_per_second).toBeNull();
    // Nothing that touches the audience: no report.
    expect(uncapped.body.audience).toBeNull();

    const read = await t.http.get(`/api/whatsapp/campaigns/${draft.id}`).set(admin.auth);
    expect(read.body).toMatchObject({ name: 'Winter offer', rate_per_second: null });

    await t.http
      .post(`/api/whatsapp/campaigns/${draft.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await waitFor(() => simulator.sent(number.phone_number_id).some((m) => m.to === '15550601001'));
    const sent = simulator.sent(number.phone_number_id).find((m) => m.to === '15550601001')!;
    expect(JSON.stringify(sent.body)).toContain('25%');
    expect(JSON.stringify(sent.body)).not.toContain('10%');
  });

  it('a new template checks the audience again: rows it cannot send are skipped, and pass again once values fill them', async () => {
    const draft = await create(admin, {
      name: 'Tickets',
      variables: { body_2: '10%' },
      recipients: [
        { to: '+15550602001', variables: { body_1: 'Ada' } },
        { to: '+15550602002', variables: { body_1: 'Bo' } },
        { to: '+15550602003', variables: { body_1: 'Cy', body_9: 'extra' } },
      ],
    });
    expect(draft.counts).toMatchObject({ pending: 2, skipped: 1 });

    // The ticket template has a third placeholder nobody has a value for yet.
    const switched = await patch(admin, draft.id, { template_name: 'ticket' }).expect(200);
    expect(switched.body).toMatchObject({
      template_name: 'ticket',
      template_category: 'UTILITY',
      // The offer's value for body_2 is kept: the ticket has a body_2 too.
      default_variables: { body_2: '10%' },
      counts: { pending: 0, skipped: 3, total: 3 },
      audience: { rows: 3, added: 0, skipped: { missing_variables: 2, extra_variables: 1 } },
    });
    expect(switched.body.variables.map((v: { key: string }) => v.key)).toEqual([
      'body_1',
      'body_2',
      'body_3',
    ]);
    const skipped = await t.http
      .get(`/api/whatsapp/campaigns/${draft.id}/recipients`)
      .set(admin.auth)
      .expect(200);
    expect(
      skipped.body.items.map((r: { to: string; skip_reason: string }) => [r.to, r.skip_reason]),
    ).toEqual([
      ['+15550602001', 'missing_variables'],
      ['+15550602002', 'missing_variables'],
      ['+15550602003', 'extra_variables'],
    ]);
    await t.http
      .post(`/api/whatsapp/campaigns/${draft.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(422);

    // A value for every recipient: the two rows are pending again, in their order.
    const filled = await patch(admin, draft.id, {
      variables: { body_2: 'the show', body_3: 'Friday' },
    }).expect(200);
    expect(filled.body.counts).toMatchObject({ pending: 2, skipped: 1, total: 3 });
    const pending = await t.http
      .get(`/api/whatsapp/campaigns/${draft.id}/recipients`)
      .query({ state: 'pending' })
      .set(admin.auth)
      .expect(200);
    expect(pending.body.items.map((r: { to: string }) => r.to)).toEqual([
      '+15550602001',
      '+15550602002',
    ]);

    await t.http
      .post(`/api/whatsapp/campaigns/${draft.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await waitFor(
      () =>
        simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('155506020'))
          .length === 2,
    );
    const sent = simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('155506020'));
    expect(sent.map((m) => JSON.stringify(m.body))).toEqual([
      expect.stringContaining('"ticket"'),
      expect.stringContaining('"ticket"'),
    ]);
  });

  it('checks an audience of many pages again in its order, duplicates still caught', async () => {
    const to = (i: number) => `+1555070${String(1000 + i)}`;
    const draft = await create(admin, {
      name: 'Large',
      variables: { body_2: '10%' },
      recipients: Array.from({ length: 1000 }, (_, i) => ({
        to: to(i),
        variables: { body_1: `P${i}` },
      })),
    });
    await t.http
      .post(`/api/whatsapp/campaigns/${draft.id}/audience`)
      .set(admin.auth)
      .send({
        recipients: [
          ...Array.from({ length: 500 }, (_, i) => ({
            to: to(1000 + i),
            variables: { body_1: `P${1000 + i}` },
          })),
          { to: to(0), variables: { body_1: 'Again' } },
        ],
      })
      .expect(200);

    const switched = await patch(admin, draft.id, {
      template_name: 'ticket',
      variables: { body_2: 'the show', body_3: 'Friday' },
    }).expect(200);
    expect(switched.body).toMatchObject({
      counts: { pending: 1500, skipped: 1, total: 1501 },
      audience: { rows: 1501, added: 1500, skipped: { duplicate: 1 } },
    });
    const first = await t.http
      .get(`/api/whatsapp/campaigns/${draft.id}/recipients`)
      .query({ limit: 3 })
      .set(admin.auth)
      .expect(200);
    expect(
      first.body.items.map((r: { to: string; variables: Record<string, string> }) => [
        r.to,
        r.variables,
      ]),
    ).toEqual([
      [to(0), { body_1: 'P0' }],
      [to(1), { body_1: 'P1' }],
      [to(2), { body_1: 'P2' }],
    ]);
  });

  it('a template of another category checks opt-outs again: marketing skips who opted out, utility sends', async () => {
    const OPTED_OUT = '+15550605001';
    const STAYS = '+15550605002';
    const ticketValues = { body_2: 'the show', body_3: 'Friday' };
    // A first send makes the contact, who then opts out of marketing.
    const first = await create(admin, {
      name: 'First ticket',
      template_name: 'ticket',
      variables: ticketValues,
      recipients: [{ to: OPTED_OUT, variables: { body_1: 'Ada' } }],
    });
    await t.http
      .post(`/api/whatsapp/campaigns/${first.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    let contactId = '';
    await waitFor(async () => {
      const found = await t.http
        .get('/api/whatsapp/contacts')
        .query({ q: OPTED_OUT.slice(1) })
        .set(admin.auth);
      contactId = (found.body as { items: { id: string }[] }).items[0]?.id ?? '';
      return contactId !== '';
    });
    await t.http
      .post(`/api/whatsapp/contacts/${contactId}/consent`)
      .set(admin.auth)
      .send({ state: 'opted_out' })
      .expect(200);

    const draft = await create(admin, {
      name: 'Tickets again',
      template_name: 'ticket',
      variables: ticketValues,
      recipients: [
        { to: OPTED_OUT, variables: { body_1: 'Ada' } },
        { to: STAYS, variables: { body_1: 'Bo' } },
      ],
    });
    expect(draft.counts).toMatchObject({ pending: 2 });

    const marketing = await patch(admin, draft.id, {
      template_name: 'offer',
      variables: { body_2: '10%' },
    }).expect(200);
    expect(marketing.body).toMatchObject({
      template_category: 'MARKETING',
      counts: { pending: 1, skipped: 1 },
      audience: { added: 1, skipped: { opted_out: 1 } },
    });

    const utility = await patch(admin, draft.id, {
      template_name: 'ticket',
      variables: ticketValues,
    }).expect(200);
    expect(utility.body).toMatchObject({
      template_category: 'UTILITY',
      counts: { pending: 2, skipped: 0 },
    });
  });

  it('refuses to edit a campaign that is no longer a draft (409)', async () => {
    const launched = await create(admin, {
      name: 'Sent already',
      variables: { body_1: 'you', body_2: '5%' },
      recipients: [{ to: '+15550603001' }],
    });
    await t.http
      .post(`/api/whatsapp/campaigns/${launched.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    const running = await patch(admin, launched.id, { name: 'Renamed' }).expect(409);
    expect((running.body as ErrorBody).message).toMatch(/only a draft can be edited/);
    await waitFor(async () => {
      const res = await t.http.get(`/api/whatsapp/campaigns/${launched.id}`).set(admin.auth);
      return (res.body as CampaignBody).state === 'completed';
    });
    const completed = await patch(admin, launched.id, { name: 'Renamed' }).expect(409);
    expect((completed.body as ErrorBody).message).toBe(
      'The campaign is completed: only a draft can be edited.',
    );

    const cancelled = await create(admin, { name: 'Called off' });
    await t.http.post(`/api/whatsapp/campaigns/${cancelled.id}/cancel`).set(admin.auth).expect(200);
    await patch(admin, cancelled.id, { template_name: 'ticket' }).expect(409);
    const after = await t.http
      .get(`/api/whatsapp/campaigns/${cancelled.id}`)
      .set(admin.auth)
      .expect(200);
    expect(after.body).toMatchObject({ name: 'Called off', template_name: 'offer' });
  });

  it('says which field is wrong and why (400), and changes nothing', async () => {
    const draft = await create(admin, { name: 'Checked', variables: { body_2: '5%' } });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: '' }, 'name', /name/],
      [{ name: null }, 'name', /name/],
      [{ rate_per_second: 0 }, 'rate_per_second', /rate_per_second/],
      [{ template_name: 'Offer!' }, 'template_name', /template name/],
      [{ template_name: 'nothing_here' }, 'template_name', /no template "nothing_here"/],
      [{ template_name: 'draft_only' }, 'template_name', /PENDING: only approved/],
      [{ variables: { body_7: 'x' } }, 'variables', /has no body_7/],
      [{ account_id: '00000000-0000-4000-8000-000000000000' }, 'account_id', /No such/],
      [{ recipients: [{ to: '+15550604001' }] }, 'recipients', /not an accepted field/],
    ];
    for (const [body, field, reason] of cases) {
      const res = await patch(admin, draft.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      const error = res.body as ErrorBody;
      expect(fieldsOf(error)).toEqual([field]);
      expect(error.details![0]!.messages.join(' ')).toMatch(reason);
    }
    const after = await t.http.get(`/api/whatsapp/campaigns/${draft.id}`).set(admin.auth);
    expect(after.body).toMatchObject({
      name: 'Checked',
      template_name: 'offer',
      default_variables: { body_2: '5%' },
    });
  });

  it('is the organization’s own: a member edits its drafts, another organization gets 404', async () => {
    const draft = await create(admin, { name: 'Ours' });
    const member = await addMember(t, admin);
    await patch(member, draft.id, { name: 'Ours, edited by a member' }).expect(200);

    const stranger = await registerAdmin(t, { organization: 'Other' });
    const foreign = await patch(stranger, draft.id, { name: 'Theirs' }).expect(404);
    expect((foreign.body as ErrorBody).message).toBe('No such campaign in your organization.');
    await patch(stranger, '5f0c6a8e-1d2b-4c3d-8e9f-0a1b2c3d4e5f', { name: 'x' }).expect(404);
    const read = await t.http.get(`/api/whatsapp/campaigns/${draft.id}`).set(admin.auth);
    expect(read.body.name).toBe('Ours, edited by a member');
    await t.http.patch(`/api/whatsapp/campaigns/${draft.id}`).send({ name: 'x' }).expect(401);
  });
});

/** Waits for a condition a user would see, polling. */
async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
