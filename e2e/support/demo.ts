// The demo organization the backend seeds in demo mode: its admin (whose password the start log
// prints), signed in through the console or the API, and its WhatsApp account on the simulator.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server.ts';
import { field, waitForPath } from './ui.ts';

export const DEMO_EMAIL = 'demo@convis.local';
/** The label of the WhatsApp account the backend connects for the demo organization. */
export const DEMO_ACCOUNT_LABEL = 'Demo shop (simulator)';
/**
 * The demo account's app secret (the simulator's demo default): the backend checks the
 * signature of every delivery to the account's webhook URL with it, as Meta signs them.
 */
export const DEMO_APP_SECRET = 'sim-demo-app-secret';

/**
 * The demo admin's password, from the backend's start log ("Demo login: … / demo-…"). The backend
 * answers health checks before it has seeded the demo: this waits for the line.
 */
export async function demoPassword(app: RunningApp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = readFileSync(app.logFile, 'utf8');
    const password = /Demo login: demo@convis\.local \/ (demo-[0-9a-f]+)/.exec(log)?.[1];
    if (password) return password;
    if (Date.now() > deadline) {
      assert.fail(`the start log did not print the demo login (see ${app.logFile})`);
    }
    await sleep(100);
  }
}

/** Signs in as the demo admin on the login page, like a person, and waits for the dashboard. */
export async function signInAsDemo(page: Page, app: RunningApp): Promise<void> {
  await page.goto('/login');
  await field(page, 'Email').fill(DEMO_EMAIL);
  await field(page, 'Password').fill(await demoPassword(app));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForPath(page, '/dashboard');
}

export interface DemoApi {
  /** The demo WhatsApp account's id (`account_id`). */
  readonly accountId: string;
  /**
   * `POST /api/whatsapp/messages` from the demo account; returns the sent message. A free-form
   * message answers 422 until the customer's inbound message (applied in the background) has
   * opened the 24-hour window: that is retried for a few seconds.
   */
  send(message: Record<string, unknown>): Promise<{ id: string; status: string }>;
  /**
   * One call to the API as the demo admin (`path` after `/api`), without retries: for answers a
   * test expects to be errors, and for reading state. Returns the status and the parsed body.
   */
  request(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /**
   * Polls `GET /api/whatsapp/messages/:id` until the message has `status` (its status webhooks
   * are applied in the background); fails with the last status seen after `timeoutMs`.
   */
  waitForStatus(messageId: string, status: string, timeoutMs?: number): Promise<void>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Signs in as the demo admin through the API, for tests that prepare data before the browser. */
export async function demoApi(app: RunningApp): Promise<DemoApi> {
  const api = async (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${app.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
  const login = await api('POST', '/auth/login', undefined, {
    email: DEMO_EMAIL,
    password: await demoPassword(app),
  });
  assert.equal(login.status, 200, 'the demo admin can sign in through the API');
  const token = ((await login.json()) as { access_token: string }).access_token;
  const accounts = (await (await api('GET', '/whatsapp/accounts', token)).json()) as Array<{
    id: string;
    label: string;
  }>;
  const account = accounts.find((a) => a.label === DEMO_ACCOUNT_LABEL);
  assert.ok(account, `the demo organization has the account "${DEMO_ACCOUNT_LABEL}"`);

  return {
    accountId: account.id,
    async send(message) {
      const body = { account_id: account.id, ...message };
      for (let attempt = 0; ; attempt++) {
        const response = await api('POST', '/whatsapp/messages', token, body);
        if (response.status === 422 && attempt < 40) {
          await sleep(250);
          continue;
        }
        const text = await response.text();
        assert.equal(response.status, 201, `sending ${JSON.stringify(message)}: ${text}`);
        return JSON.parse(text) as { id: string; status: string };
      }
    },
    async request(method, path, body) {
      const response = await api(method, path, token, body);
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    async waitForStatus(messageId, status, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await api('GET', `/whatsapp/messages/${messageId}`, token);
        const text = await response.text();
        const last =
          response.status === 200
            ? (JSON.parse(text) as { status: string }).status
            : `HTTP ${response.status} ${text.slice(0, 200)}`;
        if (last === status) return;
        if (Date.now() > deadline) {
          assert.fail(`message ${messageId} is not ${status} after ${timeoutMs} ms (${last})`);
        }
        await sleep(200);
      }
    },
  };
}
