import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Account, AccountInput, Simulator } from '../src/index.ts';
import {
  accountInput,
  admin,
  field,
  graph,
  startReceiver,
  startSimulator,
  statusesOf,
  textMessage,
  waitFor,
  type Json,
  type Receiver,
} from './helpers.ts';

const SECRET = 'test-app-secret';

function verifySignature(
  raw: Buffer,
  header: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

describe('webhooks', () => {
  let sim: Simulator;
  let receiver: Receiver;

  before(async () => {
    sim = await startSimulator();
    receiver = await startReceiver('my-verify-token');
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond(() => 200);
  });
  afterEach(() => sim.idle());
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  function register(overrides: Partial<AccountInput> = {}): Account {
    const account = sim.addAccount(
      accountInput({ webhook_url: receiver.url, app_secret: SECRET, ...overrides }),
    );
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'promo',
      language: 'en_US',
      category: 'MARKETING',
    });
    return account;
  }

  async function sendTemplate(
    account: Account,
    to: string,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
      token: account.access_token,
      body: {
        messaging_product: 'whatsapp',
        to,
        type: 'template',
        template: { name: 'promo', language: { code: 'en_US' } },
        ...extra,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.messages[0].id as string;
  }

  it('signs every webhook with X-Hub-Signature-256 over the exact raw body', async () => {
    const account = register();
    sim.inbound({
      phone_number_id: account.phone_number_id,
      from: '15551110000',
      type: 'text',
      text: 'caf\u00e9 \u{1F44D} http://x.y/z',
    });
    const [hook] = await waitFor(() => receiver.received.length === 1 && receiver.received);
    assert.ok(hook);
    assert.equal(hook.headers['content-type'], 'application/json');
    assert.ok(verifySignature(hook.raw, hook.headers['x-hub-signature-256'], SECRET));
    assert.ok(!verifySignature(hook.raw, hook.headers['x-hub-signature-256'], 'wrong-secret'));
    assert.match(String(hook.headers['x-hub-signature']), /^sha1=[0-9a-f]{40}$/);
    // Like Meta: non-ASCII escaped and slashes as \/, so re-serialised JSON would not verify.
    const raw = hook.raw.toString('utf8');
    assert.ok(raw.includes('caf\\u00e9 \\ud83d\\udc4d http:\\/\\/x.y\\/z'), raw);
    assert.equal(
      hook.json.entry[0].changes[0].value.messages[0].text.body,
      'caf\u00e9 \u{1F44D} http://x.y/z',
    );
    const reserialised = Buffer.from(JSON.stringify(hook.json));
    assert.ok(!verifySignature(reserialised, hook.headers['x-hub-signature-256'], SECRET));
  });

  it('sends sent -> delivered -> read with pricing and biz_opaque_callback_data echoed', async () => {
    const account = register();
    const wamid = await sendTemplate(account, '+1 555 222 0001', {
      biz_opaque_callback_data: 'msg-42',
    });
    const statuses = await waitFor(
      () => statusesOf(receiver, wamid).length === 3 && statusesOf(receiver, wamid),
    );
    assert.deepEqual(statuses.map(field('status')), ['sent', 'delivered', 'read']);
    for (const s of statuses) {
      assert.equal(s.id, wamid);
      assert.match(s.timestamp, /^\d{10}$/);
      assert.equal(s.recipient_id, '15552220001');
      assert.equal(s.biz_opaque_callback_data, 'msg-42');
      assert.deepEqual(s.pricing, {
        billable: true,
        pricing_model: 'PMP',
        type: 'regular',
        category: 'marketing',
      });
    }
    const hook = receiver.received[0]?.json;
    assert.equal(hook.object, 'whatsapp_business_account');
    assert.equal(hook.entry[0].id, account.waba_id);
    assert.equal(hook.entry[0].changes[0].field, 'messages');
    assert.equal(hook.entry[0].changes[0].value.messaging_product, 'whatsapp');
    assert.deepEqual(hook.entry[0].changes[0].value.metadata, {
      display_phone_number: account.display_phone_number.replace(/\D/g, ''),
      phone_number_id: account.phone_number_id,
    });
    const sent = sim.sent(account.phone_number_id)[0];
    assert.deepEqual(
      sent?.statuses.map((s) => s.status),
      ['sent', 'delivered', 'read'],
    );
  });

  it('prices service messages inside the window as free customer service', async () => {
    const account = register();
    sim.inbound({
      phone_number_id: account.phone_number_id,
      from: '15552220002',
      type: 'text',
      text: 'hi',
    });
    const res = await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
      token: account.access_token,
      body: textMessage('15552220002'),
    });
    const wamid: string = res.body.messages[0].id;
    const [first] = await waitFor(
      () => statusesOf(receiver, wamid).length >= 1 && statusesOf(receiver, wamid),
    );
    assert.deepEqual(first.pricing, {
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'service',
    });
  });

  it('uses the legacy CBP shape (conversation + pricing) when asked', async () => {
    const account = register({ pricing_model: 'CBP' });
    const wamid = await sendTemplate(account, '15552220003');
    const [first] = await waitFor(
      () => statusesOf(receiver, wamid).length >= 1 && statusesOf(receiver, wamid),
    );
    assert.equal(first.pricing.pricing_model, 'CBP');
    assert.equal(first.conversation.origin.type, 'marketing');
    assert.match(first.conversation.expiration_timestamp, /^\d+$/);
  });

  it('fails chosen recipients after the send with the configured code', async () => {
    const account = register({ fail_after_send: { '+1 555 222 0004': 131049 } });
    const wamid = await sendTemplate(account, '15552220004');
    const [failed] = await waitFor(
      () => statusesOf(receiver, wamid).length === 1 && statusesOf(receiver, wamid),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(statusesOf(receiver, wamid).length, 1, 'no other status follows');
    assert.equal(failed.status, 'failed');
    assert.equal(failed.pricing, undefined);
    assert.equal(failed.errors.length, 1);
    assert.equal(failed.errors[0].code, 131049);
    assert.equal(typeof failed.errors[0].title, 'string');
    assert.equal(typeof failed.errors[0].message, 'string');
    assert.equal(typeof failed.errors[0].error_data.details, 'string');
    assert.deepEqual(
      sim.sent(account.phone_number_id)[0]?.statuses.map((s) => [s.status, s.code]),
      [['failed', 131049]],
    );
  });

  it('service_window "webhook": accepts the send, then fails it with 131047', async () => {
    const account = register({ service_window: 'webhook' });
    const res = await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
      token: account.access_token,
      body: textMessage('15552220005'),
    });
    assert.equal(res.status, 200);
    const wamid: string = res.body.messages[0].id;
    const [failed] = await waitFor(
      () => statusesOf(receiver, wamid).length === 1 && statusesOf(receiver, wamid),
    );
    assert.equal(failed.errors[0].code, 131047);
  });

  it('sends every status twice when duplicates are enabled', async () => {
    const account = register({ duplicate_statuses: true });
    const wamid = await sendTemplate(account, '15552220006');
    await waitFor(() => statusesOf(receiver, wamid).length === 6);
    await sim.idle();
    const statuses = statusesOf(receiver, wamid).map(field('status'));
    assert.equal(statuses.length, 6);
    for (const s of ['sent', 'delivered', 'read'])
      assert.equal(statuses.filter((x) => x === s).length, 2);
    assert.equal(sim.webhooks({ wamid, status: 'read' }).filter((w) => w.duplicate).length, 1);
  });

  it('delivers statuses out of order when shuffle is enabled (read before delivered)', async () => {
    const account = register({ shuffle_statuses: true });
    const wamid = await sendTemplate(account, '15552220007');
    const statuses = await waitFor(
      () => statusesOf(receiver, wamid).length === 3 && statusesOf(receiver, wamid),
    );
    assert.deepEqual(statuses.map(field('status')), ['read', 'delivered', 'sent']);
    // The timestamps keep the real order.
    assert.ok(Number(statuses[0].timestamp) >= Number(statuses[2].timestamp));
  });

  it('retries on non-2xx with backoff and records every attempt', async () => {
    const account = register({ status_delays_ms: { sent: 0, delivered: null, read: null } });
    receiver.respond((n) => (n <= 2 ? 500 : 200));
    const wamid = await sendTemplate(account, '15552220008');
    await waitFor(() => sim.webhooks({ wamid }).some((w) => w.ok));
    const attempts = sim.webhooks({ wamid });
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.status_code, a.ok]),
      [
        [1, 500, false],
        [2, 500, false],
        [3, 200, true],
      ],
    );
    assert.equal(new Set(attempts.map((a) => a.delivery_id)).size, 1);
    assert.ok(
      attempts.every(
        (a) => a.raw_body === attempts[0]?.raw_body && a.signature.startsWith('sha256='),
      ),
    );
    const listed = await admin(sim, 'GET', `/webhooks?wamid=${encodeURIComponent(wamid)}`);
    assert.equal(listed.body.data.length, 3);
  });

  it('gives up after the configured number of attempts', async () => {
    const account = register({ status_delays_ms: { sent: 0, delivered: null, read: null } });
    receiver.respond(() => 503);
    const wamid = await sendTemplate(account, '15552220009');
    await sim.idle();
    assert.deepEqual(
      sim.webhooks({ wamid }).map((a) => a.status_code),
      [503, 503, 503],
    );
  });

  it('records an attempt without a URL when the account has no webhook_url', async () => {
    const account = register({
      webhook_url: null,
      status_delays_ms: { sent: 0, delivered: null, read: null },
    });
    const wamid = await sendTemplate(account, '15552220010');
    await sim.idle();
    const [attempt] = sim.webhooks({ wamid });
    assert.equal(attempt?.url, null);
    assert.match(attempt?.error ?? '', /no webhook_url/);
  });

  it('pushes arbitrary statuses through POST /_sim/statuses', async () => {
    const account = register({ status_delays_ms: { sent: null, delivered: null, read: null } });
    const wamid = await sendTemplate(account, '15552220011', { biz_opaque_callback_data: 'x1' });
    const res = await admin(sim, 'POST', '/statuses', {
      phone_number_id: account.phone_number_id,
      wamid,
      status: 'failed',
      code: 131050,
    });
    assert.equal(res.status, 202);
    const [failed] = await waitFor(
      () => statusesOf(receiver, wamid).length === 1 && statusesOf(receiver, wamid),
    );
    assert.equal(failed.errors[0].code, 131050);
    assert.equal(failed.biz_opaque_callback_data, 'x1');
  });

  describe('inbound messages on demand', () => {
    let account: Account;
    before(() => {
      account = register();
    });

    async function inbound(
      body: Record<string, unknown>,
    ): Promise<{ result: Json; message: Json; value: Json }> {
      receiver.received.length = 0;
      const res = await admin(sim, 'POST', '/inbound', {
        phone_number_id: account.phone_number_id,
        ...body,
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const [hook] = await waitFor(() => receiver.received.length === 1 && receiver.received);
      assert.ok(verifySignature(hook.raw, hook.headers['x-hub-signature-256'], SECRET));
      const value = hook.json.entry[0].changes[0].value;
      assert.equal(value.messages[0].id, res.body.message_id);
      assert.match(value.messages[0].timestamp, /^\d{10}$/);
      return { result: res.body, message: value.messages[0], value };
    }

    it('text, with a reply context and the profile name', async () => {
      const { message, value } = await inbound({
        from: '+1 555 333 0001',
        profile_name: 'Ana',
        type: 'text',
        text: 'hi',
        context: { message_id: 'wamid.OUT' },
      });
      assert.deepEqual(value.contacts, [{ profile: { name: 'Ana' }, wa_id: '15553330001' }]);
      assert.equal(message.from, '15553330001');
      assert.equal(message.type, 'text');
      assert.deepEqual(message.text, { body: 'hi' });
      assert.deepEqual(message.context, {
        from: account.display_phone_number.replace(/\D/g, ''),
        id: 'wamid.OUT',
      });
    });

    it('image: creates a downloadable PNG (bearer token required)', async () => {
      const { result, message } = await inbound({
        from: '15553330002',
        type: 'image',
        image: { caption: 'look' },
      });
      assert.equal(message.image.caption, 'look');
      assert.equal(message.image.mime_type, 'image/png');
      assert.equal(message.image.id, result.media_id);
      assert.match(message.image.sha256, /^[A-Za-z0-9+/]{43}=$/);
      const info = await graph(sim, 'GET', `/${result.media_id}`, { token: account.access_token });
      assert.equal(info.status, 200);
      assert.equal(info.body.mime_type, 'image/png');
      const file = await fetch(info.body.url, {
        headers: { authorization: `Bearer ${account.access_token}` },
      });
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await file.arrayBuffer());
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
      assert.equal(String(bytes.length), info.body.file_size);
      assert.equal((await fetch(info.body.url)).status, 401);
      assert.equal(
        (
          await fetch(message.image.url, {
            headers: { authorization: `Bearer ${account.access_token}` },
          })
        ).status,
        200,
      );
    });

    it('video, audio (voice), document, sticker', async () => {
      for (const [type, mime] of [
        ['video', 'video/mp4'],
        ['audio', 'audio/ogg'],
        ['document', 'application/pdf'],
        ['sticker', 'image/webp'],
      ] as const) {
        const { message } = await inbound({
          from: '15553330003',
          type,
          [type]: type === 'audio' ? { voice: true } : {},
        });
        assert.equal(message.type, type);
        assert.equal(message[type].mime_type, mime);
        assert.match(message[type].id, /^\d+$/);
      }
    });

    it('location, contacts, reaction, unsupported', async () => {
      let { message } = await inbound({
        from: '15553330004',
        type: 'location',
        location: { latitude: 1.5, longitude: 2.5, name: 'Here' },
      });
      assert.deepEqual(message.location, { latitude: 1.5, longitude: 2.5, name: 'Here' });
      ({ message } = await inbound({
        from: '15553330004',
        type: 'contacts',
        contacts: [
          {
            name: { formatted_name: 'Lu', first_name: 'Lu' },
            phones: [{ phone: '+1 555 1', wa_id: '15551', type: 'MOBILE' }],
          },
        ],
      }));
      assert.equal(message.contacts[0].name.formatted_name, 'Lu');
      ({ message } = await inbound({
        from: '15553330004',
        type: 'reaction',
        reaction: { message_id: 'wamid.X', emoji: '\u2764' },
      }));
      assert.deepEqual(message.reaction, { message_id: 'wamid.X', emoji: '\u2764' });
      ({ message } = await inbound({ from: '15553330004', type: 'unsupported' }));
      assert.equal(message.errors[0].code, 131051);
    });

    it('interactive button_reply / list_reply and template button, replying to the last sent message', async () => {
      await sim.idle();
      const to = '15553330005';
      sim.inbound({
        phone_number_id: account.phone_number_id,
        from: to,
        type: 'text',
        text: 'open window',
      });
      await waitFor(() => receiver.received.length === 1);
      const res = await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
        token: account.access_token,
        body: {
          messaging_product: 'whatsapp',
          to,
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: 'Pick' },
            action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] },
          },
        },
      });
      const interactiveId: string = res.body.messages[0].id;
      await sim.idle();
      let { message } = await inbound({
        from: to,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'y', title: 'Yes' } },
      });
      assert.deepEqual(message.interactive, {
        type: 'button_reply',
        button_reply: { id: 'y', title: 'Yes' },
      });
      assert.equal(message.context.id, interactiveId);
      ({ message } = await inbound({
        from: to,
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'r1', title: 'Row', description: 'd' },
        },
      }));
      assert.equal(message.interactive.list_reply.id, 'r1');
      const templateId = await sendTemplate(account, to);
      await sim.idle();
      ({ message } = await inbound({
        from: to,
        type: 'button',
        button: { payload: 'STOP', text: 'Stop promotions' },
      }));
      assert.deepEqual(message.button, { payload: 'STOP', text: 'Stop promotions' });
      assert.equal(message.context.id, templateId);
    });

    it('username users: empty from with from_user_id, and replies addressed to the BSUID', async () => {
      const { message, value } = await inbound({
        from: '',
        from_user_id: 'US.13491208655302741918',
        username: 'ana.b',
        profile_name: 'Ana',
        type: 'text',
        text: 'hey',
      });
      assert.equal(message.from, '');
      assert.equal(message.from_user_id, 'US.13491208655302741918');
      assert.deepEqual(value.contacts, [
        {
          profile: { name: 'Ana', username: 'ana.b' },
          wa_id: '',
          user_id: 'US.13491208655302741918',
        },
      ]);
      receiver.received.length = 0;
      const res = await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
        token: account.access_token,
        body: textMessage('US.13491208655302741918'),
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.contacts, [
        { input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' },
      ]);
      const [first] = await waitFor(() => statusesOf(receiver).length >= 1 && statusesOf(receiver));
      assert.equal(first.recipient_id, '');
      assert.equal(first.recipient_user_id, 'US.13491208655302741918');
    });

    it('refuses bad inbound requests with 400/404', async () => {
      assert.equal(
        (
          await admin(sim, 'POST', '/inbound', {
            phone_number_id: '1',
            from: '15550001111',
            type: 'text',
            text: 'x',
          })
        ).status,
        404,
      );
      assert.equal(
        (
          await admin(sim, 'POST', '/inbound', {
            phone_number_id: account.phone_number_id,
            from: '15550001111',
            type: 'fax',
          })
        ).status,
        400,
      );
      assert.equal(
        (
          await admin(sim, 'POST', '/inbound', {
            phone_number_id: account.phone_number_id,
            from: '',
            type: 'text',
            text: 'x',
          })
        ).status,
        400,
      );
    });
  });

  it('sends message_template_status_update when a created template is reviewed', async () => {
    const account = register({ template_review: { outcome: 'APPROVED', delay_ms: 10 } });
    const res = await graph(sim, 'POST', `/${account.waba_id}/message_templates`, {
      token: account.access_token,
      body: {
        name: 'new_one',
        language: 'en_US',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Hello' }],
      },
    });
    assert.deepEqual(res.body, { id: res.body.id, status: 'PENDING', category: 'UTILITY' });
    const [hook] = await waitFor(() => receiver.received.length === 1 && receiver.received);
    assert.ok(verifySignature(hook.raw, hook.headers['x-hub-signature-256'], SECRET));
    const entry = hook.json.entry[0];
    assert.equal(entry.id, account.waba_id);
    assert.equal(typeof entry.time, 'number');
    assert.equal(entry.changes[0].field, 'message_template_status_update');
    assert.deepEqual(entry.changes[0].value, {
      event: 'APPROVED',
      message_template_id: Number(res.body.id),
      message_template_name: 'new_one',
      message_template_language: 'en_US',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    const listed = await graph(sim, 'GET', `/${account.waba_id}/message_templates?name=new_one`, {
      token: account.access_token,
    });
    assert.equal(listed.body.data[0].status, 'APPROVED');
    // A status change from the admin API also notifies.
    receiver.received.length = 0;
    await admin(sim, 'PATCH', `/templates/${res.body.id}`, { status: 'PAUSED' });
    const [paused] = await waitFor(() => receiver.received.length === 1 && receiver.received);
    assert.equal(paused.json.entry[0].changes[0].value.event, 'PAUSED');
  });

  it('subscribed_apps with override_callback_uri runs the verification handshake', async () => {
    const account = register({ webhook_url: null });
    const ok = await graph(sim, 'POST', `/${account.waba_id}/subscribed_apps`, {
      token: account.access_token,
      body: { override_callback_uri: receiver.url, verify_token: 'my-verify-token' },
    });
    assert.deepEqual(ok.body, { success: true });
    assert.equal(sim.getAccount(account.phone_number_id)?.webhook_url, receiver.url);
    const listed = await graph(sim, 'GET', `/${account.waba_id}/subscribed_apps`, {
      token: account.access_token,
    });
    assert.equal(listed.body.data.length, 1);
    const bad = await graph(sim, 'POST', `/${account.waba_id}/subscribed_apps`, {
      token: account.access_token,
      body: { override_callback_uri: receiver.url, verify_token: 'wrong' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 2200);
    const check = await admin(sim, 'POST', '/webhooks/verify', {
      url: receiver.url,
      verify_token: 'my-verify-token',
    });
    assert.equal(check.body.ok, true);
  });
});
