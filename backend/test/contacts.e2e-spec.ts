import { and, eq } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConsentService } from '../src/contacts/consent/consent.service.js';
import { contacts, mediaFiles, messages, messageStatusEvents } from '../src/database/schema.js';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { type ConnectedAccount, connectAccount, listen, settle } from './support/webhooks.js';

const ALICE = '15550101234';
const BOB = '447700900123';
const CAROL = '16505550142';

interface ContactDetail {
  readonly consent_state: string;
  readonly consent_history: { state: string; source: string; detail: string | null }[];
  readonly [field: string]: unknown;
}

describe('contacts and consent', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;
  let webhookUrl: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    // One Graph call per attempt: Meta's refusal shows at once.
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_MAX_RETRIES: '0' }));
    const baseUrl = await listen(t);
    admin = await registerAdmin(t, { organization: 'Contacts Org' });
    member = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Other Org' });
    number = addNumber(simulator);
    for (const [name, category] of [
      ['order_ready', 'UTILITY'],
      ['spring_sale', 'MARKETING'],
    ] as const) {
      simulator.addTemplate({
        waba_id: number.waba_id,
        name,
        language: 'en_US',
        category,
        status: 'APPROVED',
        components: [{ type: 'BODY', text: `${name} body` }],
      });
    }
    account = await connectAccount(t, admin, number);
    webhookUrl = `${baseUrl}${account.callbackPath}`;
    simulator.updateAccount(number.phone_number_id, { webhook_url: webhookUrl });
    await writes(ALICE, 'Hello!', 'Alice Liddell');
    await writes(BOB, 'Hi there', 'Bob');
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** The customer writes in through the simulator; resolves once the webhook was applied. */
  async function writes(from: string, text: string, profileName?: string): Promise<void> {
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from,
      type: 'text',
      text: { body: text },
      ...(profileName ? { profile_name: profileName } : {}),
    });
    await simulator.idle();
    await settle(t);
  }

  const list = (user: SignedInUser, query: Record<string, string | number> = {}) =>
    t.http.get('/api/whatsapp/contacts').query(query).set(user.auth);
  const waIds = (body: { items: { wa_id: string }[] }) => body.items.map((c) => c.wa_id);

  async function contactOf(waId: string): Promise<{ id: string; consent_state: string }> {
    const response = await list(admin, { q: waId }).expect(200);
    const items = response.body.items as { id: string; consent_state: string }[];
    expect(items).toHaveLength(1);
    return items[0]!;
  }
  const detail = async (id: string): Promise<ContactDetail> =>
    (await t.http.get(`/api/whatsapp/contacts/${id}`).set(admin.auth).expect(200))
      .body as ContactDetail;
  const send = (to: string, template: string) =>
    t.http
      .post('/api/whatsapp/messages')
      .set(member.auth)
      .send({
        account_id: account.id,
        to: `+${to}`,
        message_type: 'template',
        template_name: template,
        template_language: 'en_US',
      });

  describe('list and search', () => {
    it('finds a number by any part of it, in any spelling', async () => {
      for (const spelling of [
        '+15550101234',
        '5550101234',
        '555-010-1234',
        '+1 555 010 1234',
        '(555) 010.1234',
        '010-12',
      ]) {
        expect(waIds((await list(member, { q: spelling }).expect(200)).body)).toEqual([ALICE]);
      }
      expect(waIds((await list(member, { q: '7700 900' }).expect(200)).body)).toEqual([BOB]);
      expect((await list(member, { q: '555-999-0000' }).expect(200)).body.items).toEqual([]);
    });

    it('finds any part of a name, case-insensitively, and pages by keyset', async () => {
      expect(waIds((await list(member, { q: 'LIDDELL' }).expect(200)).body)).toEqual([ALICE]);
      const first = await list(member, { limit: 1 }).expect(200);
      expect(waIds(first.body)).toEqual([BOB]);
      const second = await list(member, { limit: 1, cursor: first.body.next_cursor }).expect(200);
      expect(waIds(second.body)).toEqual([ALICE]);
      expect(second.body.next_cursor).toBeNull();
    });

    it('shows a contact with its number, names, window and empty consent history', async () => {
      const alice = await contactOf(ALICE);
      expect(await detail(alice.id)).toMatchObject({
        id: alice.id,
        wa_id: ALICE,
        phone_number: `+${ALICE}`,
        profile_name: 'Alice Liddell',
        name: null,
        tags: [],
        attributes: {},
        consent_state: 'unknown',
        consent_history: [],
        last_inbound_at: expect.any(String),
        window: { open: true, expires_at: expect.any(String) },
      });
    });

    it('filters by when they last wrote, and refuses a bad filter with its field', async () => {
      expect(
        (await list(member, { last_inbound_until: '2000-01-01' }).expect(200)).body.items,
      ).toEqual([]);
      expect(
        waIds((await list(member, { last_inbound_since: '2000-01-01' }).expect(200)).body).sort(),
      ).toEqual([ALICE, BOB].sort());
      const bad = await list(member, { consent_state: 'maybe' }).expect(400);
      expect(bad.body.details).toEqual([
        { field: 'consent_state', messages: [expect.stringContaining('opted_out')] },
      ]);
    });

    it('keeps the BSUID and username of a username user, and finds them by either', async () => {
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '',
        from_user_id: 'US.13491208655302741918',
        username: 'zoe.reads',
        profile_name: 'Zoe',
        type: 'text',
        text: { body: 'hello' },
      });
      await simulator.idle();
      await settle(t);
      for (const q of ['@zoe.reads', 'US.13491208655302741918']) {
        const found = await list(member, { q }).expect(200);
        expect(found.body.items).toEqual([
          expect.objectContaining({
            wa_id: null,
            phone_number: null,
            user_id: 'US.13491208655302741918',
            username: 'zoe.reads',
            profile_name: 'Zoe',
          }),
        ]);
      }
    });

    it('keeps other organizations’ contacts out of reach (404, not listed)', async () => {
      const alice = await contactOf(ALICE);
      expect((await list(other).expect(200)).body.items).toEqual([]);
      await t.http.get(`/api/whatsapp/contacts/${alice.id}`).set(other.auth).expect(404);
      await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(other.auth)
        .send({ name: 'Mallory' })
        .expect(404);
      await t.http
        .post(`/api/whatsapp/contacts/${alice.id}/consent`)
        .set(other.auth)
        .send({ state: 'opted_out' })
        .expect(404);
    });
  });

  describe('edits', () => {
    it('lets a member set the name, tags and attributes; the name shows in Messages and the Inbox', async () => {
      const alice = await contactOf(ALICE);
      const response = await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(member.auth)
        .send({
          name: '  Alice (ACME)  ',
          tags: ['vip', ' VIP ', 'lead: web'],
          attributes: { city: 'Lisbon', customer_id: 'C-1' },
        })
        .expect(200);
      expect(response.body).toMatchObject({
        name: 'Alice (ACME)',
        profile_name: 'Alice Liddell',
        tags: ['vip', 'lead: web'],
        attributes: { city: 'Lisbon', customer_id: 'C-1' },
      });
      expect(waIds((await list(member, { tag: 'vip' }).expect(200)).body)).toEqual([ALICE]);
      expect(waIds((await list(member, { q: 'acme' }).expect(200)).body)).toEqual([ALICE]);

      const history = await t.http
        .get('/api/whatsapp/messages')
        .query({ contact: alice.id })
        .set(member.auth)
        .expect(200);
      expect(history.body.items[0].contact_name).toBe('Alice (ACME)');
      const conversation = await t.http
        .get(`/api/whatsapp/conversations/${alice.id}`)
        .set(member.auth)
        .expect(200);
      expect(conversation.body.contact).toMatchObject({
        name: 'Alice (ACME)',
        profile_name: 'Alice Liddell',
      });

      // null removes the name; fields left out stay.
      const cleared = await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(member.auth)
        .send({ name: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ name: null, tags: ['vip', 'lead: web'] });
    });

    it('refuses bad tags and attribute names with the field and reason', async () => {
      const alice = await contactOf(ALICE);
      const badTag = await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(member.auth)
        .send({ tags: ['ok', 'a;b'] })
        .expect(400);
      expect(badTag.body.details[0]).toEqual({
        field: 'tags',
        messages: [expect.stringContaining('"a;b"')],
      });
      const badAttribute = await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(member.auth)
        .send({ attributes: { 'first name': 'Alice' } })
        .expect(400);
      expect(badAttribute.body.details[0].field).toBe('attributes');
      const wrongValue = await t.http
        .patch(`/api/whatsapp/contacts/${alice.id}`)
        .set(member.auth)
        .send({ attributes: { age: 42 } })
        .expect(400);
      expect(wrongValue.body.details[0].messages[0]).toBe('attributes.age must be text');
    });
  });

  describe('consent', () => {
    it('a STOP keyword opts out (recorded with its source); marketing is then refused with 422 while utility goes', async () => {
      await writes(ALICE, '  Stop! ');
      const alice = await contactOf(ALICE);
      const opted = await detail(alice.id);
      expect(opted.consent_state).toBe('opted_out');
      expect(opted.consent_history).toEqual([
        {
          state: 'opted_out',
          source: 'keyword',
          detail: 'Stop!',
          user_id: null,
          occurred_at: expect.any(String),
        },
      ]);
      expect(waIds((await list(member, { consent_state: 'opted_out' }).expect(200)).body)).toEqual([
        ALICE,
      ]);

      const sentBefore = simulator.sent(number.phone_number_id).length;
      const refused = await send(ALICE, 'spring_sale').expect(422);
      expect(refused.body.message).toContain('opted out of marketing messages');
      expect(refused.body.message).toContain('stop keyword');
      // Nothing reached Meta, nothing was recorded.
      expect(simulator.sent(number.phone_number_id)).toHaveLength(sentBefore);
      await send(ALICE, 'order_ready').expect(201);
      // Replies inside the window still go.
      await t.http
        .post('/api/whatsapp/messages')
        .set(member.auth)
        .send({ account_id: account.id, to: `+${ALICE}`, message_type: 'text', text: 'Done.' })
        .expect(201);

      await writes(ALICE, 'start');
      const back = await detail(alice.id);
      expect(back.consent_state).toBe('opted_in');
      expect(back.consent_history.map((e: { source: string }) => e.source)).toEqual([
        'keyword',
        'keyword',
      ]);
      await send(ALICE, 'spring_sale').expect(201);
    });

    it('a tap on a template’s "Stop promotions" quick reply counts as the keyword', async () => {
      const fay = '16505550166';
      await writes(fay, 'hi', 'Fay');
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: fay,
        type: 'button',
        button: { text: 'Stop promotions', payload: 'STOP' },
      });
      await simulator.idle();
      await settle(t);
      const history = (await detail((await contactOf(fay)).id)).consent_history;
      expect(history).toEqual([
        expect.objectContaining({
          state: 'opted_out',
          source: 'keyword',
          detail: 'Stop promotions',
        }),
      ]);
    });

    it('a sentence with "stop" in it is not a keyword', async () => {
      await writes(BOB, 'Please do not stop my order');
      expect((await contactOf(BOB)).consent_state).toBe('unknown');
    });

    it('Meta’s user_preferences webhook records "Stop promotions" and "Resume" per number', async () => {
      simulator.userPreference({
        phone_number_id: number.phone_number_id,
        wa_id: BOB,
        value: 'stop',
      });
      await simulator.idle();
      await settle(t);
      const bob = await contactOf(BOB);
      const stopped = await detail(bob.id);
      expect(stopped.consent_state).toBe('opted_out');
      expect(stopped.consent_history).toEqual([
        expect.objectContaining({
          state: 'opted_out',
          source: 'meta_preferences',
          detail: 'User requested to stop marketing messages',
        }),
      ]);
      await send(BOB, 'spring_sale').expect(422);

      simulator.userPreference({
        phone_number_id: number.phone_number_id,
        wa_id: BOB,
        value: 'resume',
      });
      await simulator.idle();
      await settle(t);
      expect((await detail(bob.id)).consent_state).toBe('opted_in');
      await send(BOB, 'spring_sale').expect(201);
    });

    it('Meta refusing a marketing template with 131050 records the opt-out', async () => {
      await writes(CAROL, 'hello', 'Carol');
      // Carol stops promotions while our webhook is unreachable: only Meta knows.
      simulator.updateAccount(number.phone_number_id, { webhook_url: null });
      simulator.userPreference({
        phone_number_id: number.phone_number_id,
        wa_id: CAROL,
        value: 'stop',
      });
      await simulator.idle();
      simulator.updateAccount(number.phone_number_id, { webhook_url: webhookUrl });

      const refused = await send(CAROL, 'spring_sale').expect(422);
      expect(refused.body.meta_error.code).toBe(131050);
      const carol = await contactOf(CAROL);
      const recorded = await detail(carol.id);
      expect(recorded.consent_state).toBe('opted_out');
      expect(recorded.consent_history).toEqual([
        expect.objectContaining({ state: 'opted_out', source: 'meta_131050' }),
      ]);
      // Now refused here, before Meta is asked again.
      const again = await send(CAROL, 'spring_sale').expect(422);
      expect(again.body.meta_error).toBeUndefined();
      expect(again.body.message).toContain('131050');
    });

    it('a failed status with 131050 records the opt-out too; campaigns ask isReachableForMarketing', async () => {
      const erin = '16505550177';
      await writes(erin, 'hello', 'Erin');
      const sent = await send(erin, 'spring_sale').expect(201);
      const contact = await contactOf(erin);
      const consent = t.app.get(ConsentService);
      expect(await consent.isReachableForMarketing(admin.organizationId, contact.id)).toBe(true);
      // Meta accepted the send, then failed it: the user had stopped marketing messages.
      simulator.pushStatus({
        phone_number_id: number.phone_number_id,
        wamid: sent.body.wa_message_id,
        status: 'failed',
        code: 131050,
      });
      await simulator.idle();
      await settle(t);
      const recorded = await detail(contact.id);
      expect(recorded.consent_state).toBe('opted_out');
      expect(recorded.consent_history).toEqual([
        expect.objectContaining({ state: 'opted_out', source: 'meta_131050' }),
      ]);
      expect(await consent.isReachableForMarketing(admin.organizationId, contact.id)).toBe(false);
      // Another organization's caller never reaches it.
      expect(await consent.isReachableForMarketing(other.organizationId, contact.id)).toBe(false);
    });

    it('an agent opts out and an API client records an opt-in with its wording', async () => {
      const bob = await contactOf(BOB);
      const out = await t.http
        .post(`/api/whatsapp/contacts/${bob.id}/consent`)
        .set(member.auth)
        .send({ state: 'opted_out', detail: 'Asked by phone' })
        .expect(200);
      expect(out.body.consent_state).toBe('opted_out');
      expect(out.body.consent_history.at(-1)).toMatchObject({
        state: 'opted_out',
        source: 'agent',
        detail: 'Asked by phone',
        user_id: member.id,
      });
      const wording = 'Yes, send me offers on WhatsApp (checkbox at checkout)';
      const back = await t.http
        .post(`/api/whatsapp/contacts/${bob.id}/consent`)
        .set(admin.auth)
        .send({ state: 'opted_in', source: 'api', detail: wording })
        .expect(200);
      expect(back.body.consent_history.at(-1)).toMatchObject({
        state: 'opted_in',
        source: 'api',
        detail: wording,
      });
      const bad = await t.http
        .post(`/api/whatsapp/contacts/${bob.id}/consent`)
        .set(admin.auth)
        .send({ state: 'maybe', source: 'import' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'source',
        'state',
      ]);
    });

    it('uses the organization’s own keywords, which only admins change', async () => {
      const toBob = () => simulator.sent(number.phone_number_id).filter((m) => m.to === BOB);
      const defaults = await t.http
        .get('/api/whatsapp/consent-settings')
        .set(member.auth)
        .expect(200);
      expect(defaults.body.opt_out_keywords).toEqual(expect.arrayContaining(['STOP', 'BAJA']));
      expect(defaults.body.confirmation_enabled).toBe(false);
      await t.http
        .put('/api/whatsapp/consent-settings')
        .set(member.auth)
        .send({ opt_out_keywords: ['BASTA'] })
        .expect(403);
      const saved = await t.http
        .put('/api/whatsapp/consent-settings')
        .set(admin.auth)
        .send({ opt_out_keywords: ['STOP', 'Basta'], confirmation_enabled: true })
        .expect(200);
      expect(saved.body).toMatchObject({
        opt_out_keywords: ['STOP', 'Basta'],
        opt_in_keywords: defaults.body.opt_in_keywords,
        confirmation_enabled: true,
      });
      await t.http
        .put('/api/whatsapp/consent-settings')
        .set(admin.auth)
        .send({ opt_out_keywords: [] })
        .expect(400);

      const sentBefore = toBob().length;
      await writes(BOB, 'basta!');
      const bob = await contactOf(BOB);
      // Confirmations are on: the contact got the opt-out reply, sent by the service itself.
      await settle(t);
      await simulator.idle();
      const replies = toBob().slice(sentBefore);
      expect(replies.map((m) => m.body)).toEqual([
        expect.objectContaining({
          type: 'text',
          text: expect.objectContaining({ body: defaults.body.opt_out_reply }),
        }),
      ]);
      const [reply] = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, replies[0]!.wamid));
      expect(reply).toMatchObject({ direction: 'out', sentByUserId: null });
      expect((await detail(bob.id)).consent_history.at(-1)).toMatchObject({
        state: 'opted_out',
        source: 'keyword',
        detail: 'basta!',
      });
      // Other organizations keep the defaults.
      const theirs = await t.http.get('/api/whatsapp/consent-settings').set(other.auth).expect(200);
      expect(theirs.body.opt_out_keywords).toEqual(defaults.body.opt_out_keywords);
    });
  });

  describe('erasure', () => {
    it('erases a contact with its messages, timelines, media files and consent history (admins only)', async () => {
      const dave = '16505550199';
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: dave,
        type: 'image',
        image: { caption: 'my receipt' },
      });
      await simulator.idle();
      await settle(t);
      await writes(dave, 'STOP');
      const contact = await contactOf(dave);
      await send(dave, 'order_ready').expect(201);
      // Meta's statuses for it have arrived.
      await simulator.idle();
      await settle(t);
      const [file] = await t.db
        .select()
        .from(mediaFiles)
        .innerJoin(messages, eq(messages.id, mediaFiles.messageId))
        .where(eq(messages.contactId, contact.id));
      expect(file?.media_files.status).toBe('stored');
      const stored = join(t.config.media.dir, ...file!.media_files.storageKey!.split('/'));
      expect(existsSync(stored)).toBe(true);

      const timelines = await t.db
        .select({ id: messageStatusEvents.id })
        .from(messageStatusEvents)
        .innerJoin(messages, eq(messages.id, messageStatusEvents.messageId))
        .where(eq(messages.contactId, contact.id));
      expect(timelines.length).toBeGreaterThanOrEqual(3);

      await t.http.delete(`/api/whatsapp/contacts/${contact.id}`).set(member.auth).expect(403);
      await t.http.delete(`/api/whatsapp/contacts/${contact.id}`).set(other.auth).expect(404);
      const erased = await t.http
        .delete(`/api/whatsapp/contacts/${contact.id}`)
        .set(admin.auth)
        .expect(200);
      expect(erased.body).toEqual({
        contact_id: contact.id,
        // The photo, STOP, its confirmation (turned on above) and the template.
        messages_count: 4,
        status_events_count: timelines.length,
        media_files_count: 1,
        consent_events_count: 1,
      });

      await t.http.get(`/api/whatsapp/contacts/${contact.id}`).set(admin.auth).expect(404);
      expect(await t.db.select().from(messages).where(eq(messages.contactId, contact.id))).toEqual(
        [],
      );
      expect(
        await t.db
          .select()
          .from(messageStatusEvents)
          .where(
            and(
              eq(messageStatusEvents.organizationId, admin.organizationId),
              eq(messageStatusEvents.messageId, file!.messages.id),
            ),
          ),
      ).toEqual([]);
      expect(existsSync(stored)).toBe(false);
      expect(await t.db.select().from(contacts).where(eq(contacts.id, contact.id))).toEqual([]);
      // The others are untouched.
      expect(waIds((await list(admin, { q: ALICE }).expect(200)).body)).toEqual([ALICE]);
    });
  });
});
