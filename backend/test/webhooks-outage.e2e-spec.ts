import { createSimulator, signature256 } from '@convis/graph-simulator';
import { eq, sql } from 'drizzle-orm';
import { createServer } from 'node:net';
import { contacts, messages } from '../src/database/schema.js';
import { registerAdmin } from './support/factories.js';
import { addNumber, type Simulator, simulatorEnv } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  connectAccount,
  listen,
  messagesWebhook,
  postSigned,
  settle,
  waitFor,
} from './support/webhooks.js';

const GLOBAL_SECRET = 'global-app-secret';
const GLOBAL_TOKEN = 'global-verify-token';

/** A TCP port nothing listens on: connections are refused at once, like a stopped database. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('webhooks when the database is unavailable', () => {
  describe('the database is down', () => {
    let t: TestApp;
    const body = JSON.stringify(
      messagesWebhook(
        { phone_number_id: '100000000000077', waba_id: '200000000000077' },
        {
          contacts: [{ profile: { name: 'Ana' }, wa_id: '16505550123' }],
          messages: [
            {
              from: '16505550123',
              id: 'wamid.OUTAGE1',
              timestamp: '1750000000',
              type: 'text',
              text: { body: 'hi' },
            },
          ],
        },
      ),
    );

    beforeAll(async () => {
      // The whole backend, pointed at a PostgreSQL that is not there.
      t = await createTestApp({
        DATABASE_URL: `postgresql://convis@127.0.0.1:${await closedPort()}/convis`,
        WHATSAPP_APP_SECRET: GLOBAL_SECRET,
        WHATSAPP_WEBHOOK_VERIFY_TOKEN: GLOBAL_TOKEN,
      });
    });
    afterAll(() => t.close());

    it('answers 503 to a signed delivery, so Meta retries it later', async () => {
      const response = await postSigned(t, '/api/webhooks/whatsapp', body, GLOBAL_SECRET).expect(
        503,
      );
      expect(response.body).toMatchObject({
        status_code: 503,
        message: 'The webhook could not be stored right now. Retry later.',
      });
      expect(
        t.logs.some((line) =>
          line.includes('Webhook could not be stored: answered 503 so Meta retries'),
        ),
      ).toBe(true);
    });

    it("answers 503 on an account's URL, whose account cannot be looked up (not 401 or 403)", async () => {
      const path = '/api/webhooks/whatsapp/6f1c0d52-8d8e-4a59-9d3e-5a1f1f0b9a11';
      await postSigned(t, path, body, GLOBAL_SECRET).expect(503);
      await t.http
        .get(path)
        .query({ 'hub.mode': 'subscribe', 'hub.challenge': '1', 'hub.verify_token': 'x' })
        .expect(503);
    });

    it('still refuses unsigned deliveries and answers the global handshake (no database needed)', async () => {
      await t.http
        .post('/api/webhooks/whatsapp')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(401);
      await t.http
        .post('/api/webhooks/whatsapp')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signature256(body, 'wrong'))
        .send(body)
        .expect(401);
      const ok = await t.http
        .get('/api/webhooks/whatsapp')
        .query({ 'hub.mode': 'subscribe', 'hub.challenge': '77', 'hub.verify_token': GLOBAL_TOKEN })
        .expect(200);
      expect(ok.text).toBe('77');
    });
  });

  describe('storing fails, then recovers', () => {
    let simulator: Simulator;
    let t: TestApp;

    beforeAll(async () => {
      simulator = await createSimulator({
        port: 0,
        defaults: {
          webhook_url: null,
          // Meta retries failed deliveries for days; the simulator, quickly.
          webhook_retry: { attempts: 10, base_delay_ms: 100, timeout_ms: 5000 },
        },
      });
      t = await createTestApp(simulatorEnv(simulator));
    });
    afterAll(async () => {
      await t.close();
      await simulator.close();
    });

    it("loses nothing: the 503'd delivery is stored on Meta's retry, once", async () => {
      const baseUrl = await listen(t);
      const admin = await registerAdmin(t);
      const number = addNumber(simulator);
      const account = await connectAccount(t, admin, number);
      simulator.updateAccount(number.phone_number_id, {
        webhook_url: `${baseUrl}${account.callbackPath}`,
      });

      // The inbox cannot take writes (as when its tablespace or server fails).
      await t.db.execute(sql`ALTER TABLE webhook_events RENAME TO webhook_events_offline`);
      const inbound = simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '+16505550199',
        profile_name: 'Dora',
        type: 'text',
        text: 'Anyone there?',
      });
      await waitFor('a refused delivery', () =>
        simulator.webhooks({ wamid: inbound.message_id }).find((a) => a.status_code === 503),
      );
      await t.db.execute(sql`ALTER TABLE webhook_events_offline RENAME TO webhook_events`);

      await simulator.idle(30_000);
      await settle(t);
      const attempts = simulator.webhooks({ wamid: inbound.message_id });
      expect(attempts[0]?.status_code).toBe(503);
      expect(attempts.at(-1)?.status_code).toBe(200);
      const rows = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, inbound.message_id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ previewText: 'Anyone there?' });
      const [contact] = await t.db
        .select()
        .from(contacts)
        .where(eq(contacts.id, rows[0]!.contactId));
      expect(contact?.unreadCount).toBe(1);
    });
  });
});
