import { eq } from 'drizzle-orm';
import { contacts, messages } from '../src/database/schema.js';
import { ContactsRepository } from '../src/contacts/contacts.repository.js';
import { MessageDelivery } from '../src/messages/send/message-delivery.service.js';
import { MessagePreparer } from '../src/messages/send/message-preparer.service.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, waitFor } from './support/webhooks.js';

const CUSTOMER = '+15550101234';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('sending messages', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    // A send Meta never answers is failed as unanswered a second after its call.
    t = await createTestApp(simulatorEnv(simulator, { SEND_UNCERTAIN_AFTER_SECONDS: '1' }));
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, order {{2}} is on its way.',
          example: { body_text: [['Ada', 'A-1']] },
        },
      ],
    });
    // Meta lists an authentication template without its texts: it writes them itself.
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'login_code',
      language: 'en_US',
      category: 'AUTHENTICATION',
      status: 'APPROVED',
      components: [
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 10 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
      ],
    });
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'draft_offer',
      language: 'en_US',
      category: 'MARKETING',
      status: 'PENDING',
      components: [{ type: 'BODY', text: 'Offer' }],
    });
    accountId = (await connectAccount(t, admin, number, { withAppSecret: false })).id;
    await customerWrites(CUSTOMER);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** The customer writes in: opens the 24-hour window at Meta (simulator) and here. */
  async function customerWrites(phone: string, at = new Date()): Promise<string> {
    const inbound = simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: phone.slice(1),
      type: 'text',
      text: { body: 'Hello!' },
    });
    const repo = t.app.get(ContactsRepository);
    const contact = await repo.upsert({
      organizationId: admin.organizationId,
      phoneNumberId: number.phone_number_id,
      accountId,
      waId: phone.slice(1),
    });
    await repo.recordInbound(admin.organizationId, contact.id, at);
    return inbound.message_id;
  }

  const send = (body: Record<string, unknown>, user: SignedInUser = admin) =>
    t.http
      .post('/api/whatsapp/messages')
      .set(user.auth)
      .send({ account_id: accountId, to: CUSTOMER, ...body });
  const lastSent = () => simulator.sent(number.phone_number_id).at(-1);

  it('sends a text, recorded before Meta is called and then sent with Meta’s wamid', async () => {
    const response = await send({
      message_type: 'text',
      text: 'Your order has shipped.',
      preview_url: true,
    }).expect(201);
    expect(response.body).toMatchObject({
      status: 'sent',
      direction: 'out',
      to: CUSTOMER,
      message_type: 'text',
      preview_text: 'Your order has shipped.',
      wa_message_id: expect.stringMatching(/^wamid\./),
    });
    expect(lastSent()?.body).toMatchObject({
      messaging_product: 'whatsapp',
      to: CUSTOMER,
      type: 'text',
      text: { body: 'Your order has shipped.', preview_url: true },
      biz_opaque_callback_data: response.body.id,
    });
    const [row] = await t.db.select().from(messages).where(eq(messages.id, response.body.id));
    expect(row).toMatchObject({
      status: 'sent',
      waMessageId: response.body.wa_message_id,
      sentByUserId: admin.id,
    });
  });

  it.each([
    [
      'image',
      { media: { link: 'https://example.com/cat.jpg', caption: 'A cat' } },
      { image: { link: 'https://example.com/cat.jpg', caption: 'A cat' } },
    ],
    [
      'video',
      { media: { link: 'https://example.com/clip.mp4' } },
      { video: { link: 'https://example.com/clip.mp4' } },
    ],
    [
      'audio',
      { media: { link: 'https://example.com/note.ogg', caption: 'ignored for audio' } },
      { audio: { link: 'https://example.com/note.ogg' } },
    ],
    [
      'document',
      { media: { link: 'https://example.com/menu.pdf', filename: 'menu.pdf', caption: 'Menu' } },
      { document: { link: 'https://example.com/menu.pdf', filename: 'menu.pdf', caption: 'Menu' } },
    ],
    [
      'sticker',
      { media: { link: 'https://example.com/s.webp' } },
      { sticker: { link: 'https://example.com/s.webp' } },
    ],
    [
      'location',
      { location: { latitude: 52.37, longitude: 4.9, name: 'Shop', address: 'Dam 1' } },
      { location: { latitude: 52.37, longitude: 4.9, name: 'Shop', address: 'Dam 1' } },
    ],
    [
      'contacts',
      {
        contacts: [
          { name: { formatted_name: 'Ada Lovelace' }, phones: [{ phone: '+15550100001' }] },
        ],
      },
      { contacts: [{ name: { formatted_name: 'Ada Lovelace' } }] },
    ],
    [
      'interactive',
      {
        interactive: {
          type: 'button',
          body: 'Tuesday at 10?',
          footer: 'Reply below',
          buttons: [
            { id: 'yes', title: 'Yes' },
            { id: 'no', title: 'Another day' },
          ],
        },
      },
      {
        interactive: {
          type: 'button',
          body: { text: 'Tuesday at 10?' },
          footer: { text: 'Reply below' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'Another day' } },
            ],
          },
        },
      },
    ],
    [
      'interactive',
      {
        interactive: {
          type: 'list',
          body: 'Pick a time',
          button: 'Times',
          sections: [
            {
              title: 'Tomorrow',
              rows: [
                { id: 'am', title: '09:00', description: 'Morning' },
                { id: 'pm', title: '15:00' },
              ],
            },
          ],
        },
      },
      {
        interactive: {
          type: 'list',
          action: {
            button: 'Times',
            sections: [
              {
                title: 'Tomorrow',
                rows: [
                  { id: 'am', title: '09:00' },
                  { id: 'pm', title: '15:00' },
                ],
              },
            ],
          },
        },
      },
    ],
  ])('sends a %s message in Meta’s shape', async (type, fields, expected) => {
    const response = await send({ message_type: type, ...fields }).expect(201);
    expect(response.body.status).toBe('sent');
    expect(lastSent()?.body).toMatchObject({ type, ...expected });
    if (type === 'audio') expect(lastSent()?.body['audio']).not.toHaveProperty('caption');
  });

  it('queues a send Meta rate-limits with a long Retry-After (202), and sends it after that', async () => {
    // GRAPH_API_RETRY_MAX_MS is 2 s in tests: Meta asks for 3.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: '429',
      code: 130429,
      retry_after: 3,
    });
    const asked = Date.now();
    const res = await t.http
      .post('/api/whatsapp/messages')
      .set(admin.auth)
      .send({
        account_id: accountId,
        to: '+15550107788',
        message_type: 'template',
        template_name: 'order_update',
        template_components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ada' },
              { type: 'text', text: 'A-9' },
            ],
          },
        ],
      })
      .expect(202);
    expect(res.body).toMatchObject({ status: 'queued', wa_message_id: null });
    expect(
      simulator.sent(number.phone_number_id).filter((m) => m.to === '15550107788'),
    ).toHaveLength(0);
    const sent = await waitFor(
      'the queued message to be sent',
      async () => {
        const m = await t.http
          .get(`/api/whatsapp/messages/${res.body.id}`)
          .set(admin.auth)
          .expect(200);
        const body = m.body as { status: string };
        return body.status !== 'queued' ? body : undefined;
      },
      15_000,
    );
    expect(sent.status).toMatch(/sent|delivered|read/);
    const atMeta = simulator.sent(number.phone_number_id).filter((m) => m.to === '15550107788');
    expect(atMeta).toHaveLength(1);
    expect(Date.parse(atMeta[0]!.accepted_at) - asked).toBeGreaterThanOrEqual(3000);
  });

  it('uploads media and sends it by id', async () => {
    const upload = await t.http
      .post('/api/whatsapp/messages/media')
      .set(admin.auth)
      .field('account_id', accountId)
      .attach('file', PNG, { filename: '../../etc/dot.png', contentType: 'image/png' })
      .expect(201);
    expect(upload.body).toMatchObject({
      media_id: expect.stringMatching(/^\d+$/),
      mime_type: 'image/png',
      size_bytes: PNG.length,
      filename: 'dot.png',
    });
    await send({ message_type: 'image', media: { id: upload.body.media_id } }).expect(201);
    expect(lastSent()?.body).toMatchObject({ image: { id: upload.body.media_id } });
  });

  it('refuses uploads WhatsApp would refuse, naming the field', async () => {
    const wrongType = await t.http
      .post('/api/whatsapp/messages/media')
      .set(admin.auth)
      .field('account_id', accountId)
      .attach('file', Buffer.from('MZ'), {
        filename: 'x.exe',
        contentType: 'application/x-msdownload',
      })
      .expect(400);
    expect(wrongType.body.details).toEqual([
      {
        field: 'file',
        messages: [expect.stringMatching(/does not accept application\/x-msdownload/)],
      },
    ]);
    const bigSticker = await t.http
      .post('/api/whatsapp/messages/media')
      .set(admin.auth)
      .field('account_id', accountId)
      .attach('file', Buffer.alloc(600 * 1024), { filename: 's.webp', contentType: 'image/webp' })
      .expect(400);
    expect(bigSticker.body.details[0].messages[0]).toMatch(
      /sticker files can be at most 500 KB; this one is 600 KB/,
    );
    await t.http
      .post('/api/whatsapp/messages/media')
      .set(admin.auth)
      .attach('file', PNG, { filename: 'a.png', contentType: 'image/png' })
      .expect(400);
  });

  it('sends a template whose parameters fit its placeholders', async () => {
    const response = await send({
      message_type: 'template',
      template_name: 'order_update',
      template_language: 'en_US',
      template_components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ada' },
            { type: 'text', text: 'A-1001' },
          ],
        },
      ],
    }).expect(201);
    // What the customer reads, not the template's name: in lists, search and live previews.
    expect(response.body.preview_text).toBe('Hi Ada, order A-1001 is on its way.');
    expect(lastSent()?.template?.name).toBe('order_update');
    const detail = await t.http
      .get(`/api/whatsapp/messages/${response.body.id}`)
      .set(admin.auth)
      .expect(200);
    expect(detail.body.template).toEqual({
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      header: null,
      body: 'Hi Ada, order A-1001 is on its way.',
      footer: null,
      buttons: [],
    });
    const found = await t.http
      .get('/api/whatsapp/messages')
      .query({ q: 'A-1001' })
      .set(admin.auth)
      .expect(200);
    expect(found.body.items.map((m: { id: string }) => m.id)).toContain(response.body.id);
  });

  it('sends an authentication template: its code in the body and in the copy-code button', async () => {
    const code = (where: object) => ({ ...where, parameters: [{ type: 'text', text: '482913' }] });
    // Without the button's copy of the code Meta would refuse it (132000): caught here.
    const before = simulator.sent(number.phone_number_id).length;
    const short = await send({
      message_type: 'template',
      template_name: 'login_code',
      template_components: [code({ type: 'body' })],
    }).expect(400);
    expect(short.body.details).toEqual([
      {
        field: 'template_components',
        messages: ["the template's button 0 (Copy code) needs 1 parameter, got 0"],
      },
    ]);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(before);

    const response = await send({
      message_type: 'template',
      template_name: 'login_code',
      template_components: [
        code({ type: 'body' }),
        code({ type: 'button', sub_type: 'url', index: '0' }),
      ],
    }).expect(201);
    // What the customer reads: Meta's own wording, with the code.
    expect(response.body.preview_text).toBe(
      '*482913* is your verification code. For your security, do not share this code.',
    );
    expect(lastSent()?.template?.name).toBe('login_code');
  });

  it('catches a wrong parameter count before Meta sees it (would be error 132000)', async () => {
    const before = simulator.sent(number.phone_number_id).length;
    const response = await send({
      message_type: 'template',
      template_name: 'order_update',
      template_components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }],
    }).expect(400);
    expect(response.body.details).toEqual([
      { field: 'template_components', messages: ["the template's body needs 2 parameters, got 1"] },
    ]);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(before);
  });

  it('refuses unknown and unapproved templates with an explanation', async () => {
    const unknown = await send({
      message_type: 'template',
      template_name: 'no_such_template',
    }).expect(422);
    expect(unknown.body.message).toMatch(/no template "no_such_template" in en_US/);
    const pending = await send({ message_type: 'template', template_name: 'draft_offer' }).expect(
      422,
    );
    expect(pending.body.message).toMatch(/PENDING, not approved/);
  });

  it('refuses free-form messages outside the 24-hour window and explains that a template is needed', async () => {
    const stranger = '+15550107777';
    const response = await send({ message_type: 'text', text: 'Hi!', to: stranger }).expect(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      window: { open: false, last_inbound_at: null },
    });
    expect(response.body.message).toMatch(/has never written.*send a template/);
    // Refused requests leave nothing behind: no contact, no message.
    expect(
      await t.db
        .select()
        .from(contacts)
        .where(eq(contacts.waId, stranger.slice(1))),
    ).toEqual([]);

    const lapsed = '+15550108888';
    await customerWrites(lapsed, new Date(Date.now() - 25 * 3600 * 1000));
    const late = await send({ message_type: 'text', text: 'Hi again', to: lapsed }).expect(422);
    expect(late.body.message).toMatch(/more than 24 hours ago/);
    // Templates are allowed outside the window.
    await send({
      message_type: 'template',
      template_name: 'order_update',
      to: lapsed,
      template_components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Bo' },
            { type: 'text', text: 'B-2' },
          ],
        },
      ],
    }).expect(201);
  });

  it.each([
    [{ message_type: 'text', text: 'x'.repeat(4097) }, 'text'],
    [{ message_type: 'text' }, 'text'],
    [{ message_type: 'text', text: 'hi', to: '15550101234' }, 'to'],
    [{ message_type: 'text', text: 'hi', to: '+1555' }, 'to'],
    [{ message_type: 'fax', text: 'hi' }, 'message_type'],
    [{ message_type: 'image', media: {} }, 'media.id'],
    [
      {
        message_type: 'interactive',
        interactive: {
          type: 'button',
          body: 'Pick',
          buttons: [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` })),
        },
      },
      'interactive.buttons',
    ],
    [
      {
        message_type: 'interactive',
        interactive: {
          type: 'button',
          body: 'Pick',
          buttons: [{ id: 'a', title: 'A title that is too long' }],
        },
      },
      'interactive.buttons.0.title',
    ],
    [
      {
        message_type: 'interactive',
        interactive: {
          type: 'list',
          body: 'Pick',
          button: 'Open',
          sections: [
            {
              title: 'A',
              rows: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, title: `A${i}` })),
            },
            {
              title: 'B',
              rows: Array.from({ length: 6 }, (_, i) => ({ id: `b${i}`, title: `B${i}` })),
            },
          ],
        },
      },
      'interactive.sections',
    ],
    [{ message_type: 'location', location: { latitude: 123, longitude: 4 } }, 'location.latitude'],
    [{ message_type: 'text', text: 'hi', account_id: 'not-a-uuid' }, 'account_id'],
  ])('names the failing field of an invalid message (%#)', async (body, field) => {
    const before = simulator.sent(number.phone_number_id).length;
    const response = await send(body).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(before);
  });

  it('returns the first result for a retried request with the same Idempotency-Key, and sends once', async () => {
    const key = `retry-${Date.now()}`;
    const body = { message_type: 'text', text: 'Exactly once' };
    const first = await send(body).set('Idempotency-Key', key).expect(201);
    const before = simulator.sent(number.phone_number_id).length;
    const again = await send(body).set('Idempotency-Key', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(before);
    const different = await send({ message_type: 'text', text: 'Something else' })
      .set('Idempotency-Key', key)
      .expect(422);
    expect(different.body.message).toMatch(/already used for a different message/);
  });

  it('sends once when the same Idempotency-Key arrives twice at the same moment', async () => {
    const key = `race-${Date.now()}`;
    const before = simulator.sent(number.phone_number_id).length;
    const [a, b] = await Promise.all([
      send({ message_type: 'text', text: 'Race' }).set('Idempotency-Key', key),
      send({ message_type: 'text', text: 'Race' }).set('Idempotency-Key', key),
    ]);
    expect(a.body.id).toBe(b.body.id);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(before + 1);
  });

  it('records Meta’s refusal as a failed message with the code and a plain explanation (422)', async () => {
    const response = await send({
      message_type: 'template',
      template_name: 'order_update',
      to: '+15550100000',
      template_components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'X' },
            { type: 'text', text: 'Y' },
          ],
        },
      ],
    }).expect(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      message_id: expect.any(String),
      meta_error: {
        code: 131026,
        title: 'Message undeliverable',
        retryable: false,
        explanation: expect.stringMatching(/cannot receive/),
        fbtrace_id: expect.any(String),
      },
    });
    const [row] = await t.db
      .select()
      .from(messages)
      .where(eq(messages.id, response.body.message_id));
    expect(row).toMatchObject({
      status: 'failed',
      waMessageId: null,
      error: expect.objectContaining({ code: 131026 }),
    });
    expect(row?.failedAt).toBeInstanceOf(Date);
  });

  it('prepares and delivers a message with no HTTP request around it (as a campaign worker will)', async () => {
    await customerWrites(CUSTOMER);
    const preparation = await t.app.get(MessagePreparer).prepare(
      { id: admin.id, organizationId: admin.organizationId },
      {
        account_id: accountId,
        to: CUSTOMER,
        message_type: 'text',
        text: 'Prepared, then delivered',
      },
    );
    if (preparation.kind !== 'prepared') throw new Error('Expected a prepared message');
    const id = preparation.prepared.message.id;
    // Written before Meta is called: the inbox shows it queued.
    expect((await t.db.select().from(messages).where(eq(messages.id, id)))[0]?.status).toBe(
      'queued',
    );

    const result = await t.app.get(MessageDelivery).deliver(preparation.prepared);
    expect(result).toMatchObject({
      outcome: 'sent',
      message: { id, status: 'sent', wa_message_id: expect.stringMatching(/^wamid\./) },
    });
    expect(lastSent()?.body).toMatchObject({
      text: { body: 'Prepared, then delivered' },
      biz_opaque_callback_data: id,
    });
  });

  it('answers 502 and records a failed message when Meta keeps failing', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: '5xx',
      // One attempt and GRAPH_API_MAX_RETRIES (3) retries all fail.
      count: 4,
    });
    const response = await send({ message_type: 'text', text: 'During an outage' }).expect(502);
    expect(response.body.meta_error).toMatchObject({ retryable: true });
  });

  it('never repeats a send Meta did not answer: 202 queued, then failed as unanswered', async () => {
    // Meta holds the call past our timeout (GRAPH_API_TIMEOUT_MS, 1 s) and never takes it.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: 'timeout',
      hold_ms: 1500,
    });
    const response = await send({ message_type: 'text', text: 'Into the void' }).expect(202);
    expect(response.body).toMatchObject({ status: 'queued', wa_message_id: null });

    const settled = await waitFor('the unanswered send to fail', async () => {
      const { body } = await t.http
        .get(`/api/whatsapp/messages/${response.body.id}`)
        .set(admin.auth)
        .expect(200);
      return body.status === 'queued' ? undefined : (body as Record<string, unknown>);
    });
    expect(settled).toMatchObject({
      status: 'failed',
      error: { title: 'Meta did not answer', retryable: true },
    });
    // The held call was not repeated (a repeat would have gone through).
    expect(
      simulator
        .sent(number.phone_number_id)
        .filter((m) => JSON.stringify(m.body).includes('Into the void')),
    ).toEqual([]);
  });

  it('quotes a message and reacts to one, by our id or Meta’s', async () => {
    await customerWrites(CUSTOMER);
    const original = await send({ message_type: 'text', text: 'Original' }).expect(201);
    await send({ message_type: 'text', text: 'A reply', reply_to: original.body.id }).expect(201);
    expect(lastSent()?.body).toMatchObject({
      context: { message_id: original.body.wa_message_id },
    });
    await send({
      message_type: 'reaction',
      reaction: { message_id: original.body.wa_message_id, emoji: '👍' },
    }).expect(201);
    expect(lastSent()?.body).toMatchObject({
      type: 'reaction',
      reaction: { message_id: original.body.wa_message_id, emoji: '👍' },
    });
    const unknown = await send({
      message_type: 'text',
      text: 'x',
      reply_to: '00000000-0000-4000-8000-000000000000',
    }).expect(400);
    expect(unknown.body.details[0].field).toBe('reply_to');
  });

  /** The customer's message `wamid` as the webhook stores it. */
  async function storeInbound(wamid: string): Promise<string> {
    const repo = t.app.get(ContactsRepository);
    const contact = await repo.findByKey(
      admin.organizationId,
      number.phone_number_id,
      CUSTOMER.slice(1),
    );
    const [inbound] = await t.db
      .insert(messages)
      .values({
        organizationId: admin.organizationId,
        accountId,
        phoneNumberId: number.phone_number_id,
        contactId: contact!.id,
        direction: 'in',
        waMessageId: wamid,
        fromAddress: CUSTOMER,
        toAddress: '+1 555',
        messageType: 'text',
        content: {},
        status: 'received',
      })
      .returning();
    return inbound!.id;
  }
  const statusOf = async (id: string) =>
    (await t.db.select().from(messages).where(eq(messages.id, id)))[0]?.status;
  const markRead = (id: string) => t.http.post(`/api/whatsapp/messages/${id}/read`).set(admin.auth);
  const upload = (file: Buffer, contentType: string) =>
    t.http
      .post('/api/whatsapp/messages/media')
      .set(admin.auth)
      .field('account_id', accountId)
      .attach('file', file, { filename: 'photo.png', contentType });

  it('marks an inbound message as read at Meta', async () => {
    const wamid = await customerWrites(CUSTOMER);
    const id = await storeInbound(wamid);
    await markRead(id).expect(204);
    expect(simulator.receipts(number.phone_number_id).map((r) => r.message_id)).toContain(wamid);
    expect(await statusOf(id)).toBe('read');
  });

  it('answers 422 with meta_error when Meta refuses a read receipt (131009), and keeps the message unread', async () => {
    // Meta never delivered this id to the number, so it refuses to mark it read.
    const id = await storeInbound(`wamid.HBgNMTU1NTAxMDEyMzQVAgASGBQz${Date.now()}`);
    const response = await markRead(id).expect(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      error: 'Unprocessable Entity',
      message: expect.stringMatching(/^Parameter value not valid: /),
      meta_error: {
        code: 131009,
        details: expect.stringMatching(/is not a message received by this phone number/),
        retryable: false,
        fbtrace_id: expect.any(String),
      },
    });
    expect(await statusOf(id)).toBe('received');
  });

  it('answers 502 when Meta keeps failing on a read receipt, and keeps the message unread', async () => {
    const id = await storeInbound(await customerWrites(CUSTOMER));
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'messages',
      kind: '5xx',
      // One attempt and GRAPH_API_MAX_RETRIES (3) retries all fail.
      count: 4,
    });
    const response = await markRead(id).expect(502);
    expect(response.body).toMatchObject({ status_code: 502, meta_error: { retryable: true } });
    expect(await statusOf(id)).toBe('received');
  });

  it('answers 422 with meta_error when Meta refuses an upload (131053: content and type differ)', async () => {
    const response = await upload(Buffer.from('not a picture at all'), 'image/png').expect(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      message: expect.stringMatching(/^Media upload failed: /),
      meta_error: {
        code: 131053,
        details: expect.stringMatching(/MIME type mismatch/),
        retryable: false,
      },
    });
  });

  it('answers 502 when Meta does not answer an upload in time', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media_upload',
      kind: 'timeout',
      count: 4,
    });
    const response = await upload(PNG, 'image/png').expect(502);
    expect(response.body.meta_error).toMatchObject({
      code: null,
      title: 'Meta did not answer in time',
      retryable: true,
    });
  });

  it('answers 502 when Meta keeps failing on an upload', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media_upload',
      kind: '5xx',
      count: 4,
    });
    const response = await upload(PNG, 'image/png').expect(502);
    expect(response.body.meta_error).toMatchObject({ retryable: true });
  });

  it("never sends from another organization's account", async () => {
    const intruder = await registerAdmin(t, { organization: 'Intruders' });
    const response = await send(
      { message_type: 'template', template_name: 'order_update' },
      intruder,
    ).expect(400);
    expect(response.body.details).toEqual([
      { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
    ]);
    const original = await send({
      message_type: 'template',
      template_name: 'order_update',
      template_components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'A' },
            { type: 'text', text: 'B' },
          ],
        },
      ],
    }).expect(201);
    await t.http
      .post(`/api/whatsapp/messages/${original.body.id}/read`)
      .set(intruder.auth)
      .expect(404);
  });
});
