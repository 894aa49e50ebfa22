import { eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { type Contact, type Message, messages } from '../src/database/schema.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import {
  seedContact,
  seedAccount,
  seedMessage,
  seedStatusEvent,
} from './support/message-factory.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const at = (iso: string) => new Date(iso);

describe('message history and detail', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  let alice: Contact;
  let bob: Contact;
  let carol: Contact;
  let accountA: string;
  let accountB: string;
  const campaign = randomUUID();
  const seeded: Record<string, Message> = {};

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t, { organization: 'Org A' });
    member = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Org B' });

    const a = await seedAccount(t, admin.organizationId);
    const b = await seedAccount(t, admin.organizationId, { label: 'Sales line' });
    accountA = a.id;
    accountB = b.id;
    alice = await seedContact(t, {
      organizationId: admin.organizationId,
      account: a,
      waId: '15550101234',
      profileName: 'Alice Liddell',
    });
    bob = await seedContact(t, {
      organizationId: admin.organizationId,
      account: a,
      waId: '',
      userId: 'US.13491208655302741918',
      profileName: 'Bob',
    });
    carol = await seedContact(t, {
      organizationId: admin.organizationId,
      account: b,
      waId: '447700900123',
      profileName: 'Carol',
    });

    const rows: Array<[string, Parameters<typeof seedMessage>[1]]> = [
      [
        'a1',
        {
          contact: alice,
          status: 'read',
          createdAt: at('2026-03-01T09:00:00Z'),
          text: 'Your order 1042 has shipped',
        },
      ],
      [
        'a2',
        {
          contact: alice,
          direction: 'in',
          createdAt: at('2026-03-01T09:05:00Z'),
          text: 'Thanks! 50% happy',
        },
      ],
      [
        'a3',
        {
          contact: alice,
          status: 'failed',
          createdAt: at('2026-03-02T10:00:00Z'),
          text: 'Promo: 500 off',
          campaignId: campaign,
          error: {
            code: 131026,
            title: 'Message undeliverable',
            message: 'Message Undeliverable.',
            error_data: { details: 'Unknown recipient problem' },
            source: 'webhook',
          },
        },
      ],
      [
        'b1',
        {
          contact: bob,
          status: 'sent',
          createdAt: at('2026-03-02T11:00:00Z'),
          text: 'Promo: 50% off',
          campaignId: campaign,
        },
      ],
      [
        'b2',
        {
          contact: bob,
          status: 'queued',
          createdAt: at('2026-03-03T08:00:00Z'),
          text: 'snake_case note',
        },
      ],
      [
        'c1',
        {
          contact: carol,
          status: 'delivered',
          createdAt: at('2026-03-03T23:59:59Z'),
          text: 'Hello Carol',
        },
      ],
      [
        'c2',
        {
          contact: carol,
          status: 'played',
          createdAt: at('2026-03-04T00:00:00Z'),
          text: 'Voice note',
          messageType: 'audio',
        },
      ],
    ];
    for (const [name, seed] of rows) seeded[name] = await seedMessage(t, seed);

    // Org B has a message of its own; it must never appear in org A's answers, and vice versa.
    const stranger = await seedContact(t, {
      organizationId: other.organizationId,
      waId: '15550101234',
      profileName: 'Alice Liddell',
    });
    seeded['z1'] = await seedMessage(t, {
      contact: stranger,
      createdAt: at('2026-03-02T12:00:00Z'),
      text: 'Your order 1042 has shipped',
    });
  });
  afterAll(() => t.close());

  const list = (user: SignedInUser, query: Record<string, string | number> = {}) =>
    t.http.get('/api/whatsapp/messages').query(query).set(user.auth);
  const names = (body: { items: Array<{ id: string }> }) =>
    body.items.map((item) => Object.entries(seeded).find(([, m]) => m.id === item.id)?.[0]);

  it('lists the organization’s messages newest first, with the documented shape', async () => {
    const response = await list(member).expect(200);
    expect(names(response.body)).toEqual(['c2', 'c1', 'b2', 'b1', 'a3', 'a2', 'a1']);
    expect(response.body.next_cursor).toBeNull();
    const failed = response.body.items.find((i: { id: string }) => i.id === seeded['a3']!.id);
    expect(failed).toEqual({
      id: seeded['a3']!.id,
      wa_message_id: seeded['a3']!.waMessageId,
      account_id: accountA,
      phone_number_id: alice.phoneNumberId,
      contact_id: alice.id,
      contact_name: 'Alice Liddell',
      direction: 'out',
      to: '15550101234',
      from: alice.phoneNumberId,
      message_type: 'text',
      status: 'failed',
      preview_text: 'Promo: 500 off',
      sent_at: null,
      delivered_at: null,
      read_at: null,
      failed_at: '2026-03-02T10:00:00.000Z',
      received_at: null,
      created_at: '2026-03-02T10:00:00.000Z',
      error: {
        code: 131026,
        title: 'Message undeliverable',
        message: 'Message Undeliverable.',
        details: 'Unknown recipient problem',
        explanation: expect.stringContaining('cannot receive it'),
        fix: 'Check the number. Do not retry this message.',
        retryable: false,
        fbtrace_id: null,
      },
      campaign_id: campaign,
    });
    expect(failed).not.toHaveProperty('content');
    const inbound = response.body.items.find((i: { id: string }) => i.id === seeded['a2']!.id);
    expect(inbound).toMatchObject({
      direction: 'in',
      status: 'received',
      from: '15550101234',
      received_at: '2026-03-01T09:05:00.000Z',
      error: null,
    });
  });

  it('filters by account, direction and campaign', async () => {
    expect(names((await list(admin, { account_id: accountB }).expect(200)).body)).toEqual([
      'c2',
      'c1',
    ]);
    expect(names((await list(admin, { direction: 'in' }).expect(200)).body)).toEqual(['a2']);
    expect(
      names((await list(admin, { direction: 'out', account_id: accountA }).expect(200)).body),
    ).toEqual(['b2', 'b1', 'a3', 'a1']);
    expect(names((await list(admin, { campaign_id: campaign }).expect(200)).body)).toEqual([
      'b1',
      'a3',
    ]);
    expect((await list(admin, { campaign_id: randomUUID() }).expect(200)).body.items).toEqual([]);
  });

  it('filters by one or several statuses, comma-separated or repeated', async () => {
    expect(names((await list(admin, { status: 'failed' }).expect(200)).body)).toEqual(['a3']);
    expect(names((await list(admin, { status: 'read,played' }).expect(200)).body)).toEqual([
      'c2',
      'a1',
    ]);
    expect(names((await list(admin, { status: ' queued , sent ' }).expect(200)).body)).toEqual([
      'b2',
      'b1',
    ]);
    const repeated = await t.http
      .get('/api/whatsapp/messages?status=sent&status=delivered')
      .set(admin.auth)
      .expect(200);
    expect(names(repeated.body)).toEqual(['c1', 'b1']);
  });

  it('finds a contact by id, any part of the number in any spelling, user id or part of a name', async () => {
    const aliceMessages = ['a3', 'a2', 'a1'];
    expect(names((await list(admin, { contact: alice.id }).expect(200)).body)).toEqual(
      aliceMessages,
    );
    expect(names((await list(admin, { contact: '+1 (555) 010-1234' }).expect(200)).body)).toEqual(
      aliceMessages,
    );
    expect(names((await list(admin, { contact: '15550101234' }).expect(200)).body)).toEqual(
      aliceMessages,
    );
    expect(
      names((await list(admin, { contact: 'US.13491208655302741918' }).expect(200)).body),
    ).toEqual(['b2', 'b1']);
    expect(names((await list(admin, { contact: 'alice l' }).expect(200)).body)).toEqual(
      aliceMessages,
    );
    expect(names((await list(admin, { contact: 'car' }).expect(200)).body)).toEqual(['c2', 'c1']);
    // Any part of a name, any part of the number in any spelling (digits are compared).
    expect(names((await list(admin, { contact: 'liddell' }).expect(200)).body)).toEqual(
      aliceMessages,
    );
    for (const spelling of ['5550101234', '555-010-1234', '+1 555 010 1234', '010-12'])
      expect(names((await list(admin, { contact: spelling }).expect(200)).body)).toEqual(
        aliceMessages,
      );
    expect((await list(admin, { contact: '555-999-0000' }).expect(200)).body.items).toEqual([]);
    expect((await list(admin, { contact: '%' }).expect(200)).body.items).toEqual([]);
  });

  it('filters by creation date: from inclusive, to exclusive, a date alone as a whole day', async () => {
    expect(
      names((await list(admin, { since: '2026-03-02', until: '2026-03-03' }).expect(200)).body),
    ).toEqual(['c1', 'b2', 'b1', 'a3']);
    expect(
      names(
        (
          await list(admin, {
            since: '2026-03-02T11:00:00Z',
            until: '2026-03-03T08:00:00Z',
          }).expect(200)
        ).body,
      ),
    ).toEqual(['b1']);
    expect(names((await list(admin, { since: '2026-03-04' }).expect(200)).body)).toEqual(['c2']);
    expect(names((await list(admin, { until: '2026-03-01' }).expect(200)).body)).toEqual([
      'a2',
      'a1',
    ]);
    // An offset is honoured (and a "+" that arrived as a space is put back).
    expect(
      names((await list(admin, { since: '2026-03-04T01:00:00+01:00' }).expect(200)).body),
    ).toEqual(['c2']);
    const spaced = await t.http
      .get('/api/whatsapp/messages?since=2026-03-04T01:00:00+01:00')
      .set(admin.auth)
      .expect(200);
    expect(names(spaced.body)).toEqual(['c2']);
  });

  it('searches the preview text case-insensitively, with % and _ taken literally', async () => {
    expect(names((await list(admin, { q: 'ORDER 1042' }).expect(200)).body)).toEqual(['a1']);
    expect(names((await list(admin, { q: '50%' }).expect(200)).body)).toEqual(['b1', 'a2']);
    expect(names((await list(admin, { q: 'promo' }).expect(200)).body)).toEqual(['b1', 'a3']);
    expect(names((await list(admin, { q: '_' }).expect(200)).body)).toEqual(['b2']);
    expect(names((await list(admin, { q: 'promo', status: 'failed' }).expect(200)).body)).toEqual([
      'a3',
    ]);
  });

  it('filters failed messages by Meta error code, or those without one, as the stats count them', async () => {
    // An organization of its own, so the other tests' figures stay as they are.
    const owner = await registerAdmin(t, { organization: 'Org C' });
    const account = await seedAccount(t, owner.organizationId);
    const contact = await seedContact(t, { organizationId: owner.organizationId, account });
    const failed = (code: unknown, minute: number) =>
      seedMessage(t, {
        contact,
        status: 'failed',
        createdAt: at(`2026-03-05T10:0${minute}:00Z`),
        error: { code, title: 'Failed', source: 'webhook' },
      });
    const undeliverable = await failed(131026, 1);
    const closedWindow = await failed(131047, 2);
    const codeAsText = await failed('131026', 3);
    const cancelled = await seedMessage(t, {
      contact,
      status: 'failed',
      createdAt: at('2026-03-05T10:04:00Z'),
      error: { source: 'cancelled', title: 'Not sent: the account was disconnected' },
    });
    // Has the code but did not fail (an inbound message Meta could not pass on).
    await seedMessage(t, {
      contact,
      direction: 'in',
      createdAt: at('2026-03-05T10:05:00Z'),
      error: { code: 131026, title: 'Unsupported' },
    });
    const ids = async (query: Record<string, string>) =>
      ((await list(owner, query).expect(200)).body.items as Array<{ id: string }>).map((m) => m.id);

    expect(await ids({ error_code: '131026' })).toEqual([codeAsText.id, undeliverable.id]);
    expect(await ids({ error_code: '131047', status: 'failed' })).toEqual([closedWindow.id]);
    expect(await ids({ error_code: 'none' })).toEqual([cancelled.id]);
    expect(await ids({ error_code: '131026', status: 'sent' })).toEqual([]);
    // Scoped like every filter: org A's failure with the same code is not org C's.
    expect(await ids({ error_code: '131026', account_id: accountA })).toEqual([]);
    expect(names((await list(admin, { error_code: '131026' }).expect(200)).body)).toEqual(['a3']);
  });

  it('refuses invalid filters with a 400 that names the field', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ status: 'bogus' }, 'status'],
      [{ status: 'sent,nope' }, 'status'],
      [{ status: ',' }, 'status'],
      [{ direction: 'sideways' }, 'direction'],
      [{ since: '2026-13-01' }, 'since'],
      [{ since: '2026-02-30' }, 'since'],
      [{ until: 'yesterday' }, 'until'],
      [{ since: '2026-03-03', until: '2026-03-02' }, 'until'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ cursor: 'not-a-cursor!' }, 'cursor'],
      [{ cursor: Buffer.from('2026-03-01T00:00:00.000000Z|nope').toString('base64url') }, 'cursor'],
      [{ account_id: 'abc' }, 'account_id'],
      [{ campaign_id: '123' }, 'campaign_id'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ error_code: 'undeliverable' }, 'error_code'],
      [{ error_code: '1310260000' }, 'error_code'],
      [{ page: '2' }, 'page'],
    ];
    for (const [query, field] of cases) {
      const response = await list(admin, query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect({
        query,
        fields: response.body.details.map((d: { field: string }) => d.field),
      }).toEqual({ query, fields: [field] });
    }
  });

  it('shows no other organization’s messages, and hides its own from them', async () => {
    expect(names((await list(other).expect(200)).body)).toEqual(['z1']);
    expect((await list(other, { contact: alice.id }).expect(200)).body.items).toEqual([]);
    expect((await list(other, { account_id: accountA }).expect(200)).body.items).toEqual([]);
    expect(names((await list(admin, { q: 'order 1042' }).expect(200)).body)).toEqual(['a1']);
  });

  describe('keyset paging', () => {
    let pagingAdmin: SignedInUser;
    let expected: string[];
    beforeAll(async () => {
      // A fresh organization: 23 messages, 9 of them in the same millisecond and 3 of those a
      // microsecond apart (as PostgreSQL's now() writes them), so the order rests on (created_at, id).
      pagingAdmin = await registerAdmin(t, { organization: 'Paging' });
      const contact = await seedContact(t, { organizationId: pagingAdmin.organizationId });
      const same = at('2026-05-05T05:05:05.005Z');
      const created: Message[] = [];
      for (let i = 0; i < 23; i++) {
        const createdAt =
          i < 9 ? same : new Date(same.getTime() + (i - 8) * 60_000 * (i % 2 ? 1 : -1));
        created.push(await seedMessage(t, { contact, createdAt, direction: i % 3 ? 'out' : 'in' }));
      }
      for (const [i, message] of created.slice(0, 3).entries())
        await t.db
          .update(messages)
          .set({ createdAt: sql`${messages.createdAt} + ${`${i + 1} microseconds`}::interval` })
          .where(eq(messages.id, message.id));
      const ordered = await t.db.execute<{ id: string }>(
        sql`SELECT id FROM messages WHERE organization_id = ${pagingAdmin.organizationId} ORDER BY created_at DESC, id DESC`,
      );
      expected = ordered.rows.map((row) => row.id);
    });

    it('walks every page once: no duplicates, no gaps, newest first', async () => {
      for (const limit of [1, 4, 7, 23, 200]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string | number> = cursor ? { limit, cursor } : { limit };
          const response = await list(pagingAdmin, query).expect(200);
          expect(response.body.items.length).toBeLessThanOrEqual(limit);
          seen.push(...response.body.items.map((item: { id: string }) => item.id));
          cursor = response.body.next_cursor;
          pages++;
        } while (cursor && pages < 100);
        expect({ limit, seen }).toEqual({ limit, seen: expected });
        expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)));
      }
    });

    it('keeps filters across pages and stays stable when newer messages arrive', async () => {
      const first = await list(pagingAdmin, { limit: 5, direction: 'out' }).expect(200);
      const contact = await seedContact(t, { organizationId: pagingAdmin.organizationId });
      await seedMessage(t, { contact, createdAt: at('2026-06-01T00:00:00Z') });
      const second = await list(pagingAdmin, {
        limit: 100,
        direction: 'out',
        cursor: first.body.next_cursor,
      }).expect(200);
      const outbound = await t.db.execute<{ id: string }>(
        sql`SELECT id FROM messages WHERE organization_id = ${pagingAdmin.organizationId} AND direction = 'out' AND created_at < '2026-06-01T00:00:00Z' ORDER BY created_at DESC, id DESC`,
      );
      expect(
        [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id),
      ).toEqual(outbound.rows.map((row) => row.id));
      expect(second.body.next_cursor).toBeNull();
    });
  });

  describe('one message', () => {
    it('shows the payload, the contact, the timeline in order, pricing and error', async () => {
      const pricing = { billable: true, pricing_model: 'PMP', category: 'utility' };
      const message = await seedMessage(t, {
        contact: bob,
        status: 'read',
        createdAt: at('2026-03-05T10:00:00Z'),
        text: 'Your table is booked',
        pricing,
        conversation: { id: 'conv-1', origin: { type: 'utility' } },
        contextWaMessageId: 'wamid.previous',
      });
      // Stored out of order; read and delivered share Meta's second, so the status order decides.
      await seedStatusEvent(t, { message, status: 'read', occurredAt: at('2026-03-05T10:00:07Z') });
      await seedStatusEvent(t, {
        message,
        status: 'sent',
        occurredAt: at('2026-03-05T10:00:01Z'),
        pricing,
      });
      await seedStatusEvent(t, {
        message,
        status: 'delivered',
        occurredAt: at('2026-03-05T10:00:07Z'),
        pricing,
        conversation: { id: 'conv-1' },
      });
      await seedStatusEvent(t, {
        message,
        status: 'queued',
        occurredAt: at('2026-03-05T10:00:00Z'),
      });

      const response = await t.http
        .get(`/api/whatsapp/messages/${message.id}`)
        .set(member.auth)
        .expect(200);
      expect(response.body).toMatchObject({
        id: message.id,
        status: 'read',
        content: { type: 'text', text: { body: 'Your table is booked' } },
        context_wa_message_id: 'wamid.previous',
        contact: {
          id: bob.id,
          wa_id: null,
          user_id: 'US.13491208655302741918',
          profile_name: 'Bob',
        },
        pricing,
        conversation: { id: 'conv-1', origin: { type: 'utility' } },
        error: null,
        sent_by_user_id: null,
        updated_at: '2026-03-05T10:00:00.000Z',
      });
      expect(response.body.timeline).toEqual([
        {
          status: 'queued',
          occurred_at: '2026-03-05T10:00:00.000Z',
          errors: null,
          pricing: null,
          conversation: null,
        },
        {
          status: 'sent',
          occurred_at: '2026-03-05T10:00:01.000Z',
          errors: null,
          pricing,
          conversation: null,
        },
        {
          status: 'delivered',
          occurred_at: '2026-03-05T10:00:07.000Z',
          errors: null,
          pricing,
          conversation: { id: 'conv-1' },
        },
        {
          status: 'read',
          occurred_at: '2026-03-05T10:00:07.000Z',
          errors: null,
          pricing: null,
          conversation: null,
        },
      ]);
    });

    it('shows a failure with Meta’s errors in the timeline and a readable error', async () => {
      const errors = [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: { details: 'More than 24 hours have passed.' },
        },
      ];
      const message = await seedMessage(t, {
        contact: alice,
        status: 'failed',
        createdAt: at('2026-03-06T10:00:00Z'),
        error: { ...errors[0], source: 'webhook' },
      });
      await seedStatusEvent(t, {
        message,
        status: 'failed',
        occurredAt: at('2026-03-06T10:00:02Z'),
        errors,
      });
      const response = await t.http
        .get(`/api/whatsapp/messages/${message.id}`)
        .set(admin.auth)
        .expect(200);
      expect(response.body.error).toEqual({
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        details: 'More than 24 hours have passed.',
        explanation: expect.stringContaining('24 hours'),
        fix: expect.stringContaining('template'),
        retryable: false,
        fbtrace_id: null,
      });
      expect(response.body.timeline).toEqual([
        {
          status: 'failed',
          occurred_at: '2026-03-06T10:00:02.000Z',
          errors,
          pricing: null,
          conversation: null,
        },
      ]);
      expect(response.body.contact).toEqual({
        id: alice.id,
        wa_id: '15550101234',
        user_id: null,
        profile_name: 'Alice Liddell',
        name: null,
        consent_state: 'unknown',
      });
    });

    it('shows an error stored by the send path as it was recorded', async () => {
      const stored = {
        code: 130429,
        subcode: undefined,
        http_status: 429,
        title: 'Throughput limit reached',
        message: '(#130429) Rate limit hit',
        details: 'Cloud API message throughput has been reached.',
        fbtrace_id: 'AbCdEf123',
        retryable: true,
        explanation: 'Our explanation',
        fix: 'Our fix',
      };
      const timeout = {
        title: 'Meta did not answer in time',
        message: 'timeout of 1000ms exceeded',
        retryable: true,
        explanation: 'The request to Meta timed out.',
        fix: 'Nothing to change.',
      };
      const throttled = await seedMessage(t, {
        contact: alice,
        status: 'failed',
        createdAt: at('2026-03-07T10:00:00Z'),
        error: stored,
      });
      const timedOut = await seedMessage(t, {
        contact: alice,
        status: 'failed',
        createdAt: at('2026-03-07T11:00:00Z'),
        error: timeout,
      });
      const first = await t.http
        .get(`/api/whatsapp/messages/${throttled.id}`)
        .set(admin.auth)
        .expect(200);
      expect(first.body.error).toEqual({
        code: 130429,
        title: 'Throughput limit reached',
        message: '(#130429) Rate limit hit',
        details: 'Cloud API message throughput has been reached.',
        explanation: 'Our explanation',
        fix: 'Our fix',
        retryable: true,
        fbtrace_id: 'AbCdEf123',
      });
      const second = await t.http
        .get(`/api/whatsapp/messages/${timedOut.id}`)
        .set(admin.auth)
        .expect(200);
      expect(second.body.error).toEqual({
        ...timeout,
        code: null,
        details: null,
        fbtrace_id: null,
      });
    });

    it('answers 404 for another organization’s message, an unknown id or a non-UUID', async () => {
      await t.http.get(`/api/whatsapp/messages/${seeded['a1']!.id}`).set(other.auth).expect(404);
      await t.http.get(`/api/whatsapp/messages/${seeded['z1']!.id}`).set(admin.auth).expect(404);
      await t.http.get(`/api/whatsapp/messages/${seeded['z1']!.id}`).set(other.auth).expect(200);
      const unknown = await t.http
        .get(`/api/whatsapp/messages/${randomUUID()}`)
        .set(admin.auth)
        .expect(404);
      expect(unknown.body).toMatchObject({
        status_code: 404,
        message: 'No such message in your organization.',
      });
      await t.http.get('/api/whatsapp/messages/not-a-uuid').set(admin.auth).expect(404);
    });
  });
});
