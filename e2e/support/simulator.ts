// The Graph API simulator's admin API (`/_sim/...`, see tools/graph-simulator/README.md), as the
// browser tests use it: customers writing in, what the business sent, and waiting for webhooks.
import assert from 'node:assert/strict';
import type { RunningApp } from './app-server.ts';

/** The demo business number the backend seeds on the simulator in demo mode. */
export const DEMO_NUMBER_ID = '100000000000001';

/** Simulator recipients with a known outcome (`DEMO_RECIPIENTS` in the simulator's demo.ts). */
export const DEMO_RECIPIENTS = {
  /** Accepted, then a `failed` status webhook with 131049. */
  failsAfterSend: '+15550109999',
} as const;

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
  customer: { readonly phone: string; readonly name: string },
  text: string,
): Promise<void> {
  const response = await simulator(app, 'POST', '/_sim/inbound', {
    phone_number_id: DEMO_NUMBER_ID,
    from: customer.phone.replace(/^\+/, ''),
    profile_name: customer.name,
    type: 'text',
    text: { body: text },
  });
  assert.equal(response.status, 202, await response.text());
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
