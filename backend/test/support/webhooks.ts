// Helpers for webhook and media tests: signed deliveries, Meta-shaped envelopes, waiting for
// the background work (inbox, media downloads) to settle.
import { signature256 } from '@convis/graph-simulator';
import { type AddressInfo } from 'node:net';
import { MediaDownloader } from '../../src/media/media-downloader.service.js';
import { WebhookInbox } from '../../src/webhooks/webhook-inbox.service.js';
import { type SignedInUser } from './factories.js';
import { type SimulatedNumber } from './simulator.js';
import { type TestApp } from './test-app.js';

/** POSTs a body (object or exact string) signed with `secret`, like Meta. */
export function postSigned(t: TestApp, path: string, body: unknown, secret: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return t.http
    .post(path)
    .set('Content-Type', 'application/json')
    .set('X-Hub-Signature-256', signature256(raw, secret))
    .send(raw);
}

/** Waits until every stored webhook has been applied and every started download finished. */
export async function settle(t: TestApp): Promise<void> {
  await t.app.get(WebhookInbox).drain();
  await t.app.get(MediaDownloader).drain();
}

/** Polls until `probe` returns something truthy; fails with `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A `field: "messages"` delivery for one business number, as Meta sends it. */
export function messagesWebhook(
  number: Pick<SimulatedNumber, 'phone_number_id' | 'waba_id'> & { display?: string },
  value: Record<string, unknown>,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.waba_id,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number:
                  number.display ?? `1555555${number.phone_number_id.slice(-4)}`,
                phone_number_id: number.phone_number_id,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** An account-level delivery (templates, quality): no metadata, the WABA in `entry[].id`. */
export function accountWebhook(
  wabaId: string,
  field: string,
  value: Record<string, unknown>,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, time: Math.floor(Date.now() / 1000), changes: [{ value, field }] }],
  };
}

export interface ConnectedAccount {
  readonly id: string;
  readonly verifyToken: string;
  readonly callbackPath: string;
}

/** Connects a simulator number to the user's organization through the API. */
export async function connectAccount(
  t: TestApp,
  user: SignedInUser,
  number: SimulatedNumber,
  options: { withAppSecret?: boolean } = {},
): Promise<ConnectedAccount> {
  const response = await t.http
    .post('/api/whatsapp/accounts')
    .set(user.auth)
    .send({
      label: `Account ${number.phone_number_id}`,
      phone_number_id: number.phone_number_id,
      waba_id: number.waba_id,
      access_token: number.access_token,
      ...(options.withAppSecret === false ? {} : { app_secret: number.app_secret }),
    })
    .expect(201);
  return {
    id: response.body.id,
    verifyToken: response.body.webhook.verify_token,
    callbackPath: `/api/webhooks/whatsapp/${response.body.id}`,
  };
}

/** Makes the app listen on a free port, so the simulator can deliver webhooks to it. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
