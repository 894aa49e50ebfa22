// A campaign survives kill -9: the built backend sends a paced campaign to a Graph API simulator
// of the test's own (which outlives it), is killed with SIGKILL mid-campaign and started again
// on the same data folder and port. Every recipient must reach Meta at most once, and every
// recipient end in a final state: those Meta has are sent (or further, by its status webhooks),
// and a send cut off before Meta answered is settled from Meta's word or marked unknown, never
// sent again by itself.
import { createSimulator } from '@convis/graph-simulator';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { freePort, type RunningApp, startApp, stopOrphanPostgres } from '../support/app-server.ts';

const RECIPIENTS = 300;
const RATE = 40;
const FINAL = ['sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'unknown', 'cancelled'];

interface Campaign {
  readonly state: string;
  readonly counts: Record<string, number>;
}

/** A signed-in API client of one server. */
function client(baseUrl: string, token?: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
}

describe('campaign crash recovery', () => {
  it('sends every recipient at most once across a kill -9, and settles every one', async () => {
    // Meta retries a webhook for days; here long enough to outlast the restart.
    const simulator = await createSimulator({
      port: 0,
      defaults: { webhook_url: null, webhook_retry: { attempts: 10, base_delay_ms: 500 } },
    });
    const number = {
      phone_number_id: '109000000000001',
      waba_id: '209000000000001',
      access_token: 'EAAcrashtesttoken',
      app_secret: 'crash-test-app-secret',
    };
    simulator.addAccount({ ...number, verified_name: 'Crash Shop' });
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'restock',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Back in stock, {{1}}' }],
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'convis-e2e-campaign-crash-'));
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const options = {
      dataDir,
      requireConsole: false,
      graphApiBaseUrl: simulator.url,
      env: {
        PORT: String(port),
        CAMPAIGN_UNCERTAIN_AFTER_SECONDS: '30',
        CAMPAIGN_RECONCILE_INTERVAL_MS: '250',
        JOBS_SUPERVISE_INTERVAL_SECONDS: '1',
        CAMPAIGN_CHUNK_SIZE: '50',
      },
    };
    const apps: RunningApp[] = [];
    try {
      const first = await startApp(options);
      apps.push(first);
      const anonymous = client(first.baseUrl);
      const registered = await anonymous('POST', '/auth/register', {
        email: 'crash@example.com',
        password: 'correct horse battery staple',
        name: 'Crash Tester',
        organization_name: 'Crash Co',
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const api = client(first.baseUrl, (registered.body as { access_token: string }).access_token);
      const account = await api('POST', '/whatsapp/accounts', { label: 'Crash shop', ...number });
      assert.equal(account.status, 201, JSON.stringify(account.body));
      const accountId = (account.body as { id: string }).id;
      // Meta's status webhooks come back to the server, before and after the restart (same port).
      simulator.updateAccount(number.phone_number_id, {
        webhook_url: `${first.baseUrl}/api/webhooks/whatsapp/${accountId}`,
      });
      const recipients = Array.from({ length: RECIPIENTS }, (_, i) => `+1555090${1000 + i}`);
      const created = await api('POST', '/whatsapp/campaigns', {
        name: 'Restock',
        account_id: accountId,
        template_name: 'restock',
        variables: { body_1: 'friend' },
        rate_per_second: RATE,
        recipients: recipients.map((to) => ({ to })),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = (created.body as { id: string }).id;
      assert.equal((await api('POST', `/whatsapp/campaigns/${id}/launch`, {})).status, 200);

      // The crash: SIGKILL once about a third has gone out, with sends in flight.
      const mine = () =>
        simulator.sent(number.phone_number_id).filter((m) => m.to.startsWith('1555090'));
      const killAt = Date.now() + 30_000;
      while (mine().length < RECIPIENTS / 3) {
        assert.ok(Date.now() < killAt, `only ${mine().length} sent before the kill`);
        await sleep(20);
      }
      await first.kill();
      const atKill = mine().length;
      assert.ok(atKill < RECIPIENTS, 'the kill came mid-campaign');

      const second = await startApp(options);
      apps.push(second);
      const login = await anonymous('POST', '/auth/login', {
        email: 'crash@example.com',
        password: 'correct horse battery staple',
      });
      const after = client(second.baseUrl, (login.body as { access_token: string }).access_token);

      // Completed: nothing pending, sending or limited is left.
      const deadline = Date.now() + 90_000;
      let campaign: Campaign;
      for (;;) {
        const res = await after('GET', `/whatsapp/campaigns/${id}`);
        campaign = res.body as Campaign;
        if (campaign.state === 'completed') break;
        assert.ok(Date.now() < deadline, `not completed: ${JSON.stringify(campaign)}`);
        await sleep(250);
      }

      // At most once at Meta, each.
      const times = new Map<string, number>();
      for (const m of mine()) times.set(m.to, (times.get(m.to) ?? 0) + 1);
      const twice = [...times].filter(([, n]) => n > 1);
      assert.deepEqual(twice, [], 'no recipient sent twice');

      // Every row final; what Meta has is sent or further, what it lacks is unknown.
      const states = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const res = await after(
          'GET',
          `/whatsapp/campaigns/${id}/recipients?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const page = res.body as {
          items: { to: string; state: string }[];
          next_cursor: string | null;
        };
        for (const r of page.items) states.set(r.to, r.state);
        cursor = page.next_cursor;
      } while (cursor);
      assert.equal(states.size, RECIPIENTS);
      for (const [to, state] of states) {
        assert.ok(FINAL.includes(state), `${to} is ${state}`);
        const atMeta = times.has(to.slice(1));
        if (atMeta)
          assert.ok(
            ['sent', 'delivered', 'read'].includes(state),
            `${to} reached Meta but is ${state}`,
          );
        else assert.equal(state, 'unknown', `${to} never reached Meta but is ${state}`);
      }
      const unknown = [...states.values()].filter((s) => s === 'unknown').length;
      console.log(
        `[campaign crash] ${atKill}/${RECIPIENTS} sent before kill -9; after the restart ` +
          `${times.size} reached Meta once each, ${unknown} unknown, none twice`,
      );
    } finally {
      for (const app of apps.reverse()) await app.stop();
      await stopOrphanPostgres(dataDir);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      await simulator.close();
    }
  });
});
