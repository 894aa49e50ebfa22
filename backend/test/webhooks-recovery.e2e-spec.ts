import { and, count, eq, inArray, isNull, sql, sum } from 'drizzle-orm';
import { contacts, messages, messageStatusEvents, webhookEvents } from '../src/database/schema.js';
import { ContactsRepository } from '../src/contacts/contacts.repository.js';
import { MessagesRepository } from '../src/messages/messages.repository.js';
import { WebhookInbox } from '../src/webhooks/webhook-inbox.service.js';
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
import {
  type ConnectedAccount,
  connectAccount,
  messagesWebhook,
  waitFor,
} from './support/webhooks.js';

/** Grace and first retry delay; long, so that no timer tick sweeps behind a test's back. */
const SWEEP_INTERVAL_MS = 60_000;
const CUSTOMERS = ['16505550201', '16505550202', '16505550203', '16505550204'];

/**
 * Recovery of the durable inbox: what a crash, a restart or a failure leaves stored but
 * unapplied is applied by the sweep, in batches until none is due, once per event however
 * many instances sweep the same database.
 */
describe('webhook inbox recovery (the sweep)', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;
  let run = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, { WEBHOOK_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS) }),
    );
    admin = await registerAdmin(t, { organization: 'Recovery Org' });
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  interface Backlog {
    /** The wamids of the inbound messages in it. */
    readonly inbound: string[];
    /** The outbound messages its statuses (delivered, then read) are about. */
    readonly outbound: string[];
    readonly eventIds: number[];
  }

  /**
   * Stores `size` unapplied deliveries as the inbox does, as a crash leaves them: two thirds
   * customers writing in (unique wamids), one third delivered and read statuses of sent
   * messages. `dueInMs` < 0: past their grace; > 0: still inside it (stored just before).
   */
  async function storeBacklog(size: number, dueInMs: number): Promise<Backlog> {
    const tag = `wamid.BACKLOG${++run}x`;
    const contact = await t.app.get(ContactsRepository).upsert({
      organizationId: admin.organizationId,
      phoneNumberId: number.phone_number_id,
      accountId: account.id,
      waId: CUSTOMERS[0]!,
    });
    const inbound: string[] = [];
    const outbound: string[] = [];
    const payloads: Record<string, unknown>[] = [];
    for (let i = 0; payloads.length < size; i++) {
      if (i % 3 === 2) {
        const wamid = `${tag}out${i}`;
        const row = await t.app.get(MessagesRepository).insert({
          organizationId: admin.organizationId,
          accountId: account.id,
          phoneNumberId: number.phone_number_id,
          contactId: contact.id,
          direction: 'out',
          waMessageId: wamid,
          fromAddress: '+1 555-555-0000',
          toAddress: `+${CUSTOMERS[0]}`,
          messageType: 'text',
          content: { type: 'text', text: { body: 'Your order shipped' } },
          previewText: 'Your order shipped',
          status: 'sent',
        });
        outbound.push(row!.id);
        for (const [status, at] of [
          ['read', 1750000200],
          ['delivered', 1750000100],
        ] as const) {
          if (payloads.length < size) {
            payloads.push(
              messagesWebhook(number, {
                statuses: [
                  { id: wamid, status, timestamp: String(at), recipient_id: CUSTOMERS[0] },
                ],
              }),
            );
          }
        }
      } else {
        const wamid = `${tag}in${i}`;
        const from = CUSTOMERS[i % CUSTOMERS.length]!;
        inbound.push(wamid);
        payloads.push(
          messagesWebhook(number, {
            contacts: [{ profile: { name: 'Ana' }, wa_id: from }],
            messages: [
              { from, id: wamid, timestamp: '1750000000', type: 'text', text: { body: `#${i}` } },
            ],
          }),
        );
      }
    }
    const rows = await t.db
      .insert(webhookEvents)
      .values(
        payloads.map((payload) => ({
          accountId: account.id,
          payload,
          nextAttemptAt: sql`now() + ${dueInMs}::float8 * interval '1 millisecond'`,
        })),
      )
      .returning({ id: webhookEvents.id });
    return { inbound, outbound, eventIds: rows.map((row) => row.id) };
  }

  /** Every event of the backlog applied once: processed after one claim, its effects once. */
  async function expectAppliedOnce(backlog: Backlog, except: number[] = []): Promise<void> {
    const ids = backlog.eventIds.filter((id) => !except.includes(id));
    const events = await t.db
      .select({ processedAt: webhookEvents.processedAt, attempts: webhookEvents.attempts })
      .from(webhookEvents)
      .where(inArray(webhookEvents.id, ids));
    expect(events.filter((e) => e.processedAt === null)).toEqual([]);
    expect(events.filter((e) => e.attempts !== 1)).toEqual([]);
    const [stored] = await t.db
      .select({ n: count() })
      .from(messages)
      .where(inArray(messages.waMessageId, backlog.inbound));
    expect(stored?.n).toBe(backlog.inbound.length);
    // One unread per inbound message: applying one twice would count it twice.
    const [unread] = await t.db
      .select({ n: sum(contacts.unreadCount).mapWith(Number) })
      .from(contacts)
      .where(eq(contacts.organizationId, admin.organizationId));
    expect(unread?.n).toBe(await totalInbound());
    if (backlog.outbound.length > 0) {
      const timelines = await t.db
        .select({ status: messageStatusEvents.status, n: count() })
        .from(messageStatusEvents)
        .where(inArray(messageStatusEvents.messageId, backlog.outbound))
        .groupBy(messageStatusEvents.status);
      for (const { n } of timelines) expect(n).toBe(backlog.outbound.length);
      const notRead = await t.db
        .select({ id: messages.id })
        .from(messages)
        .where(and(inArray(messages.id, backlog.outbound), sql`${messages.status} <> 'read'`));
      expect(notRead).toEqual([]);
    }
  }

  const totalInbound = async () =>
    (
      await t.db
        .select({ n: count() })
        .from(messages)
        .where(and(eq(messages.organizationId, admin.organizationId), eq(messages.direction, 'in')))
    )[0]!.n;

  const unapplied = async (ids: number[]) =>
    (
      await t.db
        .select({ n: count() })
        .from(webhookEvents)
        .where(and(inArray(webhookEvents.id, ids), isNull(webhookEvents.processedAt)))
    )[0]!.n;

  it('drains a backlog of 1,000 due events in one sweep, batch after batch, each applied once', async () => {
    const backlog = await storeBacklog(1000, -1000);

    const applied = await t.app.get(WebhookInbox).sweep();

    expect(applied).toBe(1000);
    await expectAppliedOnce(backlog);
    expect(t.logs.some((line) => /"applied":1000\b.*sweep applied stored events/.test(line))).toBe(
      true,
    );
  });

  it('applies each event once when two instances sweep the same backlog at the same time', async () => {
    const backlog = await storeBacklog(1500, -1000);
    let second: AppInstance | undefined;
    try {
      // The second instance sweeps as it starts, while this one sweeps too.
      const [, started] = await Promise.all([
        t.app.get(WebhookInbox).sweep(),
        startInstance(t.config),
      ]);
      second = started;
      await second.app.get(WebhookInbox).drain();
      await waitFor('both sweeps to finish', async () => (await unapplied(backlog.eventIds)) === 0);
      // A second claim of an event would have counted a second attempt.
      await expectAppliedOnce(backlog);
    } finally {
      await second?.close();
    }
  });

  it('applies the rest of a batch when one event fails, and backs the failing one off', async () => {
    // The database refuses to mark one event applied (as a corrupt row or a full disk would).
    await t.db.execute(sql`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.processed_at IS NOT NULL AND NEW.payload::text LIKE '%POISON%' THEN
          RAISE EXCEPTION 'poisoned event';
        END IF;
        RETURN NEW;
      END $$`);
    await t.db.execute(sql`
      CREATE TRIGGER refuse_poison BEFORE UPDATE ON webhook_events
      FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    try {
      const backlog = await storeBacklog(250, -1000);
      // One in the second batch of 100.
      const poison = backlog.eventIds[150]!;
      await t.db
        .update(webhookEvents)
        .set({ payload: sql`jsonb_set(payload, '{object}', '"POISON"')` })
        .where(eq(webhookEvents.id, poison));
      const inbox = t.app.get(WebhookInbox);

      expect(await inbox.sweep()).toBe(249);

      await expectAppliedOnce({ ...backlog, inbound: [], outbound: [] }, [poison]);
      const [failed] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, poison));
      expect(failed).toMatchObject({ processedAt: null, attempts: 1 });
      expect(failed?.lastError).toContain('poisoned event');
      // Not due again before its backoff (the sweep interval × 2^0): the next sweep leaves it.
      expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + SWEEP_INTERVAL_MS / 2);
      expect(await inbox.sweep()).toBe(0);
    } finally {
      // Not left for the next test's sweeps.
      await t.db.execute(sql`DELETE FROM webhook_events WHERE payload->>'object' = 'POISON'`);
      await t.db.execute(sql`DROP TRIGGER refuse_poison ON webhook_events`);
      await t.db.execute(sql`DROP FUNCTION refuse_poison()`);
    }
  });

  it('applies events a crash left inside their grace as soon as an instance starts, not a grace later', async () => {
    // Stored just before a crash: other instances' ticks leave them to the instance that stored them.
    const backlog = await storeBacklog(300, SWEEP_INTERVAL_MS);
    expect(await t.app.get(WebhookInbox).sweep()).toBe(0);

    const restarted = await startInstance(t.config);
    try {
      await waitFor(
        'the new instance to apply the stranded events',
        async () => (await unapplied(backlog.eventIds)) === 0,
      );
      await restarted.app.get(WebhookInbox).drain();
      await expectAppliedOnce(backlog);
      // (Nest's loggers are process-wide: in-process instances share one log.)
      expect(
        [...t.logs, ...restarted.logs].some((line) =>
          /"applied":300\b.*sweep applied stored events/.test(line),
        ),
      ).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('leaves events that failed too often for an operator', async () => {
    const backlog = await storeBacklog(3, -1000);
    await t.db
      .update(webhookEvents)
      .set({ attempts: 10 })
      .where(eq(webhookEvents.id, backlog.eventIds[0]!));

    expect(await t.app.get(WebhookInbox).sweep()).toBe(2);
    expect(await unapplied([backlog.eventIds[0]!])).toBe(1);
    const [left] = await t.db
      .select({ n: count() })
      .from(messages)
      .where(eq(messages.waMessageId, backlog.inbound[0]!));
    expect(left?.n).toBe(0);
  });
});
