// Test helpers: a started simulator, a Graph client, a webhook receiver.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator } from '../src/index.ts';
import type { AccountInput, Simulator, SimulatorDefaults } from '../src/index.ts';

export const VERSION = 'v23.0';

/** Untyped JSON read from HTTP answers and webhooks (tests assert its shape). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Fast defaults: millisecond status delays and retries, no automatic template review. */
export const FAST: SimulatorDefaults = {
  status_delays_ms: { sent: 5, delivered: 35, read: 65 },
  webhook_retry: { attempts: 3, base_delay_ms: 5, timeout_ms: 2000 },
  template_review: null,
  timeout_fault_ms: 200,
};

export async function startSimulator(defaults: SimulatorDefaults = {}): Promise<Simulator> {
  return createSimulator({ defaults: { ...FAST, ...defaults } });
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  body: Json;
}

export async function graph(
  sim: Simulator,
  method: string,
  path: string,
  options: {
    token?: string | null;
    body?: unknown;
    form?: FormData;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = path.startsWith('http')
    ? path
    : `${sim.url}${path.startsWith('/_sim') ? '' : `/${VERSION}`}${path}`;
  const response = await fetch(url, { method, headers, ...(body !== undefined && { body }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function admin(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<GraphResponse> {
  return graph(sim, method, `/_sim${path}`, body === undefined ? {} : { body });
}

let counter = 0;

/** A fresh account with unique ids. */
export function accountInput(overrides: Partial<AccountInput> = {}): AccountInput {
  counter += 1;
  const n = String(counter).padStart(3, '0');
  return {
    phone_number_id: `1099990000${n}`,
    waba_id: `2099990000${n}`,
    access_token: `token-${n}-${Math.random().toString(36).slice(2)}`,
    display_phone_number: `+1 555-020-${n.padStart(4, '1')}`,
    verified_name: `Test Business ${n}`,
    ...overrides,
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: Json;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Answer status for the next requests (default 200). */
  respond: (status: (n: number) => number) => void;
  close: () => Promise<void>;
  /** GET handler for the verification handshake. */
  verifyToken?: string;
}

export async function startReceiver(verifyToken?: string): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let statusFor: (n: number) => number = () => 200;
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.searchParams.get('hub.verify_token') === verifyToken) {
        res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(url.searchParams.get('hub.challenge') ?? '');
      } else {
        res.writeHead(403).end('forbidden');
      }
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count += 1;
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, json: JSON.parse(raw.toString('utf8')) });
      res.writeHead(statusFor(count)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    respond: (fn) => {
      statusFor = fn;
      count = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3000,
  what = 'condition',
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The `statuses[0]` objects of status webhooks, in arrival order. */
export function statusesOf(receiver: Receiver, wamid?: string): Json[] {
  const out: Json[] = [];
  for (const hook of receiver.received) {
    const statuses: Json[] = hook.json.entry[0].changes[0].value.statuses ?? [];
    for (const status of statuses) if (wamid === undefined || status.id === wamid) out.push(status);
  }
  return out;
}

/** `list.map(field('name'))`: a property of each untyped item. */
export const field =
  (key: string) =>
  (item: Json): unknown =>
    item[key];

export function textMessage(to: string, body = 'Hello'): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'text',
    text: { body },
  };
}
