import { eq } from 'drizzle-orm';
import { webhookEvents } from '../src/database/schema.js';
import { buildOpenApiSpec } from '../src/openapi/openapi-spec.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  type ConnectedAccount,
  connectAccount,
  messagesWebhook,
  postSigned,
  settle,
} from './support/webhooks.js';

const GLOBAL_SECRET = 'global-app-secret';
const GLOBAL_URL = '/api/webhooks/whatsapp';

/** `last_webhook_at` of the accounts API: when Meta's webhooks last reached an account. */
describe('WhatsApp accounts: last webhook time', () => {
  let simulator: Simulator;
  let t: TestApp;
  let adminA: SignedInUser;
  let adminB: SignedInUser;
  let numberA: SimulatedNumber;
  let accountA: ConnectedAccount;
  let numberB: SimulatedNumber;
  let accountB: ConnectedAccount;
  let seq = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { WHATSAPP_APP_SECRET: GLOBAL_SECRET }));
    adminA = await registerAdmin(t, { organization: 'Org A' });
    adminB = await registerAdmin(t, { organization: 'Org B' });
    numberA = addNumber(simulator);
    numberB = addNumber(simulator, { app_secret: GLOBAL_SECRET });
    accountA = await connectAccount(t, adminA, numberA);
    accountB = await connectAccount(t, adminB, numberB, { withAppSecret: false });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** A customer's text to the number. */
  const inbound = (number: SimulatedNumber) =>
    messagesWebhook(number, {
      contacts: [{ profile: { name: 'Grace' }, wa_id: '16505550123' }],
      messages: [
        {
          from: '16505550123',
          id: `wamid.LAST${Date.now()}${++seq}`,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'text',
          text: { body: 'Hello' },
        },
      ],
    });
  const lastWebhookAt = async (user: SignedInUser, id: string): Promise<string | null> => {
    const one = await t.http.get(`/api/whatsapp/accounts/${id}`).set(user.auth).expect(200);
    const listed = await t.http.get('/api/whatsapp/accounts').set(user.auth).expect(200);
    expect(listed.body.find((a: { id: string }) => a.id === id)?.last_webhook_at).toBe(
      one.body.last_webhook_at,
    );
    return one.body.last_webhook_at as string | null;
  };

  it('is null until a webhook arrives, and a forged one does not count', async () => {
    expect(await lastWebhookAt(adminA, accountA.id)).toBeNull();
    await postSigned(t, accountA.callbackPath, inbound(numberA), 'not-the-secret').expect(401);
    await settle(t);
    expect(await lastWebhookAt(adminA, accountA.id)).toBeNull();
  });

  it("is the time a delivery on the account's URL was received, in its organization only", async () => {
    await postSigned(t, accountA.callbackPath, inbound(numberA), numberA.app_secret).expect(200);
    await settle(t);
    const [stored] = await t.db
      .select({ receivedAt: webhookEvents.receivedAt })
      .from(webhookEvents)
      .where(eq(webhookEvents.accountId, accountA.id));
    expect(await lastWebhookAt(adminA, accountA.id)).toBe(stored!.receivedAt.toISOString());
    expect(await lastWebhookAt(adminB, accountB.id)).toBeNull();
    // Another organization cannot read it.
    await t.http.get(`/api/whatsapp/accounts/${accountA.id}`).set(adminB.auth).expect(404);
  });

  it('counts a change routed from the global URL to the number it names', async () => {
    await postSigned(t, GLOBAL_URL, inbound(numberB), GLOBAL_SECRET).expect(200);
    await settle(t);
    const at = await lastWebhookAt(adminB, accountB.id);
    expect(at).not.toBeNull();
    expect(Date.now() - Date.parse(at!)).toBeLessThan(60_000);
  });

  it('is documented in the OpenAPI spec', async () => {
    const spec = JSON.parse(await buildOpenApiSpec()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const property = spec.components.schemas['AccountResponseDto']!.properties[
      'last_webhook_at'
    ] as { description: string };
    expect(property).toMatchObject({ type: 'string', format: 'date-time', nullable: true });
    expect(property.description).toMatch(/webhooks last reached/);
  });
});
