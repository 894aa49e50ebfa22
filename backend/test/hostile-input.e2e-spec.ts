import { createHmac } from 'node:crypto';
import { signature256 } from '@convis/graph-simulator';
import { eq } from 'drizzle-orm';
import { webhookEvents, messages } from '../src/database/schema.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import { rawRequest, type RawRequest, type RawResponse } from './support/raw-http.js';
import { addNumber, type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  type ConnectedAccount,
  connectAccount,
  listen,
  messagesWebhook,
  settle,
} from './support/webhooks.js';

/**
 * The classes of hostile input a tester found answered with a 5xx or a framework's own body.
 * Each must be a 4xx in the one error shape, naming the field where there is one; a signed
 * webhook is always stored and acknowledged.
 */
describe('hostile input', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let admin: SignedInUser;
  let account: ConnectedAccount;
  let number: ReturnType<typeof addNumber>;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    baseUrl = await listen(t);
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const send = (req: RawRequest): Promise<RawResponse> => rawRequest(baseUrl, req);
  const json = (method: string, path: string, body: string, auth = true): RawRequest => ({
    method,
    path,
    headers: { 'content-type': 'application/json', ...(auth ? admin.auth : {}) },
    body,
  });

  /** A delivery signed like Meta's, to the account's URL unless told otherwise. */
  const signed = (raw: string, path = account.callbackPath): RawRequest => ({
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signature256(raw, number.app_secret),
    },
    body: raw,
  });

  function expectClientError(response: RawResponse, status = 400): void {
    expect({ status: response.status, body: response.json }).toEqual({
      status,
      body: expect.objectContaining({
        status_code: status,
        error: expect.any(String),
        message: expect.any(String),
        request_id: expect.any(String),
      }),
    });
    expect(JSON.stringify(response.json)).not.toMatch(/FST_|stack/);
  }

  function expectFieldError(response: RawResponse, field: string): void {
    expectClientError(response);
    expect((response.json as { details?: { field: string }[] }).details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
  }

  describe('NUL characters and lone surrogates', () => {
    it('refuses them in any JSON string field with a 400 naming the field', async () => {
      for (const evil of ['\\u0000', '\\ud800', 'ok\\udfffok']) {
        expectFieldError(
          await send(
            json(
              'POST',
              '/api/auth/login',
              `{"email":"a${evil}@example.com","password":"xxxxxxxx"}`,
              false,
            ),
          ),
          'email',
        );
        expectFieldError(
          await send(
            json(
              'POST',
              '/api/whatsapp/messages',
              `{"account_id":"${account.id}","to":"+15550101234","message_type":"text","text":"hi ${evil}"}`,
            ),
          ),
          'text',
        );
        expectFieldError(
          await send(json('PATCH', `/api/whatsapp/accounts/${account.id}`, `{"label":"x${evil}"}`)),
          'label',
        );
      }
    });

    it('refuses them in object keys, naming where', async () => {
      const response = await send(
        json(
          'POST',
          '/api/auth/login',
          '{"email":"a@example.com","password":"xxxxxxxx","\\u0000":1}',
          false,
        ),
      );
      expectClientError(response);
    });

    it('refuses them in query strings and path parameters', async () => {
      for (const path of ['/api/whatsapp/messages?q=a%00', '/api/whatsapp/conversations?q=%00']) {
        expectFieldError(await send({ method: 'GET', path, headers: admin.auth }), 'q');
      }
      // A surrogate's UTF-8 bytes are not valid UTF-8: the query decoder never yields one.
      const surrogateBytes = await send({
        method: 'GET',
        path: '/api/whatsapp/messages?q=%ED%A0%80',
        headers: admin.auth,
      });
      expect(surrogateBytes.status).toBe(200);
      for (const evil of ['%00', '%ED%A0%80']) {
        const inPath = await send({
          method: 'GET',
          path: `/api/whatsapp/accounts/${evil}`,
          headers: admin.auth,
        });
        expect([400, 404]).toContain(inPath.status);
        expectClientError(inPath, inPath.status);
      }
    });
  });

  describe('deeply nested JSON', () => {
    const deep = '['.repeat(2500) + ']'.repeat(2500);
    it('answers 400 on every kind of JSON route, public ones and webhooks included', async () => {
      const body = `{"email":"a@example.com","password":${deep}}`;
      expectClientError(await send(json('POST', '/api/auth/login', body, false)));
      expectClientError(await send(json('POST', '/api/auth/register', body, false)));
      expectClientError(await send(json('POST', '/api/whatsapp/messages', body)));
      expectClientError(await send(json('PATCH', `/api/whatsapp/accounts/${account.id}`, body)));
      expectClientError(await send(signed(`{"object":${deep}}`)));
      expectClientError(await send(signed(deep, '/api/webhooks/whatsapp')));
    });

    it('still accepts what real clients and Meta send', async () => {
      // An inbound message opens the 24-hour window for a free-form reply.
      const inbound = JSON.stringify(
        messagesWebhook(number, {
          contacts: [{ profile: { name: 'Bo' }, wa_id: '15550101234' }],
          messages: [
            {
              from: '15550101234',
              id: 'wamid.depth-check',
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: 'interactive',
              interactive: {
                type: 'nfm_reply',
                nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":{"b":[1]}}' },
              },
            },
          ],
        }),
      );
      const delivered = await send(signed(inbound));
      expect(delivered.status).toBe(200);
      await settle(t);
      // The same customer writing, as the simulator (Meta) sees it.
      simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '15550101234',
        type: 'text',
        text: { body: 'Hello!' },
      });
      const ok = await send(
        json(
          'POST',
          '/api/whatsapp/messages',
          JSON.stringify({
            account_id: account.id,
            to: '+15550101234',
            message_type: 'interactive',
            interactive: {
              type: 'list',
              body: 'Pick one',
              button: 'Options',
              sections: [{ title: 'A', rows: [{ id: 'a1', title: 'First' }] }],
            },
          }),
        ),
      );
      expect(ok.status).toBe(201);
    });
  });

  describe('null for fields of PATCH bodies', () => {
    it('answers 400 naming the field', async () => {
      const member = await t.http
        .post('/api/users')
        .set(admin.auth)
        .send({
          email: `m-${Date.now()}@example.com`,
          password: 'a long member password 1',
          name: 'Mo',
          role: 'member',
        })
        .expect(201);
      for (const field of ['role', 'name', 'password']) {
        expectFieldError(
          await send(json('PATCH', `/api/users/${member.body.id}`, `{"${field}":null}`)),
          field,
        );
      }
      for (const field of ['label', 'access_token']) {
        expectFieldError(
          await send(json('PATCH', `/api/whatsapp/accounts/${account.id}`, `{"${field}":null}`)),
          field,
        );
      }
      // The documented exception: null removes the app secret.
      const cleared = await send(
        json('PATCH', `/api/whatsapp/accounts/${account.id}`, '{"app_secret":null}'),
      );
      expect(cleared.status).toBe(200);
      await send(
        json(
          'PATCH',
          `/api/whatsapp/accounts/${account.id}`,
          JSON.stringify({ app_secret: number.app_secret }),
        ),
      );
    });
  });

  describe('broken multipart uploads', () => {
    const upload = (contentType: string, body: string): RawRequest => ({
      method: 'POST',
      path: '/api/whatsapp/messages/media',
      headers: { ...admin.auth, 'content-type': contentType },
      body,
    });
    const part = (boundary: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="account_id"\r\n\r\n${account.id}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n` +
      'PNGDATA';

    it('answers 400 without a boundary, with a wrong one, and when truncated', async () => {
      expectClientError(await send(upload('multipart/form-data', part('b0'))));
      expectClientError(
        await send(upload('multipart/form-data; boundary=other', `${part('b1')}\r\n--b1--\r\n`)),
      );
      expectClientError(await send(upload('multipart/form-data; boundary=b2', part('b2'))));
      expectClientError(await send(upload('multipart/form-data; boundary=b3', '--b3\r\nCont')));
    });
  });

  describe('dates out of range', () => {
    it('answers 400 naming the field', async () => {
      for (const value of [
        '0000-01-01',
        '-000001-01-01',
        '275760-09-14',
        '9999-12-31',
        '1969-12-31',
      ]) {
        for (const path of ['/api/whatsapp/messages', '/api/whatsapp/stats']) {
          for (const field of ['since', 'until']) {
            expectFieldError(
              await send({
                method: 'GET',
                path: `${path}?${field}=${encodeURIComponent(value)}`,
                headers: admin.auth,
              }),
              field,
            );
          }
        }
      }
    });
  });

  describe("the router's own errors", () => {
    it('answers bad percent-encoding in a path in the error shape, with a request id', async () => {
      for (const path of [
        '/api/whatsapp/accounts/%E0%A4%A',
        '/api/whatsapp/accounts/%',
        '/api/%zz',
      ]) {
        const response = await send({ method: 'GET', path, headers: admin.auth });
        expectClientError(response, response.status);
        expect(response.status).toBeLessThan(500);
      }
    });

    it('answers path parameters over the length limit in the error shape', async () => {
      const response = await send({
        method: 'GET',
        path: `/api/whatsapp/accounts/${'a'.repeat(5000)}`,
        headers: admin.auth,
      });
      expectClientError(response, response.status);
      expect(response.status).toBeLessThan(500);
    });
  });

  describe('a signed webhook that jsonb cannot hold as it is', () => {
    it('is acknowledged, stored sanitised with its raw body kept, and applied', async () => {
      const raw = JSON.stringify(
        messagesWebhook(number, {
          contacts: [{ profile: { name: 'Eve' }, wa_id: '16505550000' }],
          messages: [
            {
              from: '16505550000',
              id: 'wamid.lone-surrogate',
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: 'text',
              text: { body: 'broken LONE' },
            },
          ],
        }),
      ).replace('LONE', '\\ud83d and NUL \\u0000');
      const response = await send(signed(raw));
      expect(response.status).toBe(200);
      await settle(t);

      const event = (
        await t.db.select().from(webhookEvents).where(eq(webhookEvents.accountId, account.id))
      ).find((row) => JSON.stringify(row.payload).includes('wamid.lone-surrogate'));
      expect(event?.rawBody?.toString('utf8')).toBe(raw);
      expect(event?.processedAt).not.toBeNull();
      const [message] = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, 'wamid.lone-surrogate'));
      expect(message?.previewText).toBe('broken \ufffd and NUL ');
    });

    it('keeps the raw bytes of a delivery that is not valid UTF-8', async () => {
      const text = JSON.stringify(
        messagesWebhook(number, {
          contacts: [{ profile: { name: 'Eve' }, wa_id: '16505550000' }],
          messages: [
            {
              from: '16505550000',
              id: 'wamid.not-utf8',
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: 'text',
              text: { body: 'broken BYTES' },
            },
          ],
        }),
      );
      const [before, after] = text.split('BYTES');
      // A surrogate encoded as if it were a character (CESU-8): not UTF-8.
      const raw = Buffer.concat([
        Buffer.from(before!),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from(after!),
      ]);
      const response = await send({
        method: 'POST',
        path: account.callbackPath,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': `sha256=${createHmac('sha256', number.app_secret).update(raw).digest('hex')}`,
        },
        body: raw,
      });
      expect(response.status).toBe(200);
      await settle(t);
      const event = (await t.db.select().from(webhookEvents)).find((row) =>
        JSON.stringify(row.payload).includes('wamid.not-utf8'),
      );
      expect(event?.rawBody?.equals(raw)).toBe(true);
      const [message] = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, 'wamid.not-utf8'));
      expect(message?.previewText).toMatch(/^broken \ufffd+$/);
    });

    it('keeps no raw copy of deliveries stored as they are', async () => {
      const raw = JSON.stringify(messagesWebhook(number, { statuses: [] }));
      const response = await send(signed(raw));
      expect(response.status).toBe(200);
      const rows = await t.db.select().from(webhookEvents).orderBy(webhookEvents.id);
      expect(rows.at(-1)?.rawBody).toBeNull();
    });
  });
});
