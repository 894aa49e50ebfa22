// PROCESS_ROLE=web serves the API and stores Meta's webhooks; a worker process on the same
// database applies them and works every job (here, a campaign's chunks). The web process
// applies nothing itself, so its CPU goes to answering requests.
import { and, eq, isNull } from 'drizzle-orm';
import { messages, webhookEvents } from '../src/database/schema.js';
import { type AppInstance, startInstance } from './support/app-instance.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, listen, waitFor } from './support/webhooks.js';

const CUSTOMER = '+15550101234';

describe('a web process and a worker process on one database', () => {
  let simulator: Simulator;
  let web: TestApp;
  let worker: AppInstance | undefined;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;

  const startWorker = async () => {
    worker = await startInstance({ ...web.config, role: 'worker' });
  };

  beforeAll(async () => {
    simulator = await startSimulator();
    web = await createTestApp(
      simulatorEnv(simulator, { PROCESS_ROLE: 'web', CAMPAIGN_RECONCILE_INTERVAL_MS: '200' }),
    );
    const webUrl = await listen(web);
    await startWorker();
    admin = await registerAdmin(web);
    number = addNumber(simulator);
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'notice',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Your order {{1}} is ready' }],
    });
    const account = await connectAccount(web, admin, number);
    accountId = account.id;
    // Meta's webhooks reach the web process only.
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${webUrl}${account.callbackPath}`,
      status_delays_ms: { sent: 5, delivered: 10, read: 15 },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await web.close();
    await simulator.close();
  });

  const inboundTexts = async () =>
    web.db
      .select()
      .from(messages)
      .where(and(eq(messages.direction, 'in'), eq(messages.accountId, accountId)));

  it('stores webhooks on the web process and applies them on the worker', async () => {
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: CUSTOMER.slice(1),
      type: 'text',
      text: { body: 'Hello from the web process' },
    });
    const [inbound] = await waitFor('the customer’s message', async () => {
      const rows = await inboundTexts();
      return rows.length === 1 ? rows : undefined;
    });
    expect(inbound?.previewText).toBe('Hello from the web process');

    // A reply sent through the web process: Meta's statuses come back to it and reach `read`.
    const sent = await web.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .send({ account_id: accountId, to: CUSTOMER, message_type: 'text', text: 'Hi!' })
      .expect(201);
    await waitFor('Meta’s statuses to be applied', async () => {
      const [row] = await web.db.select().from(messages).where(eq(messages.id, sent.body.id));
      return row?.status === 'read';
    });
  });

  it('leaves webhooks stored, not applied, while no worker runs; a worker that starts applies them', async () => {
    await worker!.close();
    worker = undefined;
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: CUSTOMER.slice(1),
      type: 'text',
      text: { body: 'Anyone there?' },
    });
    // Meta got its 200: the delivery is stored, and the web process does not apply it.
    const stored = await waitFor('the stored delivery', async () => {
      const rows = await web.db
        .select()
        .from(webhookEvents)
        .where(isNull(webhookEvents.processedAt));
      return rows.find((row) => JSON.stringify(row.payload).includes('Anyone there?'));
    });
    expect(stored.accountId).toBe(accountId);
    expect((await inboundTexts()).map((m) => m.previewText)).not.toContain('Anyone there?');

    await startWorker();
    await waitFor('the worker to apply it', async () =>
      (await inboundTexts()).some((m) => m.previewText === 'Anyone there?'),
    );
  });

  it('runs a campaign launched on the web process on the worker', async () => {
    const created = await web.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Split roles',
        account_id: accountId,
        template_name: 'notice',
        recipients: Array.from({ length: 20 }, (_, i) => ({
          to: `+1555070${1000 + i}`,
          variables: { body_1: `A-${i}` },
        })),
      })
      .expect(201);
    await web.http
      .post(`/api/whatsapp/campaigns/${created.body.id}/launch`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await waitFor(
      'the campaign to complete',
      async () =>
        (await web.http.get(`/api/whatsapp/campaigns/${created.body.id}`).set(admin.auth)).body
          .state === 'completed',
      30_000,
    );
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('15550701')),
    ).toHaveLength(20);
  });
});
