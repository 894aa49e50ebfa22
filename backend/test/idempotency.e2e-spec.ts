import { eq } from 'drizzle-orm';
import { messages } from '../src/database/schema.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, listen, settle, waitFor } from './support/webhooks.js';

const CUSTOMER = '+15550101234';
/** The simulator accepts messages to this number, then reports them failed (131026). */
const FAILS_AFTER_SEND = '+15550109999';
/** The simulator refuses messages to numbers ending in 0000 (131026). */
const UNDELIVERABLE = '+15550100000';

/**
 * A retried send with the same Idempotency-Key answers exactly what the first request answered
 * (status and body; only request_id differs), whatever happened to the message since, and never
 * calls Meta again.
 */
describe('Idempotency-Key replays', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_MAX_RETRIES: '0' }));
    const baseUrl = await listen(t);
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    const account = await connectAccount(t, admin, number);
    accountId = account.id;
    // Meta's statuses come back to this backend as signed webhooks, quickly.
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
      status_delays_ms: { sent: 5, delivered: 10, read: 15 },
      fail_after_send: { [FAILS_AFTER_SEND]: 131026 },
    });
    // The customers write first: the 24-hour window is open for free-form text.
    for (const phone of [CUSTOMER, FAILS_AFTER_SEND, UNDELIVERABLE]) {
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: phone.slice(1),
        type: 'text',
        text: { body: 'Hello!' },
      });
    }
    await waitFor('the customers’ messages', async () => {
      await settle(t);
      const rows = await t.db.select().from(messages).where(eq(messages.direction, 'in'));
      return rows.length === 3;
    });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const send = (to: string, text: string, key: string) =>
    t.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .set('Idempotency-Key', key)
      .send({ account_id: accountId, to, message_type: 'text', text });
  /** How many messages to `to` reached Meta. */
  const sentTo = (to: string) =>
    simulator.sent(number.phone_number_id).filter((sent) => sent.body['to'] === to).length;
  const statusOf = async (id: string) =>
    (await t.db.select().from(messages).where(eq(messages.id, id)))[0]?.status;
  /** Waits until Meta's status webhooks have moved the message to `status`. */
  const until = (id: string, status: string) =>
    waitFor(`message ${id} to be ${status}`, async () => {
      await settle(t);
      return (await statusOf(id)) === status;
    });

  it('answers the first 201 again after a failed status arrived', async () => {
    const key = `failed-later-${Date.now()}`;
    const first = await send(FAILS_AFTER_SEND, 'Your order shipped', key).expect(201);
    expect(first.body).toMatchObject({ status: 'sent', error: null });
    await until(first.body.id, 'failed');

    const again = await send(FAILS_AFTER_SEND, 'Your order shipped', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(sentTo(FAILS_AFTER_SEND)).toBe(1);
  });

  it('answers the first 201 again after the message was delivered and read', async () => {
    const key = `read-later-${Date.now()}`;
    const first = await send(CUSTOMER, 'See you soon', key).expect(201);
    await until(first.body.id, 'read');
    const before = sentTo(CUSTOMER);

    const again = await send(CUSTOMER, 'See you soon', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(sentTo(CUSTOMER)).toBe(before);
  });

  it('answers the first 422 again when Meta refused the message, without asking Meta again', async () => {
    const key = `refused-${Date.now()}`;
    const first = await send(UNDELIVERABLE, 'Hello there', key).expect(422);
    expect(first.body).toMatchObject({
      message_id: expect.any(String),
      meta_error: { code: 131026, title: 'Message undeliverable', retryable: false },
    });
    expect(first.body.message).not.toMatch(/undefined/);
    const calls = sentTo(UNDELIVERABLE);

    const again = await send(UNDELIVERABLE, 'Hello there', key).expect(422);
    const { request_id: firstRequest, ...firstAnswer } = first.body;
    const { request_id: againRequest, ...againAnswer } = again.body;
    expect(againAnswer).toEqual(firstAnswer);
    expect(againRequest).not.toBe(firstRequest);
    expect(sentTo(UNDELIVERABLE)).toBe(calls);
  });

  it('answers 502 again for a send Meta could not take: a new attempt needs a new key', async () => {
    const key = `outage-${Date.now()}`;
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: '5xx',
      count: 1,
    });
    const first = await send(CUSTOMER, 'During an outage', key).expect(502);
    expect(first.body.meta_error).toMatchObject({ retryable: true });

    const again = await send(CUSTOMER, 'During an outage', key).expect(502);
    expect(again.body.message).toBe(first.body.message);
    expect(again.body.meta_error).toEqual(first.body.meta_error);
    expect(again.body.message_id).toBe(first.body.message_id);

    await send(CUSTOMER, 'During an outage', `${key}-retry`).expect(201);
  });

  it('answers 202 for a send Meta took too slowly to answer, never sends it twice, and its status settles it', async () => {
    const key = `slow-${Date.now()}`;
    const before = sentTo(CUSTOMER);
    // Meta takes the message but answers after our timeout (GRAPH_API_TIMEOUT_MS, 1 s).
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'slow',
      hold_ms: 1500,
    });
    const first = await send(CUSTOMER, 'Slow but sure', key).expect(202);
    expect(first.body).toMatchObject({ status: 'queued', wa_message_id: null });

    // Meta's statuses carry our id (biz_opaque_callback_data): they settle it.
    await until(first.body.id, 'read');
    const [row] = await t.db.select().from(messages).where(eq(messages.id, first.body.id));
    expect(row?.waMessageId).toMatch(/^wamid\./);

    const again = await send(CUSTOMER, 'Slow but sure', key).expect(202);
    expect(again.body).toEqual(first.body);
    expect(sentTo(CUSTOMER)).toBe(before + 1);
  });

  it('refuses the key for a different message (422), whatever the first answer was', async () => {
    const key = `reused-${Date.now()}`;
    await send(CUSTOMER, 'One message', key).expect(201);
    const other = await send(CUSTOMER, 'Another message', key).expect(422);
    expect(other.body.message).toMatch(/already used for a different message/);
  });
});
