// The Graph API simulator's admin API (`/_sim/...`, see tools/graph-simulator/README.md), as the
// browser tests use it: customers writing in, what the business sent, and waiting for webhooks.
import assert from 'node:assert/strict';
import type { RunningApp } from './app-server.ts';

/** The demo business number the backend seeds on the simulator in demo mode. */
export const DEMO_NUMBER_ID = '100000000000001';

/** Simulator recipients with a known outcome (`DEMO_RECIPIENTS` in the simulator's demo.ts). */
export const DEMO_RECIPIENTS = {
  /** Refused at once with 131026 (numbers ending in 0000): the send answers 422. */
  undeliverable: '+15550100000',
  /** Accepted, then a `failed` status webhook with 131049. */
  failsAfterSend: '+15550109999',
} as const;

/** Someone writing to the demo number: their WhatsApp number and profile name. */
export interface Customer {
  readonly phone: string;
  readonly name: string;
}

/** A message the simulator accepted (`GET /_sim/sent`). */
export interface SimulatorSentMessage {
  readonly wamid: string;
  readonly to: string;
  readonly type: string;
  /** The request body as the backend sent it to the Graph API. */
  readonly body: Record<string, unknown>;
  readonly template?: { readonly name: string; readonly language: string };
  readonly statuses: ReadonlyArray<{ readonly status: string }>;
}

async function simulator(
  app: RunningApp,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${app.simulatorUrl}${path}`, {
    method,
    ...(body !== undefined && {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    signal: AbortSignal.timeout(15_000),
  });
}

/**
 * A customer writes a text to the demo number: the simulator delivers a signed inbound webhook
 * to the backend (applied in the background), which opens the 24-hour window. The demo must be
 * seeded first (`demoPassword` waits for that), or the simulator has nowhere to send it.
 */
export async function customerWrites(
  app: RunningApp,
  customer: Customer,
  text: string,
): Promise<void> {
  await inbound(app, customer, { type: 'text', text: { body: text } });
}

/** What the simulator answers to an inbound message (`POST /_sim/inbound`). */
export interface InboundResult {
  /** The inbound message's wamid. */
  readonly message_id: string;
  /** The media id the webhook carries, for media messages. */
  readonly media_id?: string;
}

/**
 * A customer sends a photo (or another file) to the demo number. Without `data_base64` the
 * simulator makes a small file of the type (a real PNG for images) and hosts it behind its Graph
 * API media endpoints, where the backend's background download fetches it.
 */
export async function customerSendsMedia(
  app: RunningApp,
  customer: Customer,
  type: 'image' | 'video' | 'audio' | 'document' | 'sticker',
  media: { caption?: string; filename?: string; mime_type?: string; data_base64?: string } = {},
): Promise<InboundResult> {
  return inbound(app, customer, { type, [type]: media });
}

async function inbound(
  app: RunningApp,
  customer: Customer,
  message: { type: string } & Record<string, unknown>,
): Promise<InboundResult> {
  const response = await simulator(app, 'POST', '/_sim/inbound', {
    phone_number_id: DEMO_NUMBER_ID,
    from: customer.phone.replace(/^\+/, ''),
    profile_name: customer.name,
    ...message,
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text) as InboundResult;
}

/**
 * Changes how the demo number behaves from the next send on (`PATCH /_sim/accounts/:id`), e.g.
 * `{ status_delays_ms: { read: null } }` so new messages stop at delivered; `{}` puts back the
 * built-in delays. Statuses are planned when a message is accepted: earlier sends keep theirs.
 */
export async function setDemoBehaviour(
  app: RunningApp,
  behaviour: { status_delays_ms?: Record<string, number | null> },
): Promise<void> {
  const response = await simulator(app, 'PATCH', `/_sim/accounts/${DEMO_NUMBER_ID}`, behaviour);
  assert.equal(response.status, 200, await response.text());
}

/** What the demo number sent to `to` (`+` and digits), oldest first. */
export async function sentTo(app: RunningApp, to: string): Promise<SimulatorSentMessage[]> {
  const query = new URLSearchParams({ phone_number_id: DEMO_NUMBER_ID, to: to.replace(/^\+/, '') });
  const response = await simulator(app, 'GET', `/_sim/sent?${query}`);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { data: SimulatorSentMessage[] }).data;
}

/** Waits until the simulator has no webhook left to deliver (status changes, inbound messages). */
export async function simulatorIdle(app: RunningApp, timeoutMs = 10_000): Promise<void> {
  const response = await simulator(app, 'GET', `/_sim/idle?timeout_ms=${timeoutMs}`);
  assert.equal(response.status, 204, await response.text());
}
