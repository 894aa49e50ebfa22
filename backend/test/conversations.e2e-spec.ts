import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { type Contact, contacts, type Message, whatsappAccounts } from '../src/database/schema.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import { hoursFrom, seedContact, seedAccount, seedMessage } from './support/message-factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('conversations (inbox)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  const now = new Date();
  let accountId: string;
  let dave: Contact;
  let alice: Contact;
  let bob: Contact;
  let carol: Contact;
  let erin: Contact;
  let stranger: Contact;
  const aliceThread: Message[] = [];
  let bobLast: Message;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t, { organization: 'Org A' });
    member = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Org B' });
    const account = await seedAccount(t, admin.organizationId, {
      label: 'Support line',
      displayPhoneNumber: '+1 555-010-0001',
    });
    accountId = account.id;
    const gone = await seedAccount(t, admin.organizationId, { label: 'Old line' });
    const org = admin.organizationId;

    // dave: only outbound, an hour ago. alice: wrote 23 h ago (window open), we answered 2 h ago.
    // bob: wrote 25 h ago (window closed). carol: on an account disconnected since. erin: no messages.
    dave = await seedContact(t, {
      organizationId: org,
      account,
      profileName: 'Dave',
      lastMessageAt: hoursFrom(now, -1),
    });
    alice = await seedContact(t, {
      organizationId: org,
      account,
      waId: '15550101234',
      profileName: 'Alice Liddell',
      lastInboundAt: hoursFrom(now, -23),
      lastMessageAt: hoursFrom(now, -2),
      unreadCount: 2,
    });
    bob = await seedContact(t, {
      organizationId: org,
      account,
      waId: '',
      userId: 'US.77',
      profileName: 'Bob',
      lastInboundAt: hoursFrom(now, -25),
      lastMessageAt: hoursFrom(now, -25),
      unreadCount: 1,
    });
    carol = await seedContact(t, {
      organizationId: org,
      account: gone,
      profileName: 'Carol',
      lastInboundAt: hoursFrom(now, -48),
      lastMessageAt: hoursFrom(now, -48),
    });
    erin = await seedContact(t, { organizationId: org, account, profileName: 'Erin' });

    await seedMessage(t, {
      contact: dave,
      createdAt: hoursFrom(now, -1),
      status: 'sent',
      text: 'Your code is 1234',
    });
    aliceThread.push(
      await seedMessage(t, {
        contact: alice,
        direction: 'in',
        createdAt: hoursFrom(now, -24),
        text: 'Hi there',
      }),
      await seedMessage(t, {
        contact: alice,
        direction: 'in',
        createdAt: hoursFrom(now, -23),
        text: 'Is my order on its way?',
        contextWaMessageId: 'wamid.earlier',
      }),
      await seedMessage(t, {
        contact: alice,
        createdAt: hoursFrom(now, -3),
        status: 'read',
        text: 'Yes, tomorrow',
      }),
      await seedMessage(t, {
        contact: alice,
        createdAt: hoursFrom(now, -2),
        status: 'delivered',
        text: 'Tracking: 1Z999',
      }),
    );
    bobLast = await seedMessage(t, {
      contact: bob,
      direction: 'in',
      createdAt: hoursFrom(now, -25),
      text: 'Hello?',
    });
    await seedMessage(t, {
      contact: carol,
      direction: 'in',
      createdAt: hoursFrom(now, -48),
      text: 'Old question',
    });
    await t.db.delete(whatsappAccounts).where(eq(whatsappAccounts.id, gone.id));

    stranger = await seedContact(t, {
      organizationId: other.organizationId,
      waId: '15550101234',
      profileName: 'Alice Liddell',
      lastInboundAt: hoursFrom(now, -1),
      lastMessageAt: hoursFrom(now, -1),
      unreadCount: 5,
    });
    await seedMessage(t, {
      contact: stranger,
      direction: 'in',
      createdAt: hoursFrom(now, -1),
      text: 'Other org',
    });
  });
  afterAll(() => t.close());

  const list = (user: SignedInUser, query: Record<string, string | number> = {}) =>
    t.http.get('/api/whatsapp/conversations').query(query).set(user.auth);
  const ids = (body: { items: Array<{ contact: { id: string } }> }) =>
    body.items.map((item) => item.contact.id);

  it('lists conversations by their last message, most recent first, with number, last message and window', async () => {
    const response = await list(member).expect(200);
    expect(ids(response.body)).toEqual([dave.id, alice.id, bob.id, carol.id]);
    expect(ids(response.body)).not.toContain(erin.id);
    expect(response.body.next_cursor).toBeNull();
    const [, aliceItem] = response.body.items;
    const last = aliceThread[3]!;
    expect(aliceItem).toEqual({
      contact: {
        id: alice.id,
        wa_id: '15550101234',
        user_id: null,
        profile_name: 'Alice Liddell',
        name: null,
        consent_state: 'unknown',
      },
      business_number: {
        phone_number_id: alice.phoneNumberId,
        account_id: accountId,
        display_phone_number: '+1 555-010-0001',
        label: 'Support line',
      },
      last_message: {
        id: last.id,
        direction: 'out',
        message_type: 'text',
        preview_text: 'Tracking: 1Z999',
        status: 'delivered',
        created_at: last.createdAt.toISOString(),
      },
      last_message_at: hoursFrom(now, -2).toISOString(),
      last_inbound_at: hoursFrom(now, -23).toISOString(),
      unread_count: 2,
      window: { open: true, expires_at: hoursFrom(now, 1).toISOString() },
    });
  });

  it('tells open windows (last inbound 23 h ago) from closed ones (25 h ago) and never-opened ones', async () => {
    const byId = new Map<
      string,
      { window: unknown; business_number: unknown; last_message: unknown }
    >(
      (await list(admin).expect(200)).body.items.map((item: { contact: { id: string } }) => [
        item.contact.id,
        item,
      ]),
    );
    expect(byId.get(alice.id)?.window).toEqual({
      open: true,
      expires_at: hoursFrom(now, 1).toISOString(),
    });
    expect(byId.get(bob.id)?.window).toEqual({
      open: false,
      expires_at: hoursFrom(now, -1).toISOString(),
    });
    expect(byId.get(dave.id)?.window).toEqual({ open: false, expires_at: null });
    expect(byId.get(bob.id)?.last_message).toMatchObject({
      id: bobLast.id,
      direction: 'in',
      status: 'received',
      preview_text: 'Hello?',
    });
    // The account was disconnected: the number stays, its display name and account are gone.
    expect(byId.get(carol.id)?.business_number).toEqual({
      phone_number_id: carol.phoneNumberId,
      account_id: null,
      display_phone_number: null,
      label: null,
    });
  });

  it('filters by account, unread and name or number', async () => {
    expect(ids((await list(admin, { account_id: accountId }).expect(200)).body)).toEqual([
      dave.id,
      alice.id,
      bob.id,
    ]);
    expect(ids((await list(admin, { unread_only: 'true' }).expect(200)).body)).toEqual([
      alice.id,
      bob.id,
    ]);
    expect(ids((await list(admin, { unread_only: 'false' }).expect(200)).body)).toHaveLength(4);
    expect(ids((await list(admin, { q: 'LIDD' }).expect(200)).body)).toEqual([alice.id]);
    expect(ids((await list(admin, { q: '+1 555-010-12' }).expect(200)).body)).toEqual([alice.id]);
    expect(ids((await list(admin, { q: 'us.7' }).expect(200)).body)).toEqual([bob.id]);
    expect(ids((await list(admin, { q: '%' }).expect(200)).body)).toEqual([]);
    expect(ids((await list(admin, { q: 'a', unread_only: 'true' }).expect(200)).body)).toEqual([
      alice.id,
    ]);
  });

  it('pages with a cursor: every conversation once, in order, stable on equal times', async () => {
    const paging = await registerAdmin(t, { organization: 'Paging' });
    const same = hoursFrom(now, -5);
    for (let i = 0; i < 7; i++)
      await seedContact(t, {
        organizationId: paging.organizationId,
        lastMessageAt: i < 4 ? same : hoursFrom(now, -i),
      });
    const expected = (
      await t.db
        .select({ id: contacts.id, at: contacts.lastMessageAt })
        .from(contacts)
        .where(eq(contacts.organizationId, paging.organizationId))
    )
      .sort((a, b) => b.at!.getTime() - a.at!.getTime() || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);
    for (const limit of [1, 2, 3, 7]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = cursor ? { limit, cursor } : { limit };
        const response = await list(paging, query).expect(200);
        seen.push(...ids(response.body));
        cursor = response.body.next_cursor;
      } while (cursor && seen.length < 50);
      expect({ limit, seen }).toEqual({ limit, seen: expected });
    }
  });

  it('shows one conversation', async () => {
    const response = await t.http
      .get(`/api/whatsapp/conversations/${bob.id}`)
      .set(member.auth)
      .expect(200);
    expect(response.body).toMatchObject({
      contact: { id: bob.id, user_id: 'US.77', wa_id: null },
      unread_count: 1,
      window: { open: false },
    });
    // A contact without messages is still a conversation one can open.
    const empty = await t.http
      .get(`/api/whatsapp/conversations/${erin.id}`)
      .set(admin.auth)
      .expect(200);
    expect(empty.body).toMatchObject({
      last_message: null,
      last_message_at: null,
      unread_count: 0,
    });
  });

  it('pages through a thread, newest first, with payloads and reply context', async () => {
    const first = await t.http
      .get(`/api/whatsapp/conversations/${alice.id}/messages`)
      .query({ limit: 3 })
      .set(member.auth)
      .expect(200);
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual([
      aliceThread[3]!.id,
      aliceThread[2]!.id,
      aliceThread[1]!.id,
    ]);
    expect(first.body.items[2]).toMatchObject({
      direction: 'in',
      content: { type: 'text', text: { body: 'Is my order on its way?' } },
      context_wa_message_id: 'wamid.earlier',
      preview_text: 'Is my order on its way?',
    });
    expect(first.body.items[0]).toMatchObject({
      status: 'delivered',
      context_wa_message_id: null,
      content: { text: { body: 'Tracking: 1Z999' } },
    });
    const second = await t.http
      .get(`/api/whatsapp/conversations/${alice.id}/messages`)
      .query({ limit: 3, cursor: first.body.next_cursor })
      .set(member.auth)
      .expect(200);
    expect(second.body.items.map((m: { id: string }) => m.id)).toEqual([aliceThread[0]!.id]);
    expect(second.body.next_cursor).toBeNull();
  });

  it('marks a conversation read locally', async () => {
    const response = await t.http
      .post(`/api/whatsapp/conversations/${alice.id}/read`)
      .set(member.auth)
      .expect(200);
    expect(response.body).toMatchObject({
      contact: { id: alice.id },
      unread_count: 0,
      window: { open: true },
    });
    const [row] = await t.db.select().from(contacts).where(eq(contacts.id, alice.id));
    expect(row?.unreadCount).toBe(0);
    expect(ids((await list(admin, { unread_only: 'true' }).expect(200)).body)).toEqual([bob.id]);
    // Idempotent.
    await t.http.post(`/api/whatsapp/conversations/${alice.id}/read`).set(admin.auth).expect(200);
  });

  it('keeps organizations apart on every route', async () => {
    expect(ids((await list(other).expect(200)).body)).toEqual([stranger.id]);
    expect(ids((await list(other, { account_id: accountId }).expect(200)).body)).toEqual([]);
    expect(ids((await list(other, { q: 'alice' }).expect(200)).body)).toEqual([stranger.id]);
    for (const id of [bob.id, randomUUID()]) {
      await t.http.get(`/api/whatsapp/conversations/${id}`).set(other.auth).expect(404);
      await t.http.get(`/api/whatsapp/conversations/${id}/messages`).set(other.auth).expect(404);
      const read = await t.http
        .post(`/api/whatsapp/conversations/${id}/read`)
        .set(other.auth)
        .expect(404);
      expect(read.body.message).toBe('No such contact in your organization.');
    }
    const [row] = await t.db.select().from(contacts).where(eq(contacts.id, bob.id));
    expect(row?.unreadCount).toBe(1);
    await t.http.get(`/api/whatsapp/conversations/${stranger.id}`).set(admin.auth).expect(404);
    await t.http.get('/api/whatsapp/conversations/not-a-uuid/messages').set(admin.auth).expect(404);
  });

  it('refuses invalid parameters with a 400 that names the field', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/api/whatsapp/conversations', { unread_only: 'yes' }, 'unread_only'],
      ['/api/whatsapp/conversations', { account_id: 'x' }, 'account_id'],
      ['/api/whatsapp/conversations', { limit: '500' }, 'limit'],
      ['/api/whatsapp/conversations', { cursor: 'abc' }, 'cursor'],
      ['/api/whatsapp/conversations', { status: 'read' }, 'status'],
      [`/api/whatsapp/conversations/${alice.id}/messages`, { limit: '-1' }, 'limit'],
      [`/api/whatsapp/conversations/${alice.id}/messages`, { q: 'hello' }, 'q'],
    ];
    for (const [path, query, field] of cases) {
      const response = await t.http.get(path).query(query).set(admin.auth);
      expect({ path, query, status: response.status }).toEqual({ path, query, status: 400 });
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    }
  });

  it("counts the organization's unread conversations and messages, for the console's badge", async () => {
    const unread = async (user: SignedInUser): Promise<unknown> =>
      (await t.http.get('/api/whatsapp/conversations/unread').set(user.auth).expect(200))
        .body as unknown;
    // Alice was read above; Bob's one message is still unread.
    expect(await unread(member)).toEqual({ conversation_count: 1, message_count: 1 });
    expect(await unread(other)).toEqual({ conversation_count: 1, message_count: 5 });
    await t.http.post(`/api/whatsapp/conversations/${bob.id}/read`).set(admin.auth).expect(200);
    expect(await unread(admin)).toEqual({ conversation_count: 0, message_count: 0 });
    expect(await unread(other)).toEqual({ conversation_count: 1, message_count: 5 });
    await t.http.get('/api/whatsapp/conversations/unread').expect(401);
  });
});
