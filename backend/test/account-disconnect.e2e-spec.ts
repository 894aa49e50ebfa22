import { and, eq } from 'drizzle-orm';
import { messages } from '../src/database/schema.js';
import { MessagePreparer } from '../src/messages/send/message-preparer.service.js';
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
import {
  type ConnectedAccount,
  connectAccount,
  listen,
  settle,
  waitFor,
} from './support/webhooks.js';

const CUSTOMER = '+15550101234';

/**
 * "Disconnecting an account cancels its queued sends": a message written `queued` whose request
 * never got Meta's answer (its process died) fails with the reason; one whose request is with
 * Meta right now is sent if Meta takes it.
 */
describe('disconnecting an account and its queued sends', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let admin: SignedInUser;

  beforeAll(async () => {
    simulator = await startSimulator();
    // Calls wait long enough for Meta's slow answer below (3 s).
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_TIMEOUT_MS: '10000' }));
    baseUrl = await listen(t);
    admin = await registerAdmin(t);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** A connected number whose customer has written (the 24-hour window is open). */
  async function connectedNumber(): Promise<{
    number: SimulatedNumber;
    account: ConnectedAccount;
  }> {
    const number = addNumber(simulator);
    const account = await connectAccount(t, admin, number);
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: CUSTOMER.slice(1),
      type: 'text',
      text: { body: 'Hello!' },
    });
    await waitFor('the customer’s message', async () => {
      await settle(t);
      const rows = await t.db.select().from(messages).where(eq(messages.accountId, account.id));
      return rows.length > 0;
    });
    return { number, account };
  }

  const textTo = (accountId: string, text: string) => ({
    account_id: accountId,
    to: CUSTOMER,
    message_type: 'text' as const,
    text,
  });
  /** A message written `queued` whose send never got an answer, as after a crash. */
  async function strandedSend(accountId: string, text: string): Promise<string> {
    const preparation = await t.app
      .get(MessagePreparer)
      .prepare({ id: admin.id, organizationId: admin.organizationId }, textTo(accountId, text));
    if (preparation.kind !== 'prepared') throw new Error('Expected a prepared message');
    return preparation.prepared.message.id;
  }
  const detail = (id: string) =>
    t.http.get(`/api/whatsapp/messages/${id}`).set(admin.auth).expect(200);
  const disconnect = (accountId: string) =>
    t.http.delete(`/api/whatsapp/accounts/${accountId}`).set(admin.auth).expect(204);

  it('fails the sends still queued from it, with the reason and a live event; others stay as they are', async () => {
    const { account } = await connectedNumber();
    const { account: other } = await connectedNumber();
    const stranded = await strandedSend(account.id, 'Left behind by a crash');
    const elsewhere = await strandedSend(other.id, 'Queued on another account');
    const sent = await t.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .send(textTo(account.id, 'Sent before'))
      .expect(201);
    const stream = await connectSse(`${baseUrl}/api/events`, admin.auth);
    await stream.next((frame: SseFrame) => frame.event === 'ready');

    await disconnect(account.id);

    const cancelled = await detail(stranded);
    expect(cancelled.body).toMatchObject({
      status: 'failed',
      account_id: null,
      failed_at: expect.any(String),
      error: {
        code: null,
        title: 'Not sent: account disconnected',
        retryable: false,
        explanation: expect.stringMatching(/still queued/),
      },
    });
    expect(cancelled.body.timeline.map((e: { status: string }) => e.status)).toEqual([
      'queued',
      'failed',
    ]);
    const event = await stream.next(
      (frame) => frame.event === 'message.status' && frame.data?.includes(stranded) === true,
    );
    expect(dataOf(event)).toMatchObject({
      data: { message_id: stranded, status: 'failed', event: 'failed' },
    });
    stream.close();

    expect((await detail(elsewhere)).body.status).toBe('queued');
    expect((await detail(sent.body.id)).body).toMatchObject({ status: 'sent', error: null });
  });

  it('records as sent a message Meta takes while its account is being disconnected', async () => {
    const { number, account } = await connectedNumber();
    // Meta takes the message but answers 3 s later, while the account is being disconnected.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'slow',
      hold_ms: 3000,
    });
    const sending = t.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .send(textTo(account.id, 'On its way'))
      .then((response) => response);
    const queued = await waitFor('the queued row', async () => {
      const [row] = await t.db
        .select()
        .from(messages)
        .where(and(eq(messages.accountId, account.id), eq(messages.status, 'queued')));
      return row;
    });

    await disconnect(account.id);
    expect((await detail(queued.id)).body.status).toBe('failed');

    const response = await sending;
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: queued.id, status: 'sent', error: null });
    const message = await detail(queued.id);
    expect(message.body).toMatchObject({ status: 'sent', error: null, failed_at: null });
    expect(message.body.timeline.map((e: { status: string }) => e.status)).toEqual(['queued']);
  });
});
