import { eq } from 'drizzle-orm';
import { type Message, messages } from '../src/database/schema.js';
import { EventsService } from '../src/events/events.service.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { SAMPLE_DATA } from './support/live-events.js';
import { connectSse, dataOf, type SseConnection, type SseFrame } from './support/sse-client.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { type ConnectedAccount, connectAccount, listen, waitFor } from './support/webhooks.js';

const isEvent = (type: string) => (frame: SseFrame) => frame.event === type;

/**
 * What the inbox hears and causes: conversations marked read (the live event for the other tabs,
 * and the read receipt that shows the customer blue ticks), and sends it can list without a
 * refetch. Customers write through the simulator, so messages arrive as Meta's webhooks.
 */
describe('inbox: read state, read receipts and live events', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let admin: SignedInUser;
  let colleague: SignedInUser;
  let other: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    simulator = await startSimulator();
    // One Graph call per attempt: a refusal shows at once.
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_MAX_RETRIES: '0' }));
    baseUrl = await listen(t);
    admin = await registerAdmin(t, { organization: 'Inbox Org' });
    colleague = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Other Org' });
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await fetch(`${simulator.url}/_sim/faults`, { method: 'DELETE' });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** A stream of `user`'s organization, connected (nothing published from now on is missed). */
  async function connect(user: SignedInUser): Promise<SseConnection> {
    const stream = await connectSse(`${baseUrl}/api/events`, user.auth);
    streams.push(stream);
    await stream.next(isEvent('ready'));
    return stream;
  }

  /** Proves `stream` got no event until now: a marker published now is the next one it sees. */
  async function expectNothingYet(stream: SseConnection, user: SignedInUser): Promise<void> {
    await t.app.get(EventsService).publish({
      type: 'template.changed',
      organizationId: user.organizationId,
      data: { ...SAMPLE_DATA['template.changed'](1), template_id: 'marker' },
    });
    const next = await stream.next((frame) => frame.event !== undefined);
    expect(dataOf(next)).toMatchObject({
      type: 'template.changed',
      data: { template_id: 'marker' },
    });
  }

  /** The customer writes in through Meta (the simulator); resolves with the stored message. */
  async function customerWrites(from: string, body: string): Promise<Message> {
    const { message_id: wamid } = simulator.inbound({
      phone_number_id: number.phone_number_id,
      from,
      profile_name: 'Ida',
      type: 'text',
      text: { body },
    });
    return waitFor('the inbound message', async () => {
      const [row] = await t.db.select().from(messages).where(eq(messages.waMessageId, wamid));
      return row;
    });
  }

  const markRead = (contactId: string, user: SignedInUser = admin) =>
    t.http.post(`/api/whatsapp/conversations/${contactId}/read`).set(user.auth);
  const receiptsFor = (wamid: string | null) =>
    simulator.receipts(number.phone_number_id).filter((receipt) => receipt.message_id === wamid);
  const messageRow = async (id: string) =>
    (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!;

  it("marks a conversation read: the customer's latest message is read at Meta, and the organization's consoles are told", async () => {
    const colleagues = await connect(colleague);
    const theirs = await connect(other);
    const first = await customerWrites('16505550101', 'Hi');
    const latest = await customerWrites('16505550101', 'Anyone there?');
    const contactId = latest.contactId;

    const response = await markRead(contactId).expect(200);
    expect(response.body).toMatchObject({ contact: { id: contactId }, unread_count: 0 });

    const event = await colleagues.next(isEvent('conversation.read'));
    expect(dataOf(event)).toEqual({
      type: 'conversation.read',
      data: { contact_id: contactId, read_at: expect.stringMatching(/^\d{4}-.+Z$/) },
      occurred_at: expect.any(String),
    });
    // Blue ticks: one receipt, for the latest message (WhatsApp counts the earlier ones read too).
    expect(receiptsFor(latest.waMessageId)).toHaveLength(1);
    expect(receiptsFor(first.waMessageId)).toHaveLength(0);
    expect(await messageRow(latest.id)).toMatchObject({ status: 'read', readAt: expect.any(Date) });
    expect((await messageRow(first.id)).status).toBe('received');

    await expectNothingYet(theirs, other);
    // Another organization cannot mark it read (nor learn that it exists).
    await markRead(contactId, other).expect(404);
  });

  it('marking one inbound message read clears its conversation too, and tells the consoles', async () => {
    const colleagues = await connect(colleague);
    const message = await customerWrites('16505550104', 'Is it in stock?');
    await t.http.post(`/api/whatsapp/messages/${message.id}/read`).set(admin.auth).expect(204);
    const event = await colleagues.next(isEvent('conversation.read'));
    expect(dataOf(event)).toMatchObject({ data: { contact_id: message.contactId } });
    const conversation = await t.http
      .get(`/api/whatsapp/conversations/${message.contactId}`)
      .set(admin.auth)
      .expect(200);
    expect(conversation.body).toMatchObject({ unread_count: 0 });
    expect(receiptsFor(message.waMessageId)).toHaveLength(1);
  });

  it('opening a read conversation again tells no one and makes no call to Meta', async () => {
    const latest = await customerWrites('16505550102', 'Hello?');
    await markRead(latest.contactId).expect(200);
    expect(receiptsFor(latest.waMessageId)).toHaveLength(1);

    const colleagues = await connect(colleague);
    await markRead(latest.contactId, colleague).expect(200);
    expect(receiptsFor(latest.waMessageId)).toHaveLength(1);
    await expectNothingYet(colleagues, admin);
  });

  it('keeps the conversation read when Meta refuses the receipt, logs it, and tries again next time', async () => {
    const colleagues = await connect(colleague);
    const latest = await customerWrites('16505550103', 'Where is my order?');
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'error',
      code: 131000,
      count: 1,
    });

    const response = await markRead(latest.contactId).expect(200);
    expect(response.body.unread_count).toBe(0);
    await colleagues.next(isEvent('conversation.read'));
    expect(receiptsFor(latest.waMessageId)).toHaveLength(0);
    expect((await messageRow(latest.id)).status).toBe('received');
    expect(
      t.logs.some(
        (line) =>
          line.includes('WhatsApp refused the read receipt') &&
          line.includes(latest.id) &&
          line.includes('131000'),
      ),
    ).toBe(true);

    // Nothing unread any more, but Meta has not been told: opening it again does.
    await markRead(latest.contactId).expect(200);
    expect(receiptsFor(latest.waMessageId)).toHaveLength(1);
    expect((await messageRow(latest.id)).status).toBe('read');
  });

  it('publishes message.created with what a conversation list row shows', async () => {
    const colleagues = await connect(colleague);
    const theirs = await connect(other);
    const inbound = await customerWrites('16505550104', 'Can I change the address?');
    const text = `Of course! ${'Tell us the new address and we will update the delivery. '.repeat(3)}`;

    const sent = await t.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .send({
        account_id: account.id,
        to: '+16505550104',
        message_type: 'text',
        text,
      })
      .expect(201);

    const event = await colleagues.next(isEvent('message.created'));
    const stored = await messageRow(sent.body.id);
    expect(dataOf(event)).toEqual({
      type: 'message.created',
      data: {
        message_id: sent.body.id,
        contact_id: inbound.contactId,
        account_id: account.id,
        direction: 'out',
        status: 'queued',
        message_type: 'text',
        // The first 99 characters, less the space they end on, then an ellipsis.
        preview:
          'Of course! Tell us the new address and we will update the delivery. Tell us the new address and we…',
        created_at: stored.createdAt.toISOString(),
      },
      occurred_at: expect.any(String),
    });
    await expectNothingYet(theirs, other);
  });

  it('publishes message.inbound with the same preview rule', async () => {
    const colleagues = await connect(colleague);
    const body = `Hello 👋🏽 ${'I would like to change the delivery address of my order. '.repeat(3)}`;
    const inbound = await customerWrites('16505550105', body);

    const event = await colleagues.next(isEvent('message.inbound'));
    expect(dataOf(event)).toEqual({
      type: 'message.inbound',
      data: {
        message_id: inbound.id,
        contact_id: inbound.contactId,
        account_id: account.id,
        phone_number_id: number.phone_number_id,
        wa_message_id: inbound.waMessageId,
        message_type: 'text',
        // 100 characters as the limits count them: the waving hand with its skin tone is two.
        preview:
          'Hello 👋🏽 I would like to change the delivery address of my order. I would like to change the delive…',
        media_id: null,
        received_at: inbound.receivedAt!.toISOString(),
      },
      occurred_at: expect.any(String),
    });
  });
});
