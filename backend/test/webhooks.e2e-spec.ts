import { signature256 } from '@convis/graph-simulator';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import {
  contacts,
  type Message,
  messages,
  messageStatusEvents,
  messageTemplates,
  orphanStatuses,
  webhookEvents,
  whatsappAccounts,
} from '../src/database/schema.js';
import { ContactsRepository } from '../src/contacts/contacts.repository.js';
import { MessagesRepository } from '../src/messages/messages.repository.js';
import { StatusApplier } from '../src/messages/status-applier.service.js';
import { JobQueue } from '../src/jobs/job-queue.service.js';
import { SWEEP_QUEUE, WebhookInbox } from '../src/webhooks/webhook-inbox.service.js';
import { startInstance } from './support/app-instance.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  accountWebhook,
  type ConnectedAccount,
  connectAccount,
  listen,
  messagesWebhook,
  postSigned,
  settle,
  waitFor,
} from './support/webhooks.js';

const GLOBAL_TOKEN = 'global-verify-token';
const GLOBAL_SECRET = 'global-app-secret';
const GLOBAL_URL = '/api/webhooks/whatsapp';
const CUSTOMER = '16505550123';

describe('WhatsApp webhooks', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let adminA: SignedInUser;
  let adminB: SignedInUser;
  /** Org A's number: has its own app secret. */
  let numberA: SimulatedNumber;
  let accountA: ConnectedAccount;
  /** Org B's number: no app secret of its own (WHATSAPP_APP_SECRET applies). */
  let numberB: SimulatedNumber;
  let accountB: ConnectedAccount;
  let wamidSeq = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, {
        WHATSAPP_WEBHOOK_VERIFY_TOKEN: GLOBAL_TOKEN,
        WHATSAPP_APP_SECRET: GLOBAL_SECRET,
        WEBHOOK_SWEEP_INTERVAL_MS: '200',
      }),
    );
    baseUrl = await listen(t);
    adminA = await registerAdmin(t, { organization: 'Org A' });
    adminB = await registerAdmin(t, { organization: 'Org B' });
    numberA = addNumber(simulator);
    numberB = addNumber(simulator, { app_secret: GLOBAL_SECRET });
    accountA = await connectAccount(t, adminA, numberA);
    accountB = await connectAccount(t, adminB, numberB, { withAppSecret: false });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const wamid = () => `wamid.TEST${Date.now()}${++wamidSeq}`;
  const storedEvents = async () => (await t.db.select({ n: count() }).from(webhookEvents))[0]!.n;
  /** The inbox rows stored after the first `before` ones, oldest first. */
  const eventsSince = (before: number) =>
    t.db.select().from(webhookEvents).orderBy(asc(webhookEvents.id)).offset(before);
  const postToA = (body: unknown, secret = numberA.app_secret) =>
    postSigned(t, accountA.callbackPath, body, secret);

  /** An outbound message row as the send pipeline leaves it once Meta accepted it. */
  async function outbound(
    organizationId: string,
    account: ConnectedAccount,
    number: SimulatedNumber,
    waMessageId: string | null,
  ): Promise<Message> {
    const contact = await t.app.get(ContactsRepository).upsert({
      organizationId,
      phoneNumberId: number.phone_number_id,
      accountId: account.id,
      waId: CUSTOMER,
    });
    const row = await t.app.get(MessagesRepository).insert({
      organizationId,
      accountId: account.id,
      phoneNumberId: number.phone_number_id,
      contactId: contact.id,
      direction: 'out',
      waMessageId,
      fromAddress: '+1 555-555-0000',
      toAddress: `+${CUSTOMER}`,
      messageType: 'text',
      content: { type: 'text', text: { body: 'Your order shipped' } },
      previewText: 'Your order shipped',
      status: 'queued',
    });
    return row!;
  }

  const status = (id: string, name: string, at: number, extra: Record<string, unknown> = {}) => ({
    id,
    status: name,
    timestamp: String(at),
    recipient_id: CUSTOMER,
    ...extra,
  });

  const messageOf = async (id: string) =>
    (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!;
  const timelineOf = async (id: string) =>
    t.db
      .select()
      .from(messageStatusEvents)
      .where(eq(messageStatusEvents.messageId, id))
      .orderBy(asc(messageStatusEvents.occurredAt));

  describe('handshake', () => {
    const verify = (path: string, query: Record<string, string>) => t.http.get(path).query(query);

    it("answers an account's URL with the raw challenge for its own verify token", async () => {
      const ok = await verify(accountA.callbackPath, {
        'hub.mode': 'subscribe',
        'hub.challenge': '1158201444',
        'hub.verify_token': accountA.verifyToken,
      }).expect(200);
      expect(ok.text).toBe('1158201444');
      expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    });

    it('answers 403 for a wrong token, mode or challenge, another account, unknown or malformed ids', async () => {
      const good = {
        'hub.mode': 'subscribe',
        'hub.challenge': '42',
        'hub.verify_token': accountA.verifyToken,
      };
      const refused: Array<[string, Record<string, string>]> = [
        [accountA.callbackPath, { ...good, 'hub.verify_token': 'wrong' }],
        [accountA.callbackPath, { ...good, 'hub.verify_token': accountB.verifyToken }],
        [accountA.callbackPath, { ...good, 'hub.verify_token': GLOBAL_TOKEN }],
        [accountA.callbackPath, { ...good, 'hub.mode': 'unsubscribe' }],
        [
          accountA.callbackPath,
          { 'hub.mode': 'subscribe', 'hub.verify_token': accountA.verifyToken },
        ],
        [accountA.callbackPath, {}],
        [`${GLOBAL_URL}/00000000-0000-4000-8000-000000000000`, good],
        [`${GLOBAL_URL}/not-a-uuid`, good],
      ];
      for (const [path, query] of refused) {
        const response = await verify(path, query);
        expect({ path, query, status: response.status }).toEqual({ path, query, status: 403 });
        // An unknown account answers exactly like a wrong token.
        expect(response.body.message).toBe('Webhook verification failed.');
      }
    });

    it('answers the global URL with WHATSAPP_WEBHOOK_VERIFY_TOKEN only', async () => {
      const ok = await verify(GLOBAL_URL, {
        'hub.mode': 'subscribe',
        'hub.challenge': 'abc',
        'hub.verify_token': GLOBAL_TOKEN,
      }).expect(200);
      expect(ok.text).toBe('abc');
      await verify(GLOBAL_URL, {
        'hub.mode': 'subscribe',
        'hub.challenge': 'abc',
        'hub.verify_token': accountA.verifyToken,
      }).expect(403);
    });

    it('passes the handshake Meta runs when the callback URL is set (simulator)', async () => {
      const response = await fetch(`${simulator.url}/_sim/webhooks/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `${baseUrl}${accountA.callbackPath}`,
          verify_token: accountA.verifyToken,
        }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true });
    });
  });

  describe('signature', () => {
    let raw: string;
    beforeAll(() => {
      raw = JSON.stringify(
        messagesWebhook(numberA, {
          statuses: [status('wamid.never-stored', 'sent', 1_750_000_000)],
        }),
      );
    });

    it('checks the next delivery with an app secret replaced through the API, even right after a delivery', async () => {
      const number = addNumber(simulator);
      const account = await connectAccount(t, adminA, number);
      const body = messagesWebhook(number, {});
      // The first delivery puts the account (and its secret) in the short-lived cache.
      await postSigned(t, account.callbackPath, body, number.app_secret).expect(200);
      const replaced = 'replaced-app-secret-0123456789abcdef';
      await t.http
        .patch(`/api/whatsapp/accounts/${account.id}`)
        .set(adminA.auth)
        .send({ app_secret: replaced })
        .expect(200);
      await postSigned(t, account.callbackPath, body, number.app_secret).expect(401);
      await postSigned(t, account.callbackPath, body, replaced).expect(200);
    });

    it('answers 401 and stores nothing for a missing, wrong or foreign signature', async () => {
      const before = await storedEvents();
      const attempts = [
        t.http.post(accountA.callbackPath).set('Content-Type', 'application/json').send(raw),
        t.http
          .post(accountA.callbackPath)
          .set('Content-Type', 'application/json')
          .set('X-Hub-Signature-256', 'sha256=deadbeef')
          .send(raw),
        t.http
          .post(accountA.callbackPath)
          .set('Content-Type', 'application/json')
          .set(
            'X-Hub-Signature-256',
            signature256(raw, numberA.app_secret).replace('sha256=', 'sha1='),
          )
          .send(raw),
        // The account has its own app secret: the global one does not apply to it.
        postToA(raw, GLOBAL_SECRET),
        postToA(raw, 'someone-else'),
        // Signed over other bytes (re-serialised JSON, a changed value).
        postToA(raw.replace('never-stored', 'never-stored-2')).set(
          'X-Hub-Signature-256',
          signature256(raw, numberA.app_secret),
        ),
        // The global URL checks WHATSAPP_APP_SECRET, not an account's secret.
        postSigned(t, GLOBAL_URL, raw, numberA.app_secret),
        // An unknown account answers like a wrong signature.
        postSigned(t, `${GLOBAL_URL}/00000000-0000-4000-8000-000000000000`, raw, GLOBAL_SECRET),
        postSigned(t, `${GLOBAL_URL}/not-a-uuid`, raw, GLOBAL_SECRET),
      ];
      for (const [index, attempt] of attempts.entries()) {
        const response = await attempt;
        expect({ index, status: response.status }).toEqual({ index, status: 401 });
        expect(response.body).toMatchObject({
          status_code: 401,
          message: 'The X-Hub-Signature-256 signature is missing or wrong.',
        });
      }
      expect(await storedEvents()).toBe(before);
    });

    it('accepts the account secret on its URL, WHATSAPP_APP_SECRET on the global URL and for accounts without one', async () => {
      const before = await storedEvents();
      await postToA(raw).expect(200);
      await postSigned(t, GLOBAL_URL, raw, GLOBAL_SECRET).expect(200);
      await postSigned(t, accountB.callbackPath, raw, GLOBAL_SECRET).expect(200);
      expect(await storedEvents()).toBe(before + 3);
      await settle(t);
    });

    it('verifies the exact bytes Meta sends (escaped non-ASCII and slashes)', async () => {
      // Meta's serialisation: "café / ok" as "caf\u00e9 \/ ok". Parsing and re-serialising
      // would give other bytes; the signature is over these.
      const id = wamid();
      const escaped = JSON.stringify(
        messagesWebhook(numberA, {
          contacts: [{ profile: { name: 'Zoë' }, wa_id: CUSTOMER }],
          messages: [
            {
              from: CUSTOMER,
              id,
              timestamp: '1750000000',
              type: 'text',
              text: { body: 'café / ok' },
            },
          ],
        }),
      )
        .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .replace(/\//g, '\\/');
      await postToA(escaped).expect(200);
      await settle(t);
      const [row] = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(row?.previewText).toBe('café / ok');
    });
  });

  describe('malformed bodies', () => {
    it('answers 400 for malformed JSON, signed or not (the JSON syntax is checked first), and stores nothing', async () => {
      const before = await storedEvents();
      const malformed = '{"object":"whatsapp_business_account","entry":[';
      const unsigned = await t.http
        .post(accountA.callbackPath)
        .set('Content-Type', 'application/json')
        .send(malformed)
        .expect(400);
      expect(unsigned.body.status_code).toBe(400);
      await postToA(malformed).expect(400);
      await postSigned(t, GLOBAL_URL, malformed, GLOBAL_SECRET).expect(400);
      // Valid JSON, but not an object.
      const notObject = await postToA('[1,2]').expect(400);
      expect(notObject.body.message).toBe('The webhook body must be a JSON object.');
      await postToA('"text"').expect(400);
      // Not JSON at all.
      await t.http
        .post(accountA.callbackPath)
        .set('Content-Type', 'text/plain')
        .set('X-Hub-Signature-256', signature256('hello', numberA.app_secret))
        .send('hello')
        .expect(400);
      expect(await storedEvents()).toBe(before);
    });
  });

  describe('statuses', () => {
    it('ends right whatever the order, with every status twice: one timeline entry per status', async () => {
      const id = wamid();
      const message = await outbound(adminA.organizationId, accountA, numberA, id);
      const t0 = 1_750_000_000;
      // Read first, then delivered, then sent, each delivered twice; then one batch repeating all.
      const order = [
        status(id, 'read', t0 + 30),
        status(id, 'delivered', t0 + 20),
        status(id, 'read', t0 + 30),
        status(id, 'sent', t0 + 10, { pricing: { billable: false, pricing_model: 'PMP' } }),
        status(id, 'delivered', t0 + 20),
        status(id, 'sent', t0 + 10),
      ];
      for (const s of order) await postToA(messagesWebhook(numberA, { statuses: [s] })).expect(200);
      await postToA(messagesWebhook(numberA, { statuses: order })).expect(200);
      await settle(t);

      const row = await messageOf(message.id);
      expect(row).toMatchObject({ status: 'read', waMessageId: id });
      expect(row.sentAt?.getTime()).toBe((t0 + 10) * 1000);
      expect(row.deliveredAt?.getTime()).toBe((t0 + 20) * 1000);
      expect(row.readAt?.getTime()).toBe((t0 + 30) * 1000);
      expect(row.pricing).toEqual({ billable: false, pricing_model: 'PMP' });
      expect((await timelineOf(message.id)).map((e) => e.status)).toEqual([
        'sent',
        'delivered',
        'read',
      ]);
    });

    it('keeps failed terminal when delivered arrives after it', async () => {
      const id = wamid();
      const message = await outbound(adminA.organizationId, accountA, numberA, id);
      const t0 = 1_750_000_100;
      const failed = status(id, 'failed', t0 + 5, {
        errors: [
          {
            code: 131026,
            title: 'Message undeliverable',
            message: 'Message undeliverable',
            error_data: { details: 'Not on WhatsApp' },
          },
        ],
      });
      for (const s of [failed, status(id, 'delivered', t0 + 9), failed, status(id, 'sent', t0)]) {
        await postToA(messagesWebhook(numberA, { statuses: [s] })).expect(200);
      }
      await settle(t);
      const row = await messageOf(message.id);
      expect(row.status).toBe('failed');
      expect(row.error).toMatchObject({ code: 131026, source: 'webhook' });
      expect(row.failedAt?.getTime()).toBe((t0 + 5) * 1000);
      expect((await timelineOf(message.id)).map((e) => e.status).sort()).toEqual([
        'delivered',
        'failed',
        'sent',
      ]);
    });

    it('parks statuses that arrive before the message row and applies them when it appears', async () => {
      const repository = t.app.get(MessagesRepository);
      const parkedBefore = await repository.countOrphans(adminA.organizationId);
      const id = wamid();
      const t0 = 1_750_000_200;
      await postToA(
        messagesWebhook(numberA, {
          statuses: [status(id, 'read', t0 + 2), status(id, 'delivered', t0 + 1)],
        }),
      ).expect(200);
      await postToA(
        messagesWebhook(numberA, { statuses: [status(id, 'delivered', t0 + 1)] }),
      ).expect(200);
      await settle(t);
      expect(await repository.countOrphans(adminA.organizationId)).toBe(parkedBefore + 2);
      expect(await t.db.select().from(messages).where(eq(messages.waMessageId, id))).toEqual([]);

      // The send pipeline's write lands late: it reconciles in its transaction.
      const message = await outbound(adminA.organizationId, accountA, numberA, id);
      const reconciled = await repository.transaction(async (tx) => {
        const locked = await repository.findForUpdate(adminA.organizationId, message.id, tx);
        return t.app.get(StatusApplier).reconcile(locked!, tx);
      });
      expect(reconciled.status).toBe('read');
      expect(await repository.countOrphans(adminA.organizationId)).toBe(parkedBefore);
      expect((await timelineOf(message.id)).map((e) => e.status)).toEqual(['delivered', 'read']);
    });

    it('matches a status to its message by biz_opaque_callback_data before the wamid is known', async () => {
      const message = await outbound(adminA.organizationId, accountA, numberA, null);
      const id = wamid();
      await postToA(
        messagesWebhook(numberA, {
          statuses: [status(id, 'sent', 1_750_000_300, { biz_opaque_callback_data: message.id })],
        }),
      ).expect(200);
      await settle(t);
      expect(await messageOf(message.id)).toMatchObject({ status: 'sent', waMessageId: id });
    });

    it('applies signed status webhooks the simulator sends in reverse order and twice', async () => {
      const number = addNumber(simulator, {});
      const account = await connectAccount(t, adminA, number);
      simulator.updateAccount(number.phone_number_id, {
        webhook_url: `${baseUrl}${account.callbackPath}`,
        service_window: 'off',
        shuffle_statuses: true,
        duplicate_statuses: true,
        // Long enough for the message row to be written first (see the parking test otherwise).
        status_delays_ms: { sent: 300, delivered: 350, read: 400 },
      });
      const sent = await fetch(`${simulator.url}/v23.0/${number.phone_number_id}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${number.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          to: `+${CUSTOMER}`,
          type: 'text',
          text: { body: 'Hello' },
        }),
      });
      const id = ((await sent.json()) as { messages: Array<{ id: string }> }).messages[0]!.id;
      const message = await outbound(adminA.organizationId, account, number, id);
      await simulator.idle();
      await settle(t);
      const deliveries = simulator.webhooks({ wamid: id, kind: 'status' });
      expect(deliveries.length).toBe(6);
      expect(deliveries.every((d) => d.status_code === 200)).toBe(true);
      expect(await messageOf(message.id)).toMatchObject({ status: 'read' });
      expect((await timelineOf(message.id)).map((e) => e.status).sort()).toEqual([
        'delivered',
        'read',
        'sent',
      ]);
    });
    it('a real conversation: the customer writes, the business answers through the API, statuses come back shuffled and twice', async () => {
      const number = addNumber(simulator);
      const account = await connectAccount(t, adminA, number);
      simulator.updateAccount(number.phone_number_id, {
        webhook_url: `${baseUrl}${account.callbackPath}`,
        shuffle_statuses: true,
        duplicate_statuses: true,
        // Statuses may race the send's own write: they find the row by biz_opaque_callback_data.
        status_delays_ms: { sent: 0, delivered: 5, read: 10 },
      });
      const customer = '+15550104321';
      // The inbound webhook opens the 24-hour window the send checks.
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: customer,
        profile_name: 'Eve',
        type: 'text',
        text: 'Where is my order?',
      });
      await simulator.idle();
      await settle(t);
      const sent = await t.http
        .post('/api/whatsapp/messages')
        .set(adminA.auth)
        .send({
          account_id: account.id,
          to: customer,
          message_type: 'text',
          text: 'On its way!',
        })
        .expect(201);
      await simulator.idle();
      await settle(t);
      expect(await messageOf(sent.body.id)).toMatchObject({
        status: 'read',
        waMessageId: sent.body.wa_message_id,
      });
      expect((await timelineOf(sent.body.id)).map((e) => e.status).sort()).toEqual([
        'delivered',
        'queued',
        'read',
        'sent',
      ]);
    });
  });

  describe('routing and tenancy', () => {
    const inbound = (id: string, from = CUSTOMER) => ({
      contacts: [{ profile: { name: 'Ana' }, wa_id: from }],
      messages: [{ from, id, timestamp: '1750000000', type: 'text', text: { body: 'hi' } }],
    });
    const messagesOfOrg = async (organizationId: string) =>
      t.db.select().from(messages).where(eq(messages.organizationId, organizationId));

    it('answers 200 for an unknown phone_number_id, ignores it and logs a warning', async () => {
      const before = t.logs.length;
      const id = wamid();
      await postSigned(
        t,
        GLOBAL_URL,
        messagesWebhook({ phone_number_id: '109999999999', waba_id: '209999999999' }, inbound(id)),
        GLOBAL_SECRET,
      ).expect(200);
      await settle(t);
      expect(await t.db.select().from(messages).where(eq(messages.waMessageId, id))).toEqual([]);
      const warning = t.logs
        .slice(before)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line['phone_number_id'] === '109999999999');
      expect(warning).toMatchObject({
        level: 40,
        msg: 'Webhook for a phone_number_id that is not connected: ignored',
      });
      const [event] = await t.db
        .select()
        .from(webhookEvents)
        .orderBy(asc(webhookEvents.id))
        .limit(1)
        .offset((await storedEvents()) - 1);
      expect(event).toMatchObject({ lastError: null });
      expect(event?.processedAt).not.toBeNull();
    });

    it("routes the global URL by phone_number_id: org A's number lands in org A only", async () => {
      const beforeB = (await messagesOfOrg(adminB.organizationId)).length;
      const id = wamid();
      await postSigned(t, GLOBAL_URL, messagesWebhook(numberA, inbound(id)), GLOBAL_SECRET).expect(
        200,
      );
      await settle(t);
      const [row] = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(row).toMatchObject({
        organizationId: adminA.organizationId,
        accountId: accountA.id,
      });
      expect((await messagesOfOrg(adminB.organizationId)).length).toBe(beforeB);
    });

    it("never lets org A's URL touch org B's number, messages or statuses", async () => {
      const theirs = wamid();
      const messageB = await outbound(adminB.organizationId, accountB, numberB, theirs);
      const beforeB = (await messagesOfOrg(adminB.organizationId)).length;
      const before = t.logs.length;
      const id = wamid();
      // Signed with A's secret, naming B's number: ignored.
      await postToA(messagesWebhook(numberB, inbound(id))).expect(200);
      await postToA(
        messagesWebhook(numberB, { statuses: [status(theirs, 'read', 1_750_000_400)] }),
      ).expect(200);
      // Naming A's own number, but B's wamid: it can only ever be parked in A.
      await postToA(
        messagesWebhook(numberA, { statuses: [status(theirs, 'delivered', 1_750_000_401)] }),
      ).expect(200);
      await settle(t);

      expect(await t.db.select().from(messages).where(eq(messages.waMessageId, id))).toEqual([]);
      expect((await messagesOfOrg(adminB.organizationId)).length).toBe(beforeB);
      expect(await messageOf(messageB.id)).toMatchObject({ status: 'queued', deliveredAt: null });
      expect(await timelineOf(messageB.id)).toEqual([]);
      const orphans = await t.db
        .select()
        .from(orphanStatuses)
        .where(eq(orphanStatuses.waMessageId, theirs));
      expect(orphans.map((o) => o.organizationId)).toEqual([adminA.organizationId]);
      expect(
        t.logs
          .slice(before)
          .some((line) =>
            line.includes("Webhook on an account's URL for a number of another organization"),
          ),
      ).toBe(true);
    });
  });

  describe('business account updates', () => {
    it('applies template status updates the simulator sends, in the right organization', async () => {
      const template = simulator.addTemplate({
        waba_id: numberA.waba_id,
        name: 'order_update',
        language: 'en_US',
        category: 'UTILITY',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: 'Your order shipped' }],
      });
      simulator.updateAccount(numberA.phone_number_id, {
        webhook_url: `${baseUrl}${accountA.callbackPath}`,
      });
      const row = {
        wabaId: numberA.waba_id,
        metaTemplateId: template.id,
        name: 'order_update',
        language: 'en_US',
        category: 'UTILITY',
        status: 'APPROVED',
        components: [],
      };
      const [mine] = await t.db
        .insert(messageTemplates)
        .values({ ...row, organizationId: adminA.organizationId })
        .returning();
      // Another organization with a copy of the same template id is never touched from A's URL.
      const [theirs] = await t.db
        .insert(messageTemplates)
        .values({ ...row, organizationId: adminB.organizationId })
        .returning();

      simulator.setTemplateStatus(template.id, 'PAUSED', 'LOW_QUALITY');
      await simulator.idle();
      await settle(t);
      const after = async (id: string) =>
        (await t.db.select().from(messageTemplates).where(eq(messageTemplates.id, id)))[0]!;
      expect(await after(mine!.id)).toMatchObject({ status: 'PAUSED' });
      expect((await after(mine!.id)).statusReason).toMatch(/LOW_QUALITY/);
      expect(await after(theirs!.id)).toMatchObject({ status: 'APPROVED', statusReason: null });

      // By hand: a rejection with Meta's reason; REINSTATED makes it APPROVED again.
      await postToA(
        accountWebhook(numberA.waba_id, 'message_template_status_update', {
          event: 'REJECTED',
          message_template_id: Number(template.id),
          message_template_name: 'order_update',
          message_template_language: 'en_US',
          reason: 'INCORRECT_CATEGORY',
        }),
      ).expect(200);
      await settle(t);
      expect(await after(mine!.id)).toMatchObject({
        status: 'REJECTED',
        statusReason: 'INCORRECT_CATEGORY',
      });
      await postToA(
        accountWebhook(numberA.waba_id, 'message_template_status_update', {
          event: 'REINSTATED',
          message_template_id: Number(template.id),
          reason: 'NONE',
        }),
      ).expect(200);
      await settle(t);
      expect(await after(mine!.id)).toMatchObject({ status: 'APPROVED', statusReason: null });
    });

    it("applies phone number quality updates to the account's quality, throughput and limit", async () => {
      const display = (
        await t.db.select().from(whatsappAccounts).where(eq(whatsappAccounts.id, accountA.id))
      )[0]!.displayPhoneNumber!.replace(/\D/g, '');
      const update = (value: Record<string, unknown>) =>
        postToA(
          accountWebhook(numberA.waba_id, 'phone_number_quality_update', {
            display_phone_number: display,
            ...value,
          }),
        ).expect(200);
      await update({ event: 'DOWNGRADE', old_limit: 'TIER_2K', current_limit: 'TIER_250' });
      await update({ event: 'FLAGGED', current_limit: 'TIER_250' });
      await settle(t);
      let account = await t.http
        .get(`/api/whatsapp/accounts/${accountA.id}`)
        .set(adminA.auth)
        .expect(200);
      expect(account.body).toMatchObject({ quality_rating: 'RED', messaging_limit: 'TIER_250' });

      await update({
        event: 'THROUGHPUT_UPGRADE',
        current_limit: 'TIER_UNLIMITED',
        max_daily_conversations_per_business: 'TIER_10K',
      });
      await settle(t);
      account = await t.http.get(`/api/whatsapp/accounts/${accountA.id}`).set(adminA.auth);
      expect(account.body).toMatchObject({ throughput_level: 'HIGH', messaging_limit: 'TIER_10K' });

      // B's account is untouched by A's URL.
      const other = await t.http
        .get(`/api/whatsapp/accounts/${accountB.id}`)
        .set(adminB.auth)
        .expect(200);
      expect(other.body.quality_rating).toBe('GREEN');
    });
  });

  describe('the inbox', () => {
    it('stores unknown fields and types and ignores them without an error', async () => {
      const before = await storedEvents();
      const id = wamid();
      await postToA(
        accountWebhook(numberA.waba_id, 'account_alerts', { alert: 'something' }),
      ).expect(200);
      await postToA({ object: 'page', entry: 'not-an-array' }).expect(200);
      await postToA(
        messagesWebhook(numberA, {
          contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
          messages: [
            { from: CUSTOMER, id, timestamp: '1750000000', type: 'hologram', hologram: {} },
          ],
          statuses: [{ id: wamid(), status: 'deleted', timestamp: '1750000000' }],
        }),
      ).expect(200);
      await settle(t);
      const rows = await eventsSince(before);
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row).toMatchObject({ lastError: null, attempts: 1 });
      const [stored] = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(stored).toMatchObject({ messageType: 'hologram', previewText: '' });
    });

    it('stores a burst of deliveries; one the database cannot take is refused alone (503) and the rest are stored', async () => {
      const before = await storedEvents();
      const good = Array.from({ length: 10 }, (_, i) =>
        messagesWebhook(numberA, {
          contacts: [{ profile: { name: `Burst ${i}` }, wa_id: CUSTOMER }],
          messages: [
            {
              from: CUSTOMER,
              id: wamid(),
              timestamp: '1750000000',
              type: 'text',
              text: { body: `burst ${i}` },
            },
          ],
        }),
      );
      // A delivery this database refuses (a constraint added for the test): any refusal that
      // is not the database being unavailable, such as a value a column cannot hold.
      await t.db.execute(
        sql`ALTER TABLE webhook_events ADD CONSTRAINT refuse_marked CHECK (NOT payload ? 'refuse_me')`,
      );
      const unstorable = JSON.stringify({ ...messagesWebhook(numberA, {}), refuse_me: true });
      // Writes wait behind a table lock, so the deliveries queue up and are written as a group.
      const inbox = t.app.get(WebhookInbox);
      let answers!: Promise<number[]>;
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`LOCK TABLE webhook_events IN EXCLUSIVE MODE`);
        const goodAnswers = good.map((body) => postToA(body).then((res) => res.status));
        await waitFor('the good deliveries to queue', () => inbox.deliveriesWaiting === 8);
        const unstorableAnswer = postSigned(
          t,
          accountA.callbackPath,
          unstorable,
          numberA.app_secret,
        ).then((res) => res.status);
        await waitFor('the unstorable delivery to queue', () => inbox.deliveriesWaiting === 9);
        answers = Promise.all([...goodAnswers, unstorableAnswer]);
      });
      expect(await answers).toEqual([...good.map(() => 200), 503]);
      await t.db.execute(sql`ALTER TABLE webhook_events DROP CONSTRAINT refuse_marked`);
      await settle(t);
      const rows = await eventsSince(before);
      expect(rows).toHaveLength(10);
      expect(rows.map((row) => row.payload)).toEqual(expect.arrayContaining(good));
    });

    it('drops U+0000 characters, which PostgreSQL cannot store, and keeps the rest of the delivery', async () => {
      const id = wamid();
      await postToA(
        messagesWebhook(numberA, {
          contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
          messages: [
            {
              from: CUSTOMER,
              id,
              timestamp: '1750000000',
              type: 'text',
              text: { body: 'a\u0000b' },
            },
          ],
        }),
      ).expect(200);
      await settle(t);
      const [stored] = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(stored).toMatchObject({ previewText: 'ab' });
    });

    it('logs system-level errors of a number', async () => {
      const before = t.logs.length;
      await postToA(
        messagesWebhook(numberA, {
          errors: [
            {
              code: 131000,
              title: 'Something went wrong',
              message: 'Something went wrong',
              error_data: { details: 'Unknown error' },
            },
          ],
        }),
      ).expect(200);
      await settle(t);
      const line = t.logs
        .slice(before)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l['msg'] === 'WhatsApp reported an error for this number');
      expect(line).toMatchObject({
        code: 131000,
        details: 'Unknown error',
        account_id: accountA.id,
      });
    });

    it('applies the rest of a batch when one item cannot be applied, and records the problem', async () => {
      const good = wamid();
      const broken = wamid();
      await outbound(adminA.organizationId, accountA, numberA, broken);
      const before = await storedEvents();
      await postToA(
        messagesWebhook(numberA, {
          contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
          // A status with an impossible timestamp: that item alone fails.
          statuses: [status(broken, 'sent', 1e20)],
          messages: [
            {
              from: CUSTOMER,
              id: good,
              timestamp: '1750000000',
              type: 'text',
              text: { body: 'ok' },
            },
          ],
        }),
      ).expect(200);
      await settle(t);
      expect(await t.db.select().from(messages).where(eq(messages.waMessageId, good))).toHaveLength(
        1,
      );
      const [event] = await eventsSince(before);
      expect(event?.processedAt).not.toBeNull();
      expect(event?.lastError).toMatch(/^status wamid\./);
    });

    it('applies a burst of deliveries, and one bad delivery among them holds none of the others back', async () => {
      // Deliveries that arrive together are applied together; a failing item rolls that batch
      // back and its events are applied one by one.
      const good = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const id = wamid();
          return { id, message: await outbound(adminA.organizationId, accountA, numberA, id) };
        }),
      );
      const broken = wamid();
      await outbound(adminA.organizationId, accountA, numberA, broken);
      const before = await storedEvents();
      await Promise.all([
        ...good.map(({ id }) =>
          postToA(messagesWebhook(numberA, { statuses: [status(id, 'delivered', 1750000100)] }))
            .expect(200)
            .then(() => undefined),
        ),
        postToA(messagesWebhook(numberA, { statuses: [status(broken, 'delivered', 1e20)] }))
          .expect(200)
          .then(() => undefined),
      ]);
      await settle(t);
      for (const { message } of good) {
        expect(await messageOf(message.id)).toMatchObject({ status: 'delivered' });
        expect(await timelineOf(message.id)).toHaveLength(1);
      }
      const events = await eventsSince(before);
      expect(events).toHaveLength(13);
      expect(events.every((event) => event.processedAt !== null)).toBe(true);
      const withProblems = events.filter((event) => event.lastError !== null);
      expect(withProblems).toHaveLength(1);
      expect(withProblems[0]?.lastError).toContain(broken);
    });

    it('retries an event whose transaction failed, with backoff, and applies it once', async () => {
      // Marking events processed fails for a while (as a full disk or a failover would).
      await t.db.execute(
        sql`ALTER TABLE webhook_events ADD CONSTRAINT hold_processing CHECK (processed_at IS NULL) NOT VALID`,
      );
      const id = wamid();
      try {
        await postToA(
          messagesWebhook(numberA, {
            contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
            messages: [
              {
                from: CUSTOMER,
                id,
                timestamp: '1750000000',
                type: 'text',
                text: { body: 'retry me' },
              },
            ],
          }),
        ).expect(200);
        await settle(t);
        const [failed] = await t.db
          .select()
          .from(webhookEvents)
          .orderBy(desc(webhookEvents.id))
          .limit(1);
        expect(failed).toMatchObject({ processedAt: null, attempts: 1 });
        expect(failed?.lastError).toMatch(/hold_processing/);
        // Not before the backoff (WEBHOOK_SWEEP_INTERVAL_MS × 2^0 after the failure).
        expect(failed!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(
          failed!.receivedAt.getTime() + 200,
        );
        // Rolled back with the event: nothing half-applied.
        expect(await t.db.select().from(messages).where(eq(messages.waMessageId, id))).toEqual([]);
      } finally {
        await t.db.execute(sql`ALTER TABLE webhook_events DROP CONSTRAINT hold_processing`);
      }
      const [message] = await waitFor('the sweep job to retry the event', async () => {
        const rows = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
        return rows.length > 0 ? rows : undefined;
      });
      await settle(t);
      const [event] = await t.db
        .select()
        .from(webhookEvents)
        .orderBy(desc(webhookEvents.id))
        .limit(1);
      expect(event?.processedAt).not.toBeNull();
      expect(event?.attempts).toBe(2);
      const [contact] = await t.db
        .select()
        .from(contacts)
        .where(eq(contacts.id, message!.contactId));
      expect(contact?.lastInboundAt?.getTime()).toBe(1750000000 * 1000);
    });

    it('applies a delivery another instance acknowledged but was killed before applying, through the sweep job', async () => {
      const other = await startInstance(t.config);
      const jobs = t.app.get(JobQueue);
      const id = wamid();
      try {
        // Its start's sweep (which looks one grace ahead) has run: only the periodic one is left.
        await waitFor('the start sweep of the new instance', async () =>
          (await jobs.find(SWEEP_QUEUE, 'start')).every(
            (job) => !['created', 'retry', 'active'].includes(job.state),
          ),
        );
        // The other instance dies right after its 200: the delivery is stored, never applied.
        const otherInbox = other.app.get(WebhookInbox);
        otherInbox.applySoon = () => undefined;
        const raw = JSON.stringify(
          messagesWebhook(numberA, {
            contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
            messages: [
              {
                from: CUSTOMER,
                id,
                timestamp: '1750000000',
                type: 'text',
                text: { body: 'orphan' },
              },
            ],
          }),
        );
        const answer = await fetch(`${other.url}${accountA.callbackPath}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signature256(raw, numberA.app_secret),
          },
          body: raw,
        });
        expect(answer.status).toBe(200);
      } finally {
        await other.close();
      }
      const [stored] = await t.db
        .select()
        .from(webhookEvents)
        .orderBy(desc(webhookEvents.id))
        .limit(1);
      expect(stored?.payload).toMatchObject({
        entry: [{ changes: [{ value: { messages: [{ id }] } }] }],
      });
      // A periodic pg-boss sweep job applies it once its grace (200 ms) is over, once.
      const applied = await waitFor('the sweep job to apply the orphaned delivery', async () => {
        const [event] = await t.db
          .select()
          .from(webhookEvents)
          .where(eq(webhookEvents.id, stored!.id));
        return event?.processedAt ? event : undefined;
      });
      expect(applied.attempts).toBe(1);
      expect(applied.processedAt!.getTime()).toBeGreaterThanOrEqual(
        applied.receivedAt.getTime() + 200,
      );
      const rows = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        organizationId: adminA.organizationId,
        previewText: 'orphan',
      });
      // The periodic sweep is a pg-boss job: one waits for its turn at any time.
      expect(
        (await jobs.find(SWEEP_QUEUE, 'tick')).some((job) =>
          ['created', 'active'].includes(job.state),
        ),
      ).toBe(true);
    });

    it('applies events stored but never applied (a crash) through the sweep job', async () => {
      const id = wamid();
      const [row] = await t.db
        .insert(webhookEvents)
        .values({
          accountId: accountA.id,
          payload: messagesWebhook(numberA, {
            contacts: [{ profile: { name: 'Ana' }, wa_id: CUSTOMER }],
            messages: [
              { from: CUSTOMER, id, timestamp: '1750000000', type: 'text', text: { body: 'late' } },
            ],
          }),
          receivedAt: new Date(Date.now() - 60_000),
        })
        .returning();
      const stored = await waitFor('the sweep job to apply the event', async () => {
        const [event] = await t.db
          .select()
          .from(webhookEvents)
          .where(eq(webhookEvents.id, row!.id));
        return event?.processedAt ? event : undefined;
      });
      expect(stored.attempts).toBe(1);
      const [message] = await t.db.select().from(messages).where(eq(messages.waMessageId, id));
      expect(message).toMatchObject({ organizationId: adminA.organizationId, previewText: 'late' });
      const [contact] = await t.db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.organizationId, adminA.organizationId),
            eq(contacts.id, message!.contactId),
          ),
        );
      expect(contact?.lastInboundAt).not.toBeNull();
    });
  });
});
