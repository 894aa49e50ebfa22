import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { seedDemo, type Simulator } from '../src/index.ts';
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

describe('admin API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('registers, lists, updates and deletes accounts', async () => {
    const input = accountInput();
    const created = await admin(sim, 'POST', '/accounts', {
      phone_number_id: input.phone_number_id,
      waba_id: input.waba_id,
      access_token: input.access_token,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.phone_number_id, input.phone_number_id);
    assert.equal(created.body.app_secret, 'sim-app-secret');
    assert.equal(created.body.quality_rating, 'GREEN');
    assert.equal(created.body.webhook_url, null);
    assert.equal(created.body.token_expired, false);
    assert.match(created.body.display_phone_number, /^\+1 555-555-\d{4}$/);
    assert.equal(
      (
        await admin(sim, 'POST', '/accounts', {
          phone_number_id: input.phone_number_id,
          waba_id: input.waba_id,
          access_token: 'x',
        })
      ).status,
      409,
    );
    const invalid = await admin(sim, 'POST', '/accounts', {
      phone_number_id: 'abc',
      waba_id: '1',
      access_token: 'x',
    });
    assert.equal(invalid.status, 400);
    assert.match(invalid.body.error.message, /phone_number_id/);
    assert.equal(
      (await admin(sim, 'POST', '/accounts', { phone_number_id: '1', waba_id: '2' })).status,
      400,
    );
    assert.equal(
      (await admin(sim, 'POST', '/accounts', { ...input, phone_number_id: '3', mps: 'fast' }))
        .status,
      400,
    );
    const patched = await admin(sim, 'PATCH', `/accounts/${input.phone_number_id}`, {
      mps: 5,
      verified_name: 'Renamed',
      webhook_url: 'http://127.0.0.1:9/x',
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.mps, 5);
    assert.equal(
      (await graph(sim, 'GET', `/${input.phone_number_id}`, { token: input.access_token })).body
        .verified_name,
      'Renamed',
    );
    assert.ok(
      (await admin(sim, 'GET', '/accounts')).body.data.some(
        (a: Json) => a.phone_number_id === input.phone_number_id,
      ),
    );
    assert.equal((await admin(sim, 'DELETE', `/accounts/${input.phone_number_id}`)).status, 204);
    assert.equal((await admin(sim, 'GET', `/accounts/${input.phone_number_id}`)).status, 404);
    assert.equal((await admin(sim, 'GET', '/nothing-here')).status, 404);
  });

  it('creates templates (201 with id) and refuses unknown WABAs and duplicates', async () => {
    const account = sim.addAccount(accountInput());
    const res = await admin(sim, 'POST', '/templates', {
      waba_id: account.waba_id,
      name: 'welcome',
      language: 'en_US',
      category: 'MARKETING',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Welcome {{1}}' }],
    });
    assert.equal(res.status, 201);
    assert.match(res.body.id, /^\d+$/);
    assert.equal(res.body.status, 'APPROVED');
    assert.equal(
      (
        await admin(sim, 'POST', '/templates', {
          waba_id: account.waba_id,
          name: 'welcome',
          language: 'en_US',
          category: 'MARKETING',
        })
      ).status,
      409,
    );
    assert.equal(
      (
        await admin(sim, 'POST', '/templates', {
          waba_id: '424242',
          name: 'x',
          language: 'en_US',
          category: 'MARKETING',
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await admin(sim, 'POST', '/templates', {
          waba_id: account.waba_id,
          name: 'x',
          language: 'en_US',
          category: 'NOPE',
        })
      ).status,
      400,
    );
    const listed = await admin(sim, 'GET', `/templates?waba_id=${account.waba_id}`);
    assert.deepEqual(listed.body.data.map(field('name')), ['welcome']);
  });

  it('GET /_sim/sent lists accepted messages in order, filtered by number and recipient', async () => {
    const account = sim.addAccount(accountInput({ service_window: 'off' }));
    for (const to of ['15550001001', '15550001002', '15550001001']) {
      assert.equal(
        (
          await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
            token: account.access_token,
            body: textMessage(`+${to}`),
          })
        ).status,
        200,
      );
    }
    const all = await admin(sim, 'GET', `/sent?phone_number_id=${account.phone_number_id}`);
    assert.deepEqual(all.body.data.map(field('to')), ['15550001001', '15550001002', '15550001001']);
    assert.deepEqual(Object.keys(all.body.data[0]).sort(), [
      'accepted_at',
      'body',
      'input',
      'phone_number_id',
      'statuses',
      'to',
      'type',
      'wamid',
    ]);
    const filtered = await admin(
      sim,
      'GET',
      `/sent?phone_number_id=${account.phone_number_id}&to=%2B1%20555%20000%201001`,
    );
    assert.equal(filtered.body.data.length, 2);
  });

  it('POST /_sim/reset forgets everything and cancels pending webhooks', async () => {
    const receiver = await startReceiver();
    try {
      const account = sim.addAccount(
        accountInput({
          webhook_url: receiver.url,
          status_delays_ms: { sent: 80, delivered: 90, read: 100 },
          service_window: 'off',
        }),
      );
      await graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
        token: account.access_token,
        body: textMessage('15550002001'),
      });
      await admin(sim, 'POST', '/faults', { kind: '5xx', count: 5 });
      assert.ok((await admin(sim, 'GET', '/health')).body.pending > 0);
      assert.equal((await admin(sim, 'POST', '/reset')).status, 204);
      const health = await admin(sim, 'GET', '/health');
      assert.deepEqual(health.body, { status: 'ok', accounts: 0, pending: 0, held_requests: 0 });
      assert.deepEqual((await admin(sim, 'GET', '/faults')).body.data, []);
      assert.deepEqual((await admin(sim, 'GET', '/sent')).body.data, []);
      const res = await graph(sim, 'GET', `/${account.phone_number_id}`, {
        token: account.access_token,
      });
      assert.equal(res.body.error.code, 190);
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(receiver.received.length, 0, 'no webhook after reset');
    } finally {
      await receiver.close();
    }
  });
});

describe('seedDemo', () => {
  let sim: Simulator;
  let receiver: Receiver;
  before(async () => {
    sim = await startSimulator();
    receiver = await startReceiver();
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('registers the demo account and templates, idempotently', async () => {
    const seed = await seedDemo(sim.url, {
      webhook_url: 'http://127.0.0.1:9/old',
      app_secret: 'demo-secret',
    });
    assert.equal(seed.phone_number_id, '100000000000001');
    assert.equal(seed.waba_id, '200000000000001');
    assert.equal(seed.graph_url, `${sim.url}/v23.0`);
    assert.equal(seed.app_secret, 'demo-secret');
    assert.deepEqual(
      seed.templates.map((t) => `${t.name}:${t.status}`),
      [
        'hello_world:APPROVED',
        'order_update:APPROVED',
        'appointment_reminder:APPROVED',
        'verification_code:APPROVED',
        'seasonal_promo:PENDING',
        'legacy_offer:REJECTED',
      ],
    );
    const again = await seedDemo(sim, { webhook_url: receiver.url, app_secret: 'demo-secret' });
    assert.equal(again.webhook_url, receiver.url);
    assert.deepEqual(
      again.templates.map((t) => t.id),
      seed.templates.map((t) => t.id),
    );
  });

  it('serves the demo templates and recipients', async () => {
    const seed = await seedDemo(sim, { webhook_url: receiver.url });
    const send = (body: Record<string, unknown>) =>
      graph(sim, 'POST', `/${seed.phone_number_id}/messages`, {
        token: seed.access_token,
        body: { messaging_product: 'whatsapp', to: seed.recipients.ok, ...body },
      });
    assert.equal(
      (
        await send({
          type: 'template',
          template: { name: 'hello_world', language: { code: 'en_US' } },
        })
      ).status,
      200,
    );
    const body = (...texts: string[]) => ({
      type: 'body',
      parameters: texts.map((text) => ({ type: 'text', text })),
    });
    assert.equal(
      (
        await send({
          type: 'template',
          template: {
            name: 'order_update',
            language: { code: 'en_US' },
            components: [body('Ana', '#1')],
          },
        })
      ).status,
      200,
    );
    const reminder = await send({
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'en_US' },
        components: [
          {
            type: 'header',
            parameters: [{ type: 'image', image: { link: 'https://example.com/a.png' } }],
          },
          body('Ana', 'May 4', '10:30'),
        ],
      },
    });
    assert.equal(reminder.status, 200, JSON.stringify(reminder.body));
    const otp = await send({
      type: 'template',
      template: {
        name: 'verification_code',
        language: { code: 'en_US' },
        components: [
          body('123456'),
          {
            type: 'button',
            sub_type: 'url',
            index: '0',
            parameters: [{ type: 'text', text: '123456' }],
          },
        ],
      },
    });
    assert.equal(otp.status, 200, JSON.stringify(otp.body));
    assert.equal(
      (
        await send({
          type: 'template',
          template: { name: 'seasonal_promo', language: { code: 'en_US' } },
        })
      ).body.error.code,
      132001,
    );
    const undeliverable = await send({
      to: seed.recipients.undeliverable,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    assert.equal(undeliverable.body.error.code, 131026);
    const failing = await send({
      to: seed.recipients.fails_after_send,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    const wamid: string = failing.body.messages[0].id;
    const [failed] = await waitFor(
      () => statusesOf(receiver, wamid).length === 1 && statusesOf(receiver, wamid),
    );
    assert.equal(failed.errors[0].code, 131049);
  });
});

describe('close()', () => {
  it('leaves nothing running: the process exits promptly with timers, webhooks and held requests pending', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    const script = `
      import { createSimulator } from ${JSON.stringify(entry)};
      const sim = await createSimulator({ defaults: { status_delays_ms: { sent: 60000, delivered: 61000, read: 62000 }, timeout_fault_ms: 60000, template_review: { outcome: 'APPROVED', delay_ms: 60000 } } });
      const a = sim.addAccount({ phone_number_id: '1', waba_id: '2', access_token: 't', webhook_url: 'http://10.255.255.1/hook', service_window: 'off' });
      const h = { authorization: 'Bearer t', 'content-type': 'application/json' };
      await fetch(sim.url + '/v23.0/1/messages', { method: 'POST', headers: h, body: JSON.stringify({ messaging_product: 'whatsapp', to: '15551234567', type: 'text', text: { body: 'x' } }) });
      await fetch(sim.url + '/v23.0/2/message_templates', { method: 'POST', headers: h, body: JSON.stringify({ name: 'later', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'hi' }] }) });
      sim.inbound({ phone_number_id: '1', from: '15550009999', type: 'text', text: 'hi' });
      sim.addFault({ kind: 'timeout' });
      const held = fetch(sim.url + '/v23.0/1', { headers: h }).catch(() => 'dropped');
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      await sim.close();
      console.log(JSON.stringify({ closeMs: Date.now() - started, held: await held }));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`child did not exit after close(): ${stdout} ${stderr}`));
      }, 10_000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      closeMs: number;
      held: string;
    };
    assert.ok(result.closeMs < 1000, `close took ${result.closeMs} ms`);
    assert.equal(result.held, 'dropped');
    assert.ok(Date.now() - started < 8000);
  });
});
