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
  waitFor,
} from './helpers.ts';

const hello = (to: string) => ({
  messaging_product: 'whatsapp',
  to,
  type: 'template',
  template: { name: 'hello_world', language: { code: 'en_US' } },
});

describe('auth, access and phone number reads', () => {
  let sim: Simulator;
  let a: Account;
  let b: Account;
  let sibling: Account;

  before(async () => {
    sim = await startSimulator();
    a = sim.addAccount(
      accountInput({ quality_rating: 'YELLOW', mps: 1000, messaging_limit: 'TIER_10K' }),
    );
    sibling = sim.addAccount(accountInput({ waba_id: a.waba_id, access_token: a.access_token }));
    b = sim.addAccount(accountInput());
  });
  after(() => sim.close());

  it('answers 104 without a token and 190 (401, OAuthException) for an unknown token', async () => {
    let res = await graph(sim, 'GET', `/${a.phone_number_id}`);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 104);
    res = await graph(sim, 'GET', `/${a.phone_number_id}`, { token: 'not-a-token' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 190);
    assert.equal(res.body.error.type, 'OAuthException');
    assert.equal(res.body.error.error_subcode, undefined);
    assert.match(res.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('answers 190 with subcode 463 for expired tokens (flag at registration, admin API, PATCH)', async () => {
    const expired = sim.addAccount(accountInput({ token_expired: true }));
    let res = await graph(sim, 'POST', `/${expired.phone_number_id}/messages`, {
      token: expired.access_token,
      body: hello('15551230001'),
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 190);
    assert.equal(res.body.error.error_subcode, 463);
    assert.match(res.body.error.message, /^Error validating access token: Session has expired/);

    const other = sim.addAccount(accountInput());
    assert.equal(
      (await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token })).status,
      200,
    );
    assert.equal(
      (await admin(sim, 'POST', '/tokens/expire', { access_token: other.access_token })).status,
      204,
    );
    res = await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token });
    assert.equal(res.body.error.error_subcode, 463);
    assert.equal(
      (await admin(sim, 'PATCH', `/accounts/${other.phone_number_id}`, { token_expired: false }))
        .status,
      200,
    );
    assert.equal(
      (await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token })).status,
      200,
    );
    assert.equal(
      (await admin(sim, 'PATCH', `/accounts/${other.phone_number_id}`, { token_expired: true }))
        .body.token_expired,
      true,
    );
    assert.equal(
      (await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token })).status,
      401,
    );
  });

  it("refuses another account's objects like Meta (100, subcode 33, HTTP 400)", async () => {
    for (const [method, path] of [
      ['GET', `/${b.phone_number_id}`],
      ['GET', `/${b.waba_id}`],
      ['GET', `/${b.waba_id}/message_templates`],
      ['POST', `/${b.phone_number_id}/messages`],
      ['GET', '/999999999999999'],
    ] as const) {
      const res = await graph(sim, method, path, {
        token: a.access_token,
        ...(method === 'POST' && { body: textMessage('15551234567') }),
      });
      assert.equal(res.status, 400, path);
      assert.equal(res.body.error.code, 100);
      assert.equal(res.body.error.error_subcode, 33);
      assert.equal(res.body.error.type, 'GraphMethodException');
      const id = path.split('/')[1];
      assert.ok(
        res.body.error.message.startsWith(
          `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions`,
        ),
        res.body.error.message,
      );
    }
  });

  it('GET /{phone-number-id}: default fields and ?fields=', async () => {
    let res = await graph(sim, 'GET', `/${a.phone_number_id}`, { token: a.access_token });
    assert.deepEqual(res.body, {
      id: a.phone_number_id,
      display_phone_number: a.display_phone_number,
      verified_name: a.verified_name,
      quality_rating: 'YELLOW',
    });
    res = await graph(
      sim,
      'GET',
      `/${a.phone_number_id}?fields=throughput{level},whatsapp_business_manager_messaging_limit,verified_name`,
      {
        token: a.access_token,
      },
    );
    assert.deepEqual(res.body, {
      throughput: { level: 'HIGH' },
      whatsapp_business_manager_messaging_limit: 'TIER_10K',
      verified_name: a.verified_name,
      id: a.phone_number_id,
    });
    res = await graph(sim, 'GET', `/${b.phone_number_id}?fields=throughput`, {
      token: b.access_token,
    });
    assert.deepEqual(res.body.throughput, { level: 'STANDARD' });
    res = await graph(sim, 'GET', `/${a.phone_number_id}?fields=bogus`, { token: a.access_token });
    assert.equal(res.status, 400);
    assert.equal(
      res.body.error.message,
      '(#100) Tried accessing nonexisting field (bogus) on node type (WhatsAppBusinessPhoneNumber)',
    );
  });

  it('GET /{waba-id} and /{waba-id}/phone_numbers with cursor paging', async () => {
    let res = await graph(sim, 'GET', `/${a.waba_id}`, { token: a.access_token });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, a.waba_id);
    assert.equal(typeof res.body.name, 'string');
    res = await graph(sim, 'GET', `/${a.waba_id}/phone_numbers`, { token: a.access_token });
    assert.deepEqual(res.body.data.map(field('id')), [a.phone_number_id, sibling.phone_number_id]);
    assert.equal(res.body.data[0].status, 'CONNECTED');
    assert.equal(typeof res.body.paging.cursors.before, 'string');
    assert.equal(res.body.paging.next, undefined);
    res = await graph(sim, 'GET', `/${a.waba_id}/phone_numbers?limit=1`, { token: a.access_token });
    assert.deepEqual(res.body.data.map(field('id')), [a.phone_number_id]);
    assert.ok(res.body.paging.next.includes(`after=${res.body.paging.cursors.after}`));
    const next = await graph(sim, 'GET', res.body.paging.next, { token: a.access_token });
    assert.deepEqual(next.body.data.map(field('id')), [sibling.phone_number_id]);
    assert.equal(next.body.paging.next, undefined);
    assert.ok(next.body.paging.previous);
    const back = await graph(
      sim,
      'GET',
      `/${a.waba_id}/phone_numbers?limit=1&before=${next.body.paging.cursors.before}`,
      { token: a.access_token },
    );
    assert.deepEqual(back.body.data.map(field('id')), [a.phone_number_id]);
  });
});

describe('rate limits', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('answers 130429 beyond the number throughput (mps), HTTP 400 by default, 429 when configured', async () => {
    const acc = sim.addAccount(accountInput({ mps: 3 }));
    sim.addTemplate({
      waba_id: acc.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    const send = (to: string) =>
      graph(sim, 'POST', `/${acc.phone_number_id}/messages`, {
        token: acc.access_token,
        body: hello(to),
      });
    for (let i = 0; i < 3; i++) assert.equal((await send(`1555123000${i + 1}`)).status, 200);
    let res = await send('15551230009');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 130429);
    assert.equal(res.body.error.message, '(#130429) Rate limit hit');
    assert.equal(res.body.error.error_data.messaging_product, 'whatsapp');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal((await send('15551230009')).status, 200, 'the bucket refills');
    sim.updateAccount(acc.phone_number_id, { rate_limit_http_status: 429 });
    for (let i = 0; i < 10 && res.status !== 429; i++) res = await send(`155512310${i}0`);
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, 130429);
  });

  it('answers 131056 when the same recipient gets messages too fast (pair rate limit)', async () => {
    const acc = sim.addAccount(accountInput({ pair_rate: { burst: 2, interval_ms: 60_000 } }));
    sim.addTemplate({
      waba_id: acc.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    const send = (to: string) =>
      graph(sim, 'POST', `/${acc.phone_number_id}/messages`, {
        token: acc.access_token,
        body: hello(to),
      });
    assert.equal((await send('+1 555 444 0001')).status, 200);
    assert.equal((await send('15554440001')).status, 200);
    const res = await send('1-555-444-0001');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 131056);
    assert.equal(
      res.body.error.message,
      '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    );
    assert.equal((await send('15554440002')).status, 200, 'other recipients are unaffected');
  });

  it('keeps the default pair burst generous (45 back to back)', async () => {
    const acc = sim.addAccount(accountInput());
    sim.addTemplate({
      waba_id: acc.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    for (let i = 0; i < 45; i++) {
      const res = await graph(sim, 'POST', `/${acc.phone_number_id}/messages`, {
        token: acc.access_token,
        body: hello('15554449999'),
      });
      assert.equal(res.status, 200, `message ${i + 1}`);
    }
  });
});

describe('faults', () => {
  let sim: Simulator;
  let acc: Account;
  let other: Account;
  const send = (account: Account, to = '15557770001') =>
    graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
      token: account.access_token,
      body: hello(to),
    });

  before(async () => {
    sim = await startSimulator({ pair_rate: { burst: 1000 } });
    acc = sim.addAccount(accountInput());
    other = sim.addAccount(accountInput());
    for (const a of [acc, other])
      sim.addTemplate({
        waba_id: a.waba_id,
        name: 'hello_world',
        language: 'en_US',
        category: 'UTILITY',
      });
  });
  after(() => sim.close());

  it('5xx: the next `count` calls for that number answer HTTP 500 with code 2, is_transient', async () => {
    const created = await admin(sim, 'POST', '/faults', {
      phone_number_id: acc.phone_number_id,
      kind: '5xx',
      count: 2,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.remaining, 2);
    assert.equal((await send(other)).status, 200, 'another number is unaffected');
    for (let i = 0; i < 2; i++) {
      const res = await send(acc);
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 2);
      assert.equal(res.body.error.is_transient, true);
    }
    assert.equal((await send(acc)).status, 200);
    await admin(sim, 'POST', '/faults', { kind: '5xx', code: 1 });
    const res = await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token });
    assert.equal(res.status, 500);
    assert.equal(res.body.error.code, 1);
  });

  it('endpoint filter: only calls to that endpoint fail', async () => {
    await admin(sim, 'POST', '/faults', { kind: '5xx', endpoint: 'messages' });
    assert.equal(
      (await graph(sim, 'GET', `/${acc.phone_number_id}`, { token: acc.access_token })).status,
      200,
    );
    assert.equal((await send(acc)).status, 500);
    assert.equal((await send(acc)).status, 200);
  });

  it('429: HTTP 429 with Retry-After, code 4 by default or 130429', async () => {
    await admin(sim, 'POST', '/faults', {
      phone_number_id: acc.phone_number_id,
      kind: '429',
      retry_after: 7,
    });
    let res = await send(acc);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(res.body.error.code, 4);
    assert.equal(res.body.error.is_transient, true);
    await admin(sim, 'POST', '/faults', {
      phone_number_id: acc.phone_number_id,
      kind: '429',
      code: 130429,
    });
    res = await send(acc);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(res.body.error.code, 130429);
    assert.equal(res.body.error.error_data.messaging_product, 'whatsapp');
  });

  it('error: any Meta code with its HTTP status and message', async () => {
    await admin(sim, 'POST', '/faults', { kind: 'error', code: 131000 });
    let res = await send(acc);
    assert.equal(res.status, 500);
    assert.equal(res.body.error.message, '(#131000) Something went wrong');
    assert.equal(res.body.error.is_transient, true);
    await admin(sim, 'POST', '/faults', { kind: 'error', code: 131048, details: 'spam!' });
    res = await send(acc);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 131048);
    assert.equal(res.body.error.error_data.details, 'spam!');
    await admin(sim, 'POST', '/faults', { kind: 'error', code: 190 });
    res = await send(acc);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 190);
    assert.equal(
      (await admin(sim, 'POST', '/faults', { kind: 'error' })).status,
      400,
      'code is required',
    );
  });

  it('timeout: holds the request, drops it without an answer, without blocking the server', async () => {
    await admin(sim, 'POST', '/faults', {
      phone_number_id: acc.phone_number_id,
      kind: 'timeout',
      hold_ms: 300,
    });
    const started = Date.now();
    let settled = false;
    const held = send(acc).then(
      () => 'answered',
      () => 'dropped',
    );
    void held.finally(() => (settled = true));
    // The server keeps serving while the request is held.
    const meanwhile = await graph(sim, 'GET', `/${other.phone_number_id}`, {
      token: other.access_token,
    });
    assert.equal(meanwhile.status, 200);
    assert.equal(settled, false, 'still held while other requests are served');
    assert.equal(await held, 'dropped');
    assert.ok(Date.now() - started >= 280);
    assert.equal((await send(acc)).status, 200);
    assert.equal(sim.sent(acc.phone_number_id).length, 3, 'the held message was not sent');
  });

  it('slow: accepts the message, then answers late; a client that gave up never hears of it', async () => {
    await admin(sim, 'POST', '/faults', {
      phone_number_id: acc.phone_number_id,
      endpoint: 'messages',
      kind: 'slow',
      hold_ms: 60_000,
    });
    const before = sim.sent(acc.phone_number_id).length;
    const res = await fetch(`${sim.url}/v23.0/${acc.phone_number_id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acc.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(hello('15550109876')),
      signal: AbortSignal.timeout(200),
    }).catch((error: unknown) => error);
    assert.ok(res instanceof Error, 'the client gave up');
    const sent = sim.sent(acc.phone_number_id);
    assert.equal(sent.length, before + 1, 'Meta has the message all the same');
    assert.equal(sent.at(-1)?.to, '15550109876');
    await waitFor(async () => (await admin(sim, 'GET', '/health')).body.held_requests === 0);
  });

  it('a client that gives up early releases the held request', async () => {
    await admin(sim, 'POST', '/faults', { kind: 'timeout', hold_ms: 60_000 });
    const res = await fetch(`${sim.url}/v23.0/${acc.phone_number_id}`, {
      headers: { authorization: `Bearer ${acc.access_token}` },
      signal: AbortSignal.timeout(50),
    }).catch((error: unknown) => error);
    assert.ok(res instanceof Error);
    assert.equal((await admin(sim, 'GET', '/faults')).body.data.length, 0);
    await waitFor(async () => (await admin(sim, 'GET', '/health')).body.held_requests === 0);
  });
});
