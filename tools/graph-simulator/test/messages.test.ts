import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account, Simulator } from '../src/index.ts';
import {
  accountInput,
  field,
  admin,
  graph,
  startSimulator,
  textMessage,
  type Json,
} from './helpers.ts';

const CUSTOMER = '+1 (650) 555-1234';
const CUSTOMER_ID = '16505551234';

/** A template's body component with plain text parameters. */
const body = (...texts: string[]) => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
});

describe('POST /{phone-number-id}/messages', () => {
  let sim: Simulator;
  let account: Account;
  const send = (body: unknown, token: string = account.access_token) =>
    graph(sim, 'POST', `/${account.phone_number_id}/messages`, { token, body });

  function expectError(res: { status: number; body: Json }, status: number, code: number): Json {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code, JSON.stringify(res.body));
    assert.equal(typeof res.body.error.message, 'string');
    assert.equal(typeof res.body.error.type, 'string');
    assert.equal(typeof res.body.error.fbtrace_id, 'string');
    return res.body.error;
  }

  before(async () => {
    sim = await startSimulator();
    account = sim.addAccount(accountInput({ pair_rate: { burst: 1000 } }));
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        {
          type: 'BODY',
          text: 'Hi {{1}}, order {{2}} shipped. {{1}}!',
          example: { body_text: [['a', 'b']] },
        },
      ],
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'appointment_reminder',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'IMAGE' },
        { type: 'BODY', text: 'Hello {{1}}, see you on {{2}}.' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Open', url: 'https://example.com/a/{{1}}' },
            { type: 'QUICK_REPLY', text: 'OK' },
          ],
        },
      ],
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'named_greeting',
      language: 'en_US',
      category: 'MARKETING',
      parameter_format: 'NAMED',
      components: [{ type: 'BODY', text: 'Hi {{first_name}}, code {{code}}' }],
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'pending_one',
      language: 'en_US',
      category: 'MARKETING',
      status: 'PENDING',
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'paused_one',
      language: 'en_US',
      category: 'MARKETING',
      status: 'PAUSED',
    });
    // The customer wrote first: the 24-hour window is open.
    sim.inbound({
      phone_number_id: account.phone_number_id,
      from: CUSTOMER_ID,
      type: 'text',
      text: 'hi',
    });
  });
  after(() => sim.close());

  it('accepts a text message, normalises `to` and answers like Meta', async () => {
    const res = await send(textMessage(CUSTOMER));
    assert.equal(res.status, 200);
    assert.equal(res.body.messaging_product, 'whatsapp');
    assert.deepEqual(res.body.contacts, [{ input: CUSTOMER, wa_id: CUSTOMER_ID }]);
    assert.equal(res.body.messages.length, 1);
    assert.match(res.body.messages[0].id, /^wamid\.[A-Za-z0-9+/]+=*$/);
    assert.equal(res.body.messages[0].message_status, undefined);
    assert.match(res.headers.get('x-fb-trace-id') ?? '', /^[\w-]{11}$/);
    assert.match(res.headers.get('x-fb-request-id') ?? '', /^[\w-]{23}$/);
    assert.equal(res.headers.get('facebook-api-version'), 'v23.0');
  });

  it('accepts every message type', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
      'base64',
    );
    form.set('file', new Blob([png], { type: 'image/png' }), 'pixel.png');
    const upload = await graph(sim, 'POST', `/${account.phone_number_id}/media`, {
      token: account.access_token,
      form,
    });
    assert.equal(upload.status, 200, JSON.stringify(upload.body));
    const mediaId: string = upload.body.id;
    const base = { messaging_product: 'whatsapp', to: CUSTOMER_ID };
    const bodies: Record<string, unknown>[] = [
      { ...base, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } },
      {
        ...base,
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [body('Ana', '#1')],
        },
      },
      {
        ...base,
        type: 'template',
        template: {
          name: 'appointment_reminder',
          language: { code: 'en_US' },
          components: [
            {
              type: 'header',
              parameters: [{ type: 'image', image: { link: 'https://example.com/x.png' } }],
            },
            body('Ana', 'Monday'),
            {
              type: 'button',
              sub_type: 'url',
              index: '0',
              parameters: [{ type: 'text', text: 'abc' }],
            },
            {
              type: 'button',
              sub_type: 'quick_reply',
              index: 1,
              parameters: [{ type: 'payload', payload: 'ok' }],
            },
          ],
        },
      },
      {
        ...base,
        type: 'template',
        template: {
          name: 'named_greeting',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', parameter_name: 'first_name', text: 'Ana' },
                { type: 'text', parameter_name: 'code', text: 'X1' },
              ],
            },
          ],
        },
      },
      { ...base, type: 'image', image: { id: mediaId, caption: 'a pixel' } },
      { ...base, type: 'image', image: { link: 'https://example.com/a.jpg' } },
      { ...base, type: 'video', video: { link: 'https://example.com/a.mp4', caption: 'v' } },
      { ...base, type: 'audio', audio: { link: 'https://example.com/a.ogg' } },
      {
        ...base,
        type: 'document',
        document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' },
      },
      { ...base, type: 'sticker', sticker: { link: 'https://example.com/a.webp' } },
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Choose' },
          body: { text: 'Pick one' },
          footer: { text: 'footer' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
              { type: 'reply', reply: { id: 'no', title: 'No' } },
            ],
          },
        },
      },
      {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Menu' },
          action: {
            button: 'See options',
            sections: [
              { title: 'Food', rows: [{ id: 'f1', title: 'Pizza', description: 'Cheese' }] },
              { title: 'Drinks', rows: [{ id: 'd1', title: 'Water' }] },
            ],
          },
        },
      },
      { ...base, type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '\u{1F44D}' } },
      {
        ...base,
        type: 'location',
        location: { latitude: 37.48, longitude: -122.15, name: 'HQ', address: '1 Hacker Way' },
      },
      {
        ...base,
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'John Smith', first_name: 'John' },
            phones: [{ phone: '+1 650 555 1234', type: 'WORK' }],
          },
        ],
      },
      { ...base, text: { body: 'type defaults to text' } },
    ];
    const ids = new Set<string>();
    for (const body of bodies) {
      const res = await send(body);
      assert.equal(res.status, 200, `${JSON.stringify(body)} -> ${JSON.stringify(res.body)}`);
      const id: string = res.body.messages[0].id;
      assert.ok(!ids.has(id), 'wamids are unique');
      ids.add(id);
      if (body['type'] === 'template')
        assert.equal(res.body.messages[0].message_status, 'accepted');
    }
    const sent = await admin(sim, 'GET', `/sent?phone_number_id=${account.phone_number_id}`);
    const recorded: Json[] = sent.body.data;
    assert.ok(recorded.length >= bodies.length);
    const last = recorded[recorded.length - 1];
    assert.equal(last.type, 'text');
    assert.equal(last.to, CUSTOMER_ID);
    assert.deepEqual(last.body, bodies[bodies.length - 1]);
    assert.ok(!Number.isNaN(Date.parse(last.accepted_at)));
    assert.deepEqual(
      recorded.slice(-bodies.length).map(field('wamid')),
      [...ids],
      'recorded in order',
    );
  });

  it('validates the envelope: messaging_product, to, type', async () => {
    let e = expectError(
      await send({ to: CUSTOMER_ID, type: 'text', text: { body: 'x' } }),
      400,
      100,
    );
    assert.match(e.message, /messaging_product/);
    e = expectError(
      await send({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }),
      400,
      100,
    );
    assert.match(e.message, /to is required/);
    expectError(
      await send({ messaging_product: 'whatsapp', to: CUSTOMER_ID, type: 'fax' }),
      400,
      100,
    );
    expectError(await send({ ...textMessage('12ab') }), 400, 131009);
  });

  it('enforces text limits (100 over 4096 characters, 131008 when missing)', async () => {
    const e = expectError(await send(textMessage(CUSTOMER_ID, 'x'.repeat(4097))), 400, 100);
    assert.equal(e.message, "(#100) Param text['body'] must be at most 4096 characters long.");
    assert.deepEqual(e.error_data, {
      messaging_product: 'whatsapp',
      details: "Param text['body'] must be at most 4096 characters long.",
    });
    assert.equal((await send(textMessage(CUSTOMER_ID, 'x'.repeat(4096)))).status, 200);
    const missing = expectError(
      await send({ messaging_product: 'whatsapp', to: CUSTOMER_ID, type: 'text', text: {} }),
      400,
      131008,
    );
    assert.equal(missing.message, '(#131008) Required parameter is missing');
    assert.match(missing.error_data.details, /text\['body'\]/);
  });

  it('enforces reply button rules', async () => {
    const buttons = (n: number, title = 'B') =>
      Array.from({ length: n }, (_, i) => ({
        type: 'reply',
        reply: { id: `id${i}`, title: `${title}${i}` },
      }));
    const message = (action: unknown) => ({
      messaging_product: 'whatsapp',
      to: CUSTOMER_ID,
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick' }, action },
    });
    expectError(await send(message({ buttons: [] })), 400, 131009);
    expectError(await send(message({ buttons: buttons(4) })), 400, 131009);
    const long = expectError(
      await send(message({ buttons: buttons(1, 'x'.repeat(20)) })),
      400,
      100,
    );
    assert.match(long.message, /title'\] must be at most 20 characters/);
    expectError(
      await send(
        message({
          buttons: [
            { type: 'reply', reply: { id: 'a', title: 'A' } },
            { type: 'reply', reply: { id: 'a', title: 'B' } },
          ],
        }),
      ),
      400,
      131009,
    );
    expectError(await send(message({})), 400, 131008);
    expectError(
      await send({
        messaging_product: 'whatsapp',
        to: CUSTOMER_ID,
        type: 'interactive',
        interactive: { type: 'button', action: { buttons: buttons(1) } },
      }),
      400,
      131008,
    );
  });

  it('enforces list rules', async () => {
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
    const message = (action: unknown) => ({
      messaging_product: 'whatsapp',
      to: CUSTOMER_ID,
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Menu' }, action },
    });
    assert.equal(
      (await send(message({ button: 'Open', sections: [{ rows: rows(10, 'a') }] }))).status,
      200,
    );
    expectError(
      await send(message({ button: 'Open', sections: [{ rows: rows(11, 'a') }] })),
      400,
      131009,
    );
    expectError(
      await send(
        message({
          button: 'Open',
          sections: [
            { title: 'A', rows: rows(6, 'a') },
            { title: 'B', rows: rows(5, 'b') },
          ],
        }),
      ),
      400,
      131009,
    );
    expectError(
      await send(
        message({
          button: 'Open',
          sections: [{ rows: rows(1, 'a') }, { title: 'B', rows: rows(1, 'b') }],
        }),
      ),
      400,
      131008,
    );
    expectError(
      await send(message({ button: 'x'.repeat(21), sections: [{ rows: rows(1, 'a') }] })),
      400,
      100,
    );
    expectError(
      await send(
        message({ button: 'Open', sections: [{ rows: [{ id: 'r', title: 'x'.repeat(25) }] }] }),
      ),
      400,
      100,
    );
    expectError(
      await send(
        message({
          button: 'Open',
          sections: [{ rows: [{ id: 'r', title: 't', description: 'x'.repeat(73) }] }],
        }),
      ),
      400,
      100,
    );
    expectError(
      await send(
        message({
          button: 'Open',
          sections: Array.from({ length: 11 }, (_, i) => ({
            title: `S${i}`,
            rows: rows(1, `s${i}`),
          })),
        }),
      ),
      400,
      131009,
    );
    expectError(
      await send(
        message({
          button: 'Open',
          sections: [
            {
              rows: [
                { id: 'same', title: 'a' },
                { id: 'same', title: 'b' },
              ],
            },
          ],
        }),
      ),
      400,
      131009,
    );
  });

  it('rejects unknown media ids and bad links', async () => {
    expectError(
      await send({
        messaging_product: 'whatsapp',
        to: CUSTOMER_ID,
        type: 'image',
        image: { id: '123456' },
      }),
      400,
      131009,
    );
    expectError(
      await send({
        messaging_product: 'whatsapp',
        to: CUSTOMER_ID,
        type: 'video',
        video: { link: 'ftp://x' },
      }),
      400,
      131009,
    );
    expectError(
      await send({ messaging_product: 'whatsapp', to: CUSTOMER_ID, type: 'audio', audio: {} }),
      400,
      131008,
    );
  });

  it('answers 132001 for unknown or unapproved templates', async () => {
    const template = (name: string, code = 'en_US') => ({
      messaging_product: 'whatsapp',
      to: CUSTOMER_ID,
      type: 'template',
      template: { name, language: { code } },
    });
    let e = expectError(await send(template('nope')), 404, 132001);
    assert.equal(e.message, '(#132001) Template name does not exist in the translation');
    assert.match(e.error_data.details, /nope/);
    expectError(await send(template('hello_world', 'pt_BR')), 404, 132001);
    e = expectError(await send(template('pending_one')), 404, 132001);
    assert.match(e.error_data.details, /PENDING/);
    expectError(await send(template('paused_one')), 400, 132015);
  });

  it('answers 132000 when parameter counts do not match the placeholders', async () => {
    const template = (name: string, components: unknown) => ({
      messaging_product: 'whatsapp',
      to: CUSTOMER_ID,
      type: 'template',
      template: { name, language: { code: 'en_US' }, components },
    });
    // order_update has {{1}} twice and {{2}}: two distinct placeholders.
    let e = expectError(await send(template('order_update', [body('a')])), 400, 132000);
    assert.equal(
      e.error_data.details,
      'body: number of localizable_params (1) does not match the expected number of params (2)',
    );
    expectError(await send(template('order_update', undefined)), 400, 132000);
    e = expectError(await send(template('hello_world', [body('a')])), 400, 132000);
    assert.match(e.error_data.details, /expected number of params \(0\)/);
    // Image header missing.
    e = expectError(await send(template('appointment_reminder', [body('a', 'b')])), 400, 132012);
    assert.match(e.error_data.details, /expected IMAGE/);
    // Dynamic URL button parameter missing.
    expectError(
      await send(
        template('appointment_reminder', [
          {
            type: 'header',
            parameters: [{ type: 'image', image: { link: 'https://example.com/x.png' } }],
          },
          body('a', 'b'),
        ]),
      ),
      400,
      132000,
    );
    // Named parameters need their names.
    expectError(await send(template('named_greeting', [body('a', 'b')])), 400, 132000);
    // New lines are not allowed in parameters.
    expectError(await send(template('order_update', [body('a\nb', 'c')])), 400, 132018);
  });

  it('answers 131047 outside the 24-hour window, but lets templates through', async () => {
    const stranger = '+44 7700 900123';
    const e = expectError(await send(textMessage(stranger)), 400, 131047);
    assert.equal(e.message, '(#131047) Re-engagement message');
    assert.match(e.error_data.details, /24 hours/);
    expectError(
      await send({
        messaging_product: 'whatsapp',
        to: stranger,
        type: 'reaction',
        reaction: { message_id: 'wamid.X', emoji: 'x' },
      }),
      400,
      131047,
    );
    const ok = await send({
      messaging_product: 'whatsapp',
      to: stranger,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    assert.equal(ok.status, 200);
    sim.inbound({
      phone_number_id: account.phone_number_id,
      from: stranger,
      type: 'text',
      text: 'hello',
    });
    assert.equal((await send(textMessage(stranger))).status, 200);
  });

  it("POST /_sim/customers: a known customer's window runs from when they last wrote, no webhook", async () => {
    const customer = '+49 151 2345 6789';
    const now = Math.floor(Date.now() / 1000);
    const inboundWebhooks = sim.webhooks({ kind: 'inbound' }).length;
    const added = await admin(sim, 'POST', '/customers', {
      phone_number_id: account.phone_number_id,
      wa_id: customer,
      profile_name: 'Lena',
      last_inbound_at: now - 25 * 3600,
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(added.body, {
      phone_number_id: account.phone_number_id,
      wa_id: '4915123456789',
      profile_name: 'Lena',
      last_inbound_at: now - 25 * 3600,
    });
    // Wrote 25 hours ago: the window is closed.
    expectError(await send(textMessage(customer)), 400, 131047);
    // Wrote an hour ago (as a backend that kept its history knows): open. An older time
    // given afterwards does not close it again.
    sim.addCustomer({
      phone_number_id: account.phone_number_id,
      wa_id: customer,
      last_inbound_at: now - 3600,
    });
    const older = sim.addCustomer({
      phone_number_id: account.phone_number_id,
      wa_id: customer,
      last_inbound_at: now - 48 * 3600,
    });
    assert.equal(older.last_inbound_at, now - 3600);
    assert.equal(older.profile_name, 'Lena');
    assert.equal((await send(textMessage(customer))).status, 200);
    assert.equal(sim.webhooks({ kind: 'inbound' }).length, inboundWebhooks, 'no webhook');

    for (const bad of [
      { phone_number_id: account.phone_number_id },
      { phone_number_id: account.phone_number_id, wa_id: 'not a number' },
      { phone_number_id: account.phone_number_id, wa_id: customer, last_inbound_at: -1 },
    ]) {
      assert.equal((await admin(sim, 'POST', '/customers', bad)).status, 400, JSON.stringify(bad));
    }
    assert.equal(
      (await admin(sim, 'POST', '/customers', { phone_number_id: '1', wa_id: customer })).status,
      404,
    );
  });

  it('answers 131026 for undeliverable recipients (list and the 0000 rule)', async () => {
    sim.updateAccount(account.phone_number_id, { undeliverable: ['+49 151 1234567'] });
    const hello = (to: string) => ({
      messaging_product: 'whatsapp',
      to,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    let e = expectError(await send(hello('4915112345-67')), 400, 131026);
    assert.equal(e.message, '(#131026) Message undeliverable');
    e = expectError(await send(hello('+1 555 010 0000')), 400, 131026);
    assert.ok(e.error_data.details.length > 0);
    sim.updateAccount(account.phone_number_id, { undeliverable_suffix: null });
    assert.equal((await send(hello('+1 555 010 0000'))).status, 200);
  });

  it('answers 131021 when sender and recipient are the same', async () => {
    const e = expectError(await send(textMessage(account.display_phone_number)), 400, 131021);
    assert.equal(e.message, '(#131021) Recipient cannot be sender');
  });

  it('validates biz_opaque_callback_data (at most 512 characters)', async () => {
    expectError(
      await send({ ...textMessage(CUSTOMER_ID), biz_opaque_callback_data: 'x'.repeat(513) }),
      400,
      100,
    );
    assert.equal(
      (await send({ ...textMessage(CUSTOMER_ID), biz_opaque_callback_data: 'x'.repeat(512) }))
        .status,
      200,
    );
  });

  it('marks inbound messages as read, with an optional typing indicator', async () => {
    const inbound = sim.inbound({
      phone_number_id: account.phone_number_id,
      from: CUSTOMER_ID,
      type: 'text',
      text: 'read me',
    });
    let res = await send({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: inbound.message_id,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { success: true });
    res = await send({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: inbound.message_id,
      typing_indicator: { type: 'text' },
    });
    assert.deepEqual(res.body, { success: true });
    const receipts = sim.receipts(account.phone_number_id);
    assert.equal(receipts.length, 2);
    assert.equal(receipts[1]?.typing_indicator, 'text');
    expectError(await send({ messaging_product: 'whatsapp', status: 'read' }), 400, 100);
    expectError(
      await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' }),
      400,
      131009,
    );
    expectError(
      await send({
        messaging_product: 'whatsapp',
        status: 'delivered',
        message_id: inbound.message_id,
      }),
      400,
      100,
    );
  });

  it('accepts any vNN.N version and refuses other prefixes', async () => {
    const res = await fetch(`${sim.url}/v21.0/${account.phone_number_id}`, {
      headers: { authorization: `Bearer ${account.access_token}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('facebook-api-version'), 'v21.0');
    const bad = await fetch(`${sim.url}/latest/${account.phone_number_id}`, {
      headers: { authorization: `Bearer ${account.access_token}` },
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.code, 2500);
  });

  it('answers Meta-shaped errors for invalid JSON', async () => {
    const res = await fetch(`${sim.url}/v23.0/${account.phone_number_id}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${account.access_token}`,
        'content-type': 'application/json',
      },
      body: '{"messaging_product":',
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, 100);
    assert.equal(typeof body.error.fbtrace_id, 'string');
  });
});
